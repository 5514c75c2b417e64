"""Attendance, rosters opened back, alumni, speakers, figures, hackathons, pages."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from orgs.models import IssueField
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from trainings.models import Application, Attendance, Team
from trainings.selectors import cohort_balance, program_figures
from trainings.services.cohort import alumni, attendance_record, speaker_invite
from trainings.services.hackathons import (
    challenge_submit,
    maker_register,
    team_form,
    team_join,
    team_mark_adoption,
    team_record_result,
)

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return UserFactory(groups=["trainers"], is_staff=True)


def participant(event, status="accepted", **organization):
    environment = IssueField.objects.get(slug="environment")
    membership = MembershipFactory(organization=OrganizationFactory(issue_fields=[environment], **organization))
    return Application.objects.create(event=event, organization=membership.organization, applicant=membership.user,
                                      position="coo", job_title="负责人", motivation="x", internet_use="y",
                                      status=status)


def past_workshop():
    start = timezone.localdate() - datetime.timedelta(days=100)
    return WorkshopFactory(starts_on=start, ends_on=start + datetime.timedelta(days=1), status="completed",
                           applications_open_on=start - datetime.timedelta(days=60),
                           applications_close_on=start - datetime.timedelta(days=20))


def test_attendance_is_for_accepted_participants_on_workshop_days(trainer):
    event = past_workshop()
    present, absent = participant(event), participant(event)
    waitlisted = participant(event, status="waitlisted")
    day = event.starts_on
    attendance_record(event=event, day=day, present_ids={present.pk}, user=trainer)
    assert dict(Attendance.objects.values_list("application_id", "present")) == {present.pk: True, absent.pk: False}
    with pytest.raises(ValidationError, match="Only accepted participants"):
        attendance_record(event=event, day=day, present_ids={waitlisted.pk}, user=trainer)
    with pytest.raises(ValidationError, match="not a day of this workshop"):
        attendance_record(event=event, day=day - datetime.timedelta(days=1), present_ids=set(), user=trainer)
    with pytest.raises(PermissionDenied):
        attendance_record(event=event, day=day, present_ids=set(), user=present.applicant)
    assert Attendance.objects.count() == 2


def test_roster_exports_open_with_chinese_and_attendance(client, trainer):
    event = past_workshop()
    application = participant(event, name="成都河流守护者")
    attendance_record(event=event, day=event.starts_on, present_ids={application.pk}, user=trainer)
    client.force_login(trainer)
    csv_response = client.post("/en/admin/trainings/event/", {"action": "export_roster_csv", "_selected_action": [event.pk]})
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "成都河流守护者" and rows[1][8] == "✓" and rows[1][9] == ""
    xlsx = client.post("/en/admin/trainings/event/", {"action": "export_roster_xlsx", "_selected_action": [event.pk]})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "成都河流守护者" and sheet["I1"].value == event.starts_on.isoformat()


def test_attendance_page_in_the_admin(client, trainer):
    event = past_workshop()
    application = participant(event)
    client.force_login(trainer)
    url = f"/en/admin/trainings/event/{event.pk}/attendance/{event.starts_on.isoformat()}/"
    assert client.get(url).status_code == 200
    client.post(url, {"present": [str(application.pk)]})
    assert Attendance.objects.get().present


def test_alumni_and_speaker_invitations(trainer, django_capture_on_commit_callbacks):
    old = past_workshop()
    completed = participant(old)
    no_show = participant(old)
    Attendance.objects.create(application=completed, day=old.starts_on, present=True)
    Attendance.objects.create(application=no_show, day=old.starts_on, present=False)
    assert list(alumni()) == [completed]
    later = WorkshopFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = speaker_invite(event=later, alumnus=completed, user=trainer, message="欢迎回来分享")
    assert invitation.event == later
    with pytest.raises(ValidationError, match="alumni"):
        speaker_invite(event=later, alumnus=no_show, user=trainer)
    from django.core import mail

    assert mail.outbox[0].to == [completed.applicant.email]


def test_cohort_balance_by_province_and_field():
    event = WorkshopFactory()
    participant(event)
    participant(event)
    participant(event, province_id="530000", city_id="530100", county_id="530102", location=None)
    participant(event, status="submitted")
    balance = cohort_balance(event=event)
    assert balance["accepted"] == 3
    assert balance["provinces"] == [("四川省", 2), ("云南省", 1)]
    assert balance["fields"] == [("Environmental protection", 3)]


def test_program_figures_count_trained_organizations(client):
    old = past_workshop()
    for kind in ("ngo", "ngo", "foundation"):
        application = participant(old, kind=kind)
        Attendance.objects.create(application=application, day=old.starts_on, present=True)
    participant(old)  # accepted but never came: not trained
    figures = program_figures()
    assert figures["totals"]["ngos"] == 2 and figures["totals"]["foundations"] == 1
    assert figures["per_year"][0]["year"] == old.starts_on.year
    body = client.get("/en/trainings/figures/").content.decode()
    assert "2 NGOs and 1 foundations trained" in body and 'role="img"' in body


def test_profile_shows_the_organizations_trainings(client):
    old = past_workshop()
    application = participant(old)
    body = client.get(f"/en/orgs/{application.organization.slug}/").content.decode()
    assert old.title in body


def test_hackathon_challenge_team_result_and_adoption():
    event = WorkshopFactory(kind="hackathon", eligible_regions=[], eligible_fields=[])
    ngo = MembershipFactory()
    challenge = challenge_submit(event=event, organization=ngo.organization, user=ngo.user, title="排班小程序",
                                 description="志愿者排班")
    maker, friend = UserFactory(), UserFactory()
    maker_register(event=event, user=maker, skills="前端")
    with pytest.raises(ValidationError, match="already registered"):
        maker_register(event=event, user=maker, skills="前端")
    team = team_form(challenge=challenge, user=maker, name="排班侠")
    with pytest.raises(ValidationError, match="Register"):
        team_join(team=team, user=friend)
    maker_register(event=event, user=friend, skills="设计")
    team_join(team=team, user=friend)
    with pytest.raises(ValidationError, match="already in a team"):
        team_form(challenge=challenge, user=friend, name="另一队")
    with pytest.raises(ValidationError, match="not recorded a result"):
        team_mark_adoption(team=team, user=ngo.user, will_use=True)
    team_record_result(team=team, user=friend, link="https://example.org/app", description="小程序原型")
    with pytest.raises(PermissionDenied):
        team_mark_adoption(team=team, user=maker, will_use=True)
    team_mark_adoption(team=team, user=ngo.user, will_use=True)
    assert Team.objects.get().ngo_will_use is True


def test_apply_page_shows_precise_errors(client):
    WorkshopFactory(slug="w")
    membership = MembershipFactory(organization=OrganizationFactory(province_id="110000", city=None,
                                                                     county_id="110105", location=None))
    client.force_login(membership.user)
    response = client.post("/en/trainings/w/apply/", {"organization": membership.organization.slug, "position": "coo",
                                                      "job_title": "理事长", "motivation": "x", "internet_use": "y"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "East region" in body and "issue fields" in body
    assert not Application.objects.exists()


def test_pages_list_upcoming_and_past(client):
    upcoming = WorkshopFactory(title_en="Upcoming one")
    old = past_workshop()
    body = client.get("/en/trainings/").content.decode()
    assert upcoming.title_en in body and old.title_en in body
    assert client.get(f"/en/trainings/{upcoming.slug}/").status_code == 200
