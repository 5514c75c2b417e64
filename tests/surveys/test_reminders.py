"""Invitations and reminders: sent once, never after submission or closing, twice-run safe."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from common.models import SentEmail
from surveys.models import Invitation, Response
from surveys.services.delivery import (
    due_reminder_offset,
    invitation_send,
    reminder_send,
    reminders_due,
)
from surveys.services.invitations import survey_invite
from surveys.tasks import queue_survey_reminders
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import SurveyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def trainer():
    return UserFactory(groups=["trainers"])


@pytest.fixture
def survey():
    return SurveyFactory(opens_on=TODAY - datetime.timedelta(days=30), closes_on=TODAY + datetime.timedelta(days=14),
                         reminder_offsets=[14, 7, 2])


def test_invite_creates_one_invitation_per_organization_with_an_email(survey, trainer):
    with_contact = OrganizationFactory(contact_email="office@example.org")
    with_owner = OrganizationFactory()
    owner = MembershipFactory(organization=with_owner).user
    OrganizationFactory()  # no email anywhere
    OrganizationFactory(status="draft", contact_email="draft@example.org")
    invited, skipped = survey_invite(survey=survey, user=trainer,
                                     organizations=type(with_contact).objects.filter(status="published"))
    assert (invited, skipped) == (2, 1)
    assert dict(Invitation.objects.values_list("organization_id", "email")) == {
        with_contact.pk: "office@example.org", with_owner.pk: owner.email}
    again = survey_invite(survey=survey, user=trainer, organizations=type(with_contact).objects.all())
    assert again[0] == 0 and Invitation.objects.count() == 2


def test_only_staff_with_the_permission_invite(survey):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        survey_invite(survey=survey, user=UserFactory(), organizations=OrganizationFactory._meta.model.objects.all())


def test_invitation_email_is_sent_once_with_the_personal_link(survey):
    invitation = Invitation.objects.create(survey=survey, organization=OrganizationFactory(), email="a@example.org")
    assert invitation_send(invitation_id=invitation.pk) is True
    assert invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1 and f"/surveys/i/{invitation.token}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "days_left, expected",
    [(20, None), (14, 14), (13, 14), (8, 14), (7, 7), (3, 7), (2, 2), (0, 2), (-1, None)],
)
def test_due_offset_is_the_latest_threshold_reached(survey, days_left, expected):
    assert due_reminder_offset(survey, survey.closes_on - datetime.timedelta(days=days_left)) == expected


def _invite(survey, organization=None):
    return Invitation.objects.create(survey=survey, organization=organization or OrganizationFactory(),
                                     email="org@example.org")


def test_reminder_schedule_sends_each_reminder_once(survey, monkeypatch):
    invitation = _invite(survey)
    sent_days = []
    for days_left in range(16, -1, -1):
        day = survey.closes_on - datetime.timedelta(days=days_left)
        monkeypatch.setattr(timezone, "localdate", lambda value=None, day=day: day)
        for invitation_id, offset in reminders_due(today=day):
            # The beat task may run twice on a day: the second run sends nothing.
            assert reminder_send(invitation_id=invitation_id, offset=offset, today=day)
            assert not reminder_send(invitation_id=invitation_id, offset=offset, today=day)
            sent_days.append(days_left)
        assert list(reminders_due(today=day)) == []
    assert sent_days == [14, 7, 2]
    assert SentEmail.objects.filter(key__startswith=f"survey:{survey.pk}:reminder:{invitation.pk}:").count() == 3


def test_no_reminder_after_submission(survey, monkeypatch):
    invitation = _invite(survey)
    Response.objects.create(survey=survey, organization=invitation.organization, status="submitted",
                            submitted_at=timezone.now())
    day = survey.closes_on - datetime.timedelta(days=7)
    monkeypatch.setattr(timezone, "localdate", lambda value=None: day)
    assert list(reminders_due(today=day)) == []
    assert reminder_send(invitation_id=invitation.pk, offset=7, today=day) is False
    assert mail.outbox == []


def test_draft_responses_are_still_reminded(survey, monkeypatch):
    invitation = _invite(survey)
    Response.objects.create(survey=survey, organization=invitation.organization)
    day = survey.closes_on - datetime.timedelta(days=7)
    monkeypatch.setattr(timezone, "localdate", lambda value=None: day)
    assert list(reminders_due(today=day)) == [(invitation.pk, 7)]


def test_no_reminder_after_closing(survey):
    invitation = _invite(survey)
    survey.status = "closed"
    survey.save()
    assert list(reminders_due(today=survey.closes_on - datetime.timedelta(days=2))) == []
    assert reminder_send(invitation_id=invitation.pk, offset=2) is False


def test_at_most_one_email_per_organization_per_day(survey, monkeypatch):
    invitation = _invite(survey)
    day = survey.closes_on - datetime.timedelta(days=7)
    monkeypatch.setattr(timezone, "localdate", lambda value=None: day)
    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))))
    assert invitation_send(invitation_id=invitation.pk)  # invited today
    assert reminder_send(invitation_id=invitation.pk, offset=7, today=day) is False
    assert len(mail.outbox) == 1


def test_beat_task_queues_and_closes(survey, monkeypatch, settings):
    from ngo20.celery import app

    # Inline here; the real worker is exercised in tests/orgs/test_celery_worker.py.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    _invite(survey)
    finished = SurveyFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1),
                             opens_on=timezone.localdate() - datetime.timedelta(days=40))
    day = survey.closes_on - datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda value=None: day)
    assert queue_survey_reminders() == 1
    assert len(mail.outbox) == 1
    assert queue_survey_reminders() == 0
    finished.refresh_from_db()
    assert finished.status == "closed"
