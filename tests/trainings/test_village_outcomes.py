"""Outcomes with photos on a project's page, and photos of villages: processed by common.images
(resized, EXIF/GPS gone), hidden by moderators with a reason, never deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.common.test_images import jpeg_with_gps
from tests.orgs.factories import MembershipFactory, UserFactory
from trainings.models import ProjectOutcome, Stage, Village, VillagePhoto
from trainings.services.villages import (
    outcome_add,
    photo_set_hidden,
    project_involve_organization,
    project_join,
    village_propose,
)

from .factories import codesign_project, published_village

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def assert_processed(field_file, long_side):
    with Image.open(field_file.path) as stored:
        assert max(stored.size) == long_side and not stored.getexif() and "exif" not in stored.info


def test_a_villages_photo_is_stored_resized_without_gps(settings):
    county = published_village().county
    village = village_propose(user=UserFactory(), name="新村", county=county, location=county.centroid,
                              description="d", photo=jpeg_with_gps(), caption="村口")
    photo = village.photos.get()
    assert_processed(photo.image, settings.PHOTO_DISPLAY_PX)
    assert_processed(photo.thumbnail, settings.PHOTO_THUMB_PX)


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved():
    county = published_village().county
    fake = SimpleUploadedFile("x.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="JPEG, PNG, WebP or GIF"):
        village_propose(user=UserFactory(), name="新村", county=county, location=county.centroid, description="d",
                        photo=fake)
    assert not Village.objects.filter(name="新村").exists() and not VillagePhoto.objects.exists()


def test_the_team_reports_outcomes_once_the_project_is_built(settings):
    starter = UserFactory()
    project = codesign_project(created_by=starter)
    with pytest.raises(ValidationError, match="once the project is built"):
        outcome_add(project=project, user=starter, text="修好了")
    project.stage = Stage.BUILT
    project.save()
    with pytest.raises(PermissionDenied):
        outcome_add(project=project, user=UserFactory(), text="修好了")
    with pytest.raises(ValidationError, match="Say what came"):
        outcome_add(project=project, user=starter, text="  ")
    outcome = outcome_add(project=project, user=starter, text="新路铺好了，下雨也不滑", photo=jpeg_with_gps())
    assert outcome.stage == Stage.BUILT
    assert_processed(outcome.image, settings.PHOTO_DISPLAY_PX)
    assert outcome_add(project=project, user=starter, text="村民自己维护").image.name == ""


def test_only_moderators_hide_a_photo_with_a_reason_and_it_is_kept():
    village = published_village()
    photo = VillagePhoto.objects.create(village=village, image="villages/a.jpg")
    with pytest.raises(PermissionDenied):
        photo_set_hidden(photo=photo, user=UserFactory(), hidden=True, reason="x")
    moderator = UserFactory(groups=["moderators"])
    with pytest.raises(ValidationError, match="Say why"):
        photo_set_hidden(photo=photo, user=moderator, hidden=True)
    photo_set_hidden(photo=photo, user=moderator, hidden=True, reason="拍到了孩子的脸")
    photo.refresh_from_db()
    assert photo.is_hidden and photo.hidden_reason == "拍到了孩子的脸"
    photo_set_hidden(photo=photo, user=moderator, hidden=False)
    photo.refresh_from_db()
    assert not photo.is_hidden and photo.hidden_reason == ""


def test_members_involve_their_organization_once_they_are_on_the_team():
    membership = MembershipFactory()
    project = codesign_project()
    with pytest.raises(PermissionDenied, match="Join the project"):
        project_involve_organization(project=project, user=membership.user, organization=membership.organization)
    project_join(project=project, user=membership.user, role="engineer")
    with pytest.raises(PermissionDenied, match="Only members"):
        project_involve_organization(project=project, user=membership.user, organization=MembershipFactory().organization)
    project_involve_organization(project=project, user=membership.user, organization=membership.organization)
    assert list(project.organizations.all()) == [membership.organization]


def test_outcome_form_on_the_page_and_hidden_photos_leave_the_public_page(client, django_assert_max_num_queries):
    starter = UserFactory()
    project = codesign_project(created_by=starter, stage=Stage.BUILT)
    client.force_login(starter)
    response = client.post(f"/en/trainings/projects/{project.pk}/outcomes/",
                           {"text": "新路铺好了", "photo": jpeg_with_gps()})
    assert response.status_code == 302
    outcome = ProjectOutcome.objects.get()
    bad = client.post(f"/en/trainings/projects/{project.pk}/outcomes/",
                      {"text": "x", "photo": SimpleUploadedFile("x.jpg", b"nope")})
    assert bad.status_code == 400 and "JPEG, PNG, WebP or GIF" in bad.content.decode()
    assert ProjectOutcome.objects.count() == 1
    client.logout()
    with django_assert_max_num_queries(16):
        body = client.get(f"/en/trainings/projects/{project.pk}/").content.decode()
    assert "新路铺好了" in body and outcome.thumbnail.url in body
    moderator = UserFactory(groups=["moderators"])
    client.force_login(moderator)
    assert client.post(f"/en/trainings/photos/outcome/{outcome.pk}/hide/",
                       {"hidden": "on", "reason": "有人脸"}).status_code == 302
    assert "Hidden: 有人脸" in client.get(f"/en/trainings/projects/{project.pk}/").content.decode()
    client.logout()
    body = client.get(f"/en/trainings/projects/{project.pk}/").content.decode()
    assert "新路铺好了" in body and outcome.thumbnail.url not in body
    client.force_login(UserFactory())
    assert client.post(f"/en/trainings/photos/outcome/{outcome.pk}/hide/",
                       {"hidden": "", "reason": ""}).status_code == 403


def test_chinese_page_of_a_built_project_offers_the_outcome_form(client):
    starter = UserFactory()
    project = codesign_project(created_by=starter, stage=Stage.FOLLOWUP)
    client.force_login(starter)
    body = client.get(f"/trainings/projects/{project.pk}/").content.decode()
    assert 'id="outcome-form"' in body and 'enctype="multipart/form-data"' in body
    assert "添加成果" in body
