"""Future Village: proposing villages, projects, roles, stages one step at a time, needs on the map."""

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mapplatform.models import ResourcePost
from orgs.models import Division
from tests.orgs.factories import MembershipFactory, UserFactory
from trainings.models import STAGE_TRANSITIONS, ProjectParticipant, Stage, StageChange, Village
from trainings.services.villages import (
    project_join,
    project_move_stage,
    project_post_need,
    project_start,
    village_moderate,
    village_propose,
)

from .factories import codesign_project, published_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return Division.objects.get(code="510104")


def test_a_verified_person_proposes_a_village_and_a_moderator_publishes_it(county):
    villager = UserFactory()
    village = village_propose(user=villager, name="明月村", county=county, location=county.centroid,
                              description="茶园和竹林")
    assert village.status == "proposed" and village.proposed_by == villager
    with pytest.raises(PermissionDenied):
        village_moderate(village=village, user=villager, status="published")
    village_moderate(village=village, user=UserFactory(groups=["moderators"]), status="published")
    assert Village.objects.get().status == "published"


def test_unverified_people_cannot_propose_and_bad_places_are_refused(county):
    with pytest.raises(PermissionDenied):
        village_propose(user=UserFactory(verified=False), name="x", county=county, location=county.centroid,
                        description="y")
    city = Division.objects.get(code="510100")
    with pytest.raises(ValidationError, match="county"):
        village_propose(user=UserFactory(), name="x", county=city, location=county.centroid, description="y")
    with pytest.raises(ValidationError, match="outside"):
        village_propose(user=UserFactory(), name="x", county=county, location=Point(116.4, 39.9, srid=4326),
                        description="y")
    assert not Village.objects.exists()


def test_hiding_a_village_needs_a_reason():
    village = published_village()
    with pytest.raises(ValidationError, match="Say why"):
        village_moderate(village=village, user=UserFactory(groups=["moderators"]), status="hidden")


def test_projects_start_in_published_villages_or_the_proposers_own(county):
    villager, stranger = UserFactory(), UserFactory()
    proposed = village_propose(user=villager, name="新村", county=county, location=county.centroid, description="d")
    data = {"title": "饮水", "problem": "井水夏天浑浊", "raised_by": "村民", "roles_wanted": ["engineer"]}
    project = project_start(village=proposed, user=villager, data=data)
    assert project.stage == Stage.GATHERING
    with pytest.raises(ValidationError, match="published villages"):
        project_start(village=proposed, user=stranger, data=data)
    with pytest.raises(ValidationError, match="Unknown role"):
        project_start(village=published_village(), user=stranger, data={**data, "roles_wanted": ["wizard"]})


def test_people_join_in_a_wanted_role_once():
    project = codesign_project()
    student, engineer = UserFactory(), UserFactory()
    project_join(project=project, user=student, role="university", skills="建筑设计")
    project_join(project=project, user=engineer, role="engineer", skills="结构")
    with pytest.raises(ValidationError, match="already joined"):
        project_join(project=project, user=student, role="villager")
    with pytest.raises(ValidationError, match="This project asks for"):
        project_join(project=project, user=UserFactory(), role="designer")
    with pytest.raises(PermissionDenied):
        project_join(project=project, user=UserFactory(verified=False), role="villager")
    project.call_open = False
    project.save()
    with pytest.raises(ValidationError, match="not looking for participants"):
        project_join(project=project, user=UserFactory(), role="villager")
    assert list(ProjectParticipant.objects.order_by("pk").values_list("role", flat=True)) == ["university", "engineer"]


def test_stage_transitions_are_one_step_forward_or_back():
    assert STAGE_TRANSITIONS[Stage.GATHERING] == {Stage.CODESIGN}
    assert STAGE_TRANSITIONS[Stage.PROTOTYPE] == {Stage.CODESIGN, Stage.BUILT}
    assert STAGE_TRANSITIONS[Stage.FOLLOWUP] == {Stage.BUILT}


def test_the_team_moves_stages_with_a_reason_and_history_is_kept():
    starter = UserFactory()
    project = codesign_project(created_by=starter)
    project_move_stage(project=project, user=starter, to_stage=Stage.CODESIGN, reason="问题收集完毕")
    with pytest.raises(ValidationError, match="one step forward or back"):
        project_move_stage(project=project, user=starter, to_stage=Stage.BUILT, reason="跳过原型")
    with pytest.raises(ValidationError, match="Say why"):
        project_move_stage(project=project, user=starter, to_stage=Stage.PROTOTYPE, reason=" ")
    project_move_stage(project=project, user=starter, to_stage=Stage.PROTOTYPE, reason="做出模型")
    project_move_stage(project=project, user=starter, to_stage=Stage.CODESIGN, reason="模型太贵，重新设计")
    project.refresh_from_db()
    assert project.stage == Stage.CODESIGN
    assert list(StageChange.objects.values_list("from_stage", "to_stage", "reason")) == [
        ("gathering", "codesign", "问题收集完毕"), ("codesign", "prototype", "做出模型"),
        ("prototype", "codesign", "模型太贵，重新设计")]


