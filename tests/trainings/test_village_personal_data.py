"""PIPL for Future Village and the talent pool: the download holds what a person proposed, joined,
moved and reported, and their maker profile; deleting removes their place in projects and the
profile, and keeps the projects' records without their name."""

import json

import pytest

from orgs.models import Division, User
from tests.orgs.factories import PASSWORD, UserFactory
from trainings.models import MakerProfile, ProjectOutcome, ProjectParticipant, Stage, StageChange, Village
from trainings.services.villages import outcome_add, project_join, project_move_stage

from .factories import codesign_project, published_village

pytestmark = pytest.mark.django_db


def test_download_and_delete_cover_future_village_and_the_maker_profile(client):
    person = UserFactory()
    village = published_village(proposed_by=person)
    project = codesign_project(village=village, created_by=UserFactory())
    project_join(project=project, user=person, role="engineer", skills="结构")
    for stage, reason in ((Stage.CODESIGN, "一起设计"), (Stage.PROTOTYPE, "做样板"), (Stage.BUILT, "建成了")):
        project_move_stage(project=project, user=person, to_stage=stage, reason=reason)
    outcome_add(project=project, user=person, text="路修好了")
    MakerProfile.objects.create(user=person, skills="结构设计", province=Division.objects.get(code="510000"))
    client.force_login(person)
    data = json.loads(client.get("/me/data.json").content)
    fv = data["future_village"]
    assert fv["villages_proposed"][0]["name"] == "明月村"
    assert fv["projects_joined"] == [{"project": "雨季山路", "role": "engineer", "skills": "结构",
                                      "joined": fv["projects_joined"][0]["joined"]}]
    assert [move["reason"] for move in fv["stage_moves"]] == ["建成了", "做样板", "一起设计"]
    assert fv["outcomes_reported"][0]["text"] == "路修好了"
    assert data["maker_profile"]["skills"] == "结构设计"

    summary = client.post("/en/me/delete/", {"password": PASSWORD}).content.decode()
    assert "Future Village projects you took part in: 1" in summary and "Your maker profile was deleted." in summary
    assert not User.objects.filter(pk=person.pk).exists()
    assert not ProjectParticipant.objects.exists() and not MakerProfile.objects.exists()
    assert Village.objects.get().proposed_by is None
    assert StageChange.objects.count() == 3 and not StageChange.objects.exclude(changed_by=None).exists()
    assert ProjectOutcome.objects.get().added_by is None
