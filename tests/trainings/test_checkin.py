"""Check-in by phone: a participant's code marks today present once, never a future day."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.orgs.factories import UserFactory
from trainings.models import Attendance
from trainings.services.applications import application_decide
from trainings.services.checkin import attendance_check_in
from trainings.services.notifications import application_decision_notify

from .factories import RunningWorkshopFactory, WorkshopFactory
from .test_cohort import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return UserFactory(groups=["trainers"], is_staff=True)


def test_every_application_gets_its_own_short_code():
    event = RunningWorkshopFactory()
    codes = {participant(event).checkin_code for _index in range(5)}
    assert len(codes) == 5 and all(len(code) == 8 for code in codes)


def test_check_in_marks_today_once(trainer):
    event = RunningWorkshopFactory()
    application = participant(event)
    found, created = attendance_check_in(event=event, code=application.checkin_code.lower(), user=trainer)
    assert found == application and created
    found, created = attendance_check_in(event=event, code=f" {application.checkin_code} ", user=trainer)
    assert not created
    attendance = Attendance.objects.get()
    assert attendance.day == timezone.localdate() and attendance.present and attendance.recorded_by == trainer


def test_check_in_turns_an_earlier_absent_mark_into_present(trainer):
    event = RunningWorkshopFactory()
    application = participant(event)
    Attendance.objects.create(application=application, day=timezone.localdate(), present=False)
    _found, created = attendance_check_in(event=event, code=application.checkin_code, user=trainer)
    assert created and Attendance.objects.get().present


def test_check_in_refuses_other_workshops_codes_unknown_codes_and_non_participants(trainer):
    event, other = RunningWorkshopFactory(), RunningWorkshopFactory()
    stranger = participant(other)
    waitlisted = participant(event, status="waitlisted", name="候补机构")
    with pytest.raises(ValidationError, match="No participant of this workshop has the code"):
        attendance_check_in(event=event, code=stranger.checkin_code, user=trainer)
    with pytest.raises(ValidationError, match="No participant"):
        attendance_check_in(event=event, code="ZZZZZZZZ", user=trainer)
    with pytest.raises(ValidationError, match="Type the participant"):
        attendance_check_in(event=event, code="  ", user=trainer)
    with pytest.raises(ValidationError, match="候补机构 is not an accepted participant"):
        attendance_check_in(event=event, code=waitlisted.checkin_code, user=trainer)
    assert not Attendance.objects.exists()


def test_check_in_only_on_workshop_days_that_have_come(trainer):
    upcoming = WorkshopFactory()  # starts in 40 days
    application = participant(upcoming)
    with pytest.raises(ValidationError, match="Today is not a day of this workshop"):
        attendance_check_in(event=upcoming, code=application.checkin_code, user=trainer)
    with pytest.raises(ValidationError, match="not before"):
        attendance_check_in(event=upcoming, code=application.checkin_code, user=trainer, today=upcoming.starts_on)
    assert not Attendance.objects.exists()


def test_only_trainers_check_in(trainer):
    event = RunningWorkshopFactory()
    application = participant(event)
    with pytest.raises(PermissionDenied):
        attendance_check_in(event=event, code=application.checkin_code, user=application.applicant)


def test_database_refuses_attendance_in_the_future_and_twice_a_day():
    event = RunningWorkshopFactory()
    application = participant(event)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(application=application, day=tomorrow)
    Attendance.objects.create(application=application, day=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(application=application, day=timezone.localdate())


def test_the_databases_today_is_chinas_today():
    """The constraint compares with the date in China, which is the day Django calls today."""
    from django.db import connection

    from trainings.models.applications import TodayInChina

    with connection.cursor() as cursor:
        cursor.execute("SELECT " + TodayInChina().template)
        assert cursor.fetchone()[0] == timezone.localdate()


def test_phone_page_checks_in_by_typed_code(client, trainer):
    event = RunningWorkshopFactory()
    application = participant(event, name="河流守护者")
    participant(event)
    client.force_login(trainer)
    url = f"/en/trainings/{event.slug}/check-in/"
    page = client.get(url).content.decode()
    assert "Checked in today: 0 of 2" in page and "trainings/js/checkin.js" in page
    body = client.post(url, {"code": application.checkin_code}).content.decode()
    assert "河流守护者 is checked in for today." in body and "Checked in today: 1 of 2" in body
    body = client.post(url, {"code": application.checkin_code}).content.decode()
    assert "河流守护者 was already checked in today." in body and "Checked in today: 1 of 2" in body
    response = client.post(url, {"code": "nope"})
    assert response.status_code == 400 and "No participant of this workshop has the code NOPE" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_phone_page_is_for_trainers_only(client):
    event = RunningWorkshopFactory()
    application = participant(event)
    client.force_login(application.applicant)
    assert client.get(f"/en/trainings/{event.slug}/check-in/").status_code == 403
    assert client.post(f"/en/trainings/{event.slug}/check-in/", {"code": application.checkin_code}).status_code == 403
    assert not Attendance.objects.exists()


def test_participant_sees_code_and_qr_on_the_applications_page_and_in_the_email(client, trainer):
    event = WorkshopFactory()
    application = participant(event, status="submitted")
    client.force_login(application.applicant)
    assert application.checkin_code not in client.get("/en/trainings/applications/").content.decode()
    application_decide(application=application, user=trainer, status="accepted")
    page = client.get("/en/trainings/applications/").content.decode()
    assert application.checkin_code in page and "<svg" in page and "Check-in QR code" in page
    application_decision_notify(application_id=application.pk, status="accepted")
    assert application.checkin_code in mail.outbox[-1].body


def test_phone_page_speaks_chinese_first(client, trainer):
    event = RunningWorkshopFactory()
    application = participant(event, name="河流守护者")
    client.force_login(trainer)
    body = client.post(f"/trainings/{event.slug}/check-in/", {"code": application.checkin_code}).content.decode()
    assert "河流守护者 今天已签到。" in body and "今天已签到：1 / 1" in body and "用摄像头扫码" in body
