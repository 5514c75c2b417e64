"""The talent pool: who may keep a maker profile, what it shows, search, contact through the platform."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from orgs.models import Division, IssueField
from tests.orgs.factories import UserFactory
from trainings.models import HackathonRegistration, MakerProfile
from trainings.services.makers import maker_contact, maker_profile_save
from trainings.services.villages import project_join

from .factories import WorkshopFactory, codesign_project

pytestmark = pytest.mark.django_db


def sichuan():
    return Division.objects.get(code="510000")


def maker(display_name="阿杰", skills="网站开发、数据可视化", province=None):
    user = UserFactory()
    hackathon = WorkshopFactory(kind="hackathon", starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 5, 2),
                                title_en="Tech for good hackathon 2025")
    HackathonRegistration.objects.create(event=hackathon, user=user, skills="web")
    profile = maker_profile_save(user=user, display_name=display_name,
                                 data={"skills": skills, "province": province or sichuan(), "is_public": True},
                                 fields=[IssueField.objects.get(slug="environment")])
    return profile


def test_only_people_who_took_part_keep_a_profile():
    with pytest.raises(PermissionDenied):
        maker_profile_save(user=UserFactory(), display_name="x", data={"skills": "x", "province": sichuan()})
    villager = UserFactory()
    project_join(project=codesign_project(), user=villager, role="villager")
    profile = maker_profile_save(user=villager, display_name="王大姐", data={"skills": "种茶", "province": sichuan()})
    assert profile.user.display_name == "王大姐"
    with pytest.raises(ValidationError, match="Choose the name"):
        maker_profile_save(user=villager, display_name=" ", data={"skills": "种茶", "province": sichuan()})


def test_profile_page_shows_what_they_joined_and_no_email(client):
    profile = maker()
    project = codesign_project()
    project_join(project=project, user=profile.user, role="engineer", skills="结构")
    body = client.get(f"/en/trainings/makers/{profile.pk}/").content.decode()
    assert "阿杰" in body and "网站开发" in body and "Environmental protection" in body
    assert project.title in body and "Engineer" in body and "Tech for good hackathon 2025" in body
    assert profile.user.email not in body


def test_hidden_profiles_are_not_shown_or_found(client):
    profile = maker()
    profile.is_public = False
    profile.save()
    assert client.get(f"/en/trainings/makers/{profile.pk}/").status_code == 404
    assert "阿杰" not in client.get("/en/trainings/makers/").content.decode()


def test_search_by_skill_and_region(client, django_assert_max_num_queries):
    maker("阿杰", "网站开发、数据可视化")
    maker("小美", "视频剪辑", province=Division.objects.get(code="530000"))
    with django_assert_max_num_queries(12):
        body = client.get("/en/trainings/makers/", {"skill": "网站"}).content.decode()
    assert "阿杰" in body and "小美" not in body
    body = client.get("/en/trainings/makers/", {"province": "530000"}).content.decode()
    assert "小美" in body and "阿杰" not in body
    body = client.get("/en/trainings/makers/", {"skill": "视频", "province": "510000"}).content.decode()
    assert "No maker matches." in body


def test_contact_goes_through_the_platform(client, django_capture_on_commit_callbacks, monkeypatch):
    from ngo20.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the worker's part, run here after the commit
    profile = maker()
    ngo_worker = UserFactory(display_name="山水公益")
    client.force_login(ngo_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/trainings/makers/{profile.pk}/", {"message": "想请你帮我们做一个报名小程序"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [profile.user.email]
    assert "想请你帮我们做一个报名小程序" in mail.outbox[-1].body and ngo_worker.email in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="own profile"):
        maker_contact(profile=profile, sender=profile.user, message="hi")
    with pytest.raises(PermissionDenied):
        maker_contact(profile=profile, sender=UserFactory(verified=False), message="hi")


def test_editing_ones_profile_on_the_page(client):
    profile = maker()
    client.force_login(profile.user)
    response = client.post("/en/trainings/makers/me/", {"display_name": "阿杰2", "skills": "小程序",
                                                         "province": "510000", "is_public": "on"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.skills == "小程序" and profile.user.display_name == "阿杰2"
    client.force_login(UserFactory())
    assert client.get("/en/trainings/makers/me/").status_code == 403
    assert MakerProfile.objects.count() == 1