def test_only_the_team_or_a_moderator_moves_stages():
    project = codesign_project(created_by=UserFactory())
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        project_move_stage(project=project, user=outsider, to_stage=Stage.CODESIGN, reason="x")
    project_join(project=project, user=outsider, role="engineer")
    project_move_stage(project=project, user=outsider, to_stage=Stage.CODESIGN, reason="开始设计")
    project_move_stage(project=project, user=UserFactory(groups=["moderators"]), to_stage=Stage.GATHERING,
                       reason="村民有新意见")
    assert StageChange.objects.count() == 2


def test_an_involved_ngo_posts_the_projects_need_on_the_map_with_a_link_back():
    membership = MembershipFactory()
    project = codesign_project()
    need = {"resource_type": "volunteers", "title": "需要测量志愿者",
            "expires_on": timezone.localdate() + datetime.timedelta(days=30)}
    with pytest.raises(ValidationError, match="Only an NGO involved"):
        project_post_need(project=project, user=membership.user, organization=membership.organization, data=need)
    project.organizations.add(membership.organization)
    post = project_post_need(project=project, user=membership.user, organization=membership.organization, data=need)
    assert post.kind == "need" and post.location.equals(project.village.location)
    assert f"/trainings/projects/{project.pk}/" in post.description
    assert project.needs.get().post == post
    with pytest.raises(PermissionDenied):
        project_post_need(project=project, user=UserFactory(), organization=membership.organization, data=need)
    assert ResourcePost.objects.count() == 1


def test_proposing_a_village_by_its_county_name_on_the_page(client):
    villager = UserFactory()
    client.force_login(villager)
    response = client.post("/en/trainings/villages/new/", {"name": "明月村", "county": "四川省锦江区",
                                                           "description": "茶园和竹林"})
    village = Village.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/trainings/villages/{village.pk}/")
    assert village.county.code == "510104" and village.location.equals(village.county.centroid)
    page = client.get(f"/en/trainings/villages/{village.pk}/").content.decode()
    assert "Proposed, waiting for a moderator" in page
    # Not yet public.
    client.logout()
    assert client.get(f"/en/trainings/villages/{village.pk}/").status_code == 404
    assert "明月村" not in client.get("/en/trainings/villages/").content.decode()


def test_village_form_says_what_to_fix(client):
    client.force_login(UserFactory())
    response = client.post("/trainings/villages/new/", {"name": "x", "county": "不存在县", "description": "y",
                                                        "longitude": "104"})
    body = response.content.decode()
    assert response.status_code == 400 and not Village.objects.exists()
    assert "Give both longitude and latitude" not in body  # Chinese page
    assert "没有叫这个名字的县或区" in body


def test_project_page_shows_display_names_only_stages_and_history(client, django_assert_max_num_queries):
    project = codesign_project(created_by=UserFactory())
    shown = UserFactory(display_name="小李")
    hidden = UserFactory(display_name="")
    project_join(project=project, user=shown, role="university", skills="建筑")
    project_join(project=project, user=hidden, role="villager")
    project_move_stage(project=project, user=shown, to_stage=Stage.CODESIGN, reason="开始一起设计")
    with django_assert_max_num_queries(15):
        body = client.get(f"/en/trainings/projects/{project.pk}/").content.decode()
    assert "小李" in body and "University student" in body and "A participant" in body
    assert hidden.email not in body and shown.email not in body
    assert "开始一起设计" in body and 'aria-current="step"><strong>Co-design' in body
    chinese = client.get(f"/trainings/projects/{project.pk}/").content.decode()
    assert "共同设计" in chinese and "大学生" in chinese


def test_join_stage_and_need_forms_on_the_project_page(client):
    membership = MembershipFactory()
    project = codesign_project(created_by=membership.user)
    project.organizations.add(membership.organization)
    student = UserFactory()
    client.force_login(student)
    response = client.post(f"/en/trainings/projects/{project.pk}/join/", {"role": "designer"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    client.post(f"/en/trainings/projects/{project.pk}/join/", {"role": "university", "skills": "测绘"})
    assert ProjectParticipant.objects.get().user == student
    response = client.post(f"/en/trainings/projects/{project.pk}/stage/", {"to_stage": "built", "reason": "x"})
    assert response.status_code == 400 and not StageChange.objects.exists()
    client.post(f"/en/trainings/projects/{project.pk}/stage/", {"to_stage": "codesign", "reason": "问题清楚了"})
    assert StageChange.objects.get().to_stage == "codesign"
    client.force_login(membership.user)
    client.post(f"/en/trainings/projects/{project.pk}/needs/", {
        "organization": str(membership.organization.pk), "resource_type": "volunteers", "title": "需要测量志愿者",
        "description": "两天", "expires_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat()})
    post = ResourcePost.objects.get()
    assert post.organization == membership.organization and "两天" in post.description
    assert "需要测量志愿者" in client.get(f"/en/trainings/projects/{project.pk}/").content.decode()


def test_moderators_publish_villages_in_the_admin(client):
    village = published_village(status="proposed")
    client.force_login(UserFactory(groups=["moderators"], is_staff=True))
    response = client.post("/en/admin/trainings/village/", {"action": "publish", "_selected_action": [village.pk]},
                           follow=True)
    assert "1 village published." in response.content.decode()
    village.refresh_from_db()
    assert village.status == "published"


@pytest.mark.parametrize("action", ["join", "stage", "needs", "outcomes", "organizations"])
def test_every_form_of_a_missing_project_is_a_404(client, action):
    client.force_login(UserFactory())
    assert client.post(f"/en/trainings/projects/987654/{action}/", {}).status_code == 404
