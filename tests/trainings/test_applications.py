"""Eligibility, applying, capacity, the waitlist, decision emails once, permissions, bad input."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from orgs.models import IssueField
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from trainings.models import Application
from trainings.services.applications import (
    application_decide,
    application_submit,
    application_withdraw,
)
from trainings.services.eligibility import eligibility_problems
from trainings.services.notifications import application_decision_notify

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db

DATA = {"position": "coo", "job_title": "理事长", "motivation": "学习新媒体", "internet_use": "有公众号"}


def eligible_member(**organization):
    environment = IssueField.objects.get(slug="environment")
    membership = MembershipFactory(organization=OrganizationFactory(issue_fields=[environment], **organization))
    return membership.user, membership.organization


@pytest.fixture
def trainer():
    return UserFactory(groups=["trainers"])


def apply(event, **organization):
    user, org = eligible_member(**organization)
    return application_submit(event=event, organization=org, user=user, data=DATA)


def test_an_eligible_member_applies():
    event = WorkshopFactory()
    application = apply(event)
    assert application.status == "submitted"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"province_id": "110000", "city": None, "county_id": "110105", "location": None}, "East region"),
        ({}, "issue fields do not include"),
    ],
)
def test_ineligible_organizations_are_told_why(change, message):
    event = WorkshopFactory()
    if message.startswith("issue"):
        membership = MembershipFactory(organization=OrganizationFactory(issue_fields=[IssueField.objects.get(slug="lgbt")]))
        user, organization = membership.user, membership.organization
    else:
        user, organization = eligible_member(**change)
    with pytest.raises(ValidationError, match=message):
        application_submit(event=event, organization=organization, user=user, data=DATA)
    assert not Application.objects.exists()


def test_window_position_and_second_application_are_refused():
    closed = WorkshopFactory(applications_close_on=timezone.localdate() - datetime.timedelta(days=1),
                             applications_open_on=timezone.localdate() - datetime.timedelta(days=30))
    user, organization = eligible_member()
    with pytest.raises(ValidationError, match="Applications are open from"):
        application_submit(event=closed, organization=organization, user=user, data=DATA)
    event = WorkshopFactory()
    with pytest.raises(ValidationError, match="chief operating officer"):
        application_submit(event=event, organization=organization, user=user, data={**DATA, "position": "intern"})
    application_submit(event=event, organization=organization, user=user, data=DATA)
    colleague = MembershipFactory(organization=organization, role="editor").user
    with pytest.raises(ValidationError, match="already applied"):
        application_submit(event=event, organization=organization, user=colleague, data=DATA)
    assert Application.objects.count() == 1


def test_non_members_cannot_apply_for_an_organization():
    event = WorkshopFactory()
    _, organization = eligible_member()
    with pytest.raises(PermissionDenied):
        application_submit(event=event, organization=organization, user=UserFactory(), data=DATA)


def test_html_in_the_motivation_is_refused():
    event = WorkshopFactory()
    user, organization = eligible_member()
    with pytest.raises(ValidationError):
        application_submit(event=event, organization=organization, user=user, data={**DATA, "motivation": "<script>x</script>"})
    assert not Application.objects.exists()


def test_eligibility_lists_every_problem_at_once():
    event = WorkshopFactory(applications_open_on=timezone.localdate() + datetime.timedelta(days=1),
                            applications_close_on=timezone.localdate() + datetime.timedelta(days=5))
    organization = OrganizationFactory(province_id="110000", city=None, county_id="110105", location=None)
    problems = eligibility_problems(event=event, organization=organization)
    assert len(problems) == 3  # window, region, fields


def test_accepting_beyond_capacity_is_refused(trainer):
    event = WorkshopFactory(capacity=2)
    applications = [apply(event) for _ in range(3)]
    application_decide(application=applications[0], user=trainer, status="accepted")
    application_decide(application=applications[1], user=trainer, status="accepted")
    with pytest.raises(ValidationError, match="full"):
        application_decide(application=applications[2], user=trainer, status="accepted")
    assert Application.objects.filter(status="accepted").count() == 2


def test_only_trainers_decide_and_only_allowed_moves(trainer):
    event = WorkshopFactory()
    application = apply(event)
    with pytest.raises(PermissionDenied):
        application_decide(application=application, user=application.applicant, status="accepted")
    application_decide(application=application, user=trainer, status="declined")
    with pytest.raises(ValidationError, match="cannot become"):
        application_decide(application=application, user=trainer, status="accepted")


def test_withdrawing_an_accepted_place_offers_it_to_the_first_on_the_waitlist(trainer):
    event = WorkshopFactory(capacity=1)
    accepted, first, second = (apply(event) for _ in range(3))
    application_decide(application=accepted, user=trainer, status="accepted")
    application_decide(application=first, user=trainer, status="waitlisted")
    application_decide(application=second, user=trainer, status="waitlisted")
    _, promoted = application_withdraw(application=accepted, user=accepted.applicant)
    assert promoted.pk == first.pk
    assert dict(Application.objects.values_list("pk", "status")) == {
        accepted.pk: "withdrawn", first.pk: "accepted", second.pk: "waitlisted"}


def test_strangers_cannot_withdraw():
    event = WorkshopFactory()
    application = apply(event)
    with pytest.raises(PermissionDenied):
        application_withdraw(application=application, user=UserFactory())


def test_each_decision_is_emailed_once(trainer, django_capture_on_commit_callbacks):
    event = WorkshopFactory()
    application = apply(event)
    with django_capture_on_commit_callbacks() as callbacks:
        application_decide(application=application, user=trainer, status="shortlisted")
    assert len(callbacks) == 1
    assert application_decision_notify(application_id=application.pk, status="shortlisted")
    assert not application_decision_notify(application_id=application.pk, status="shortlisted")
    application_decide(application=application, user=trainer, status="accepted")
    # A late retry of the superseded decision sends nothing.
    assert not application_decision_notify(application_id=application.pk, status="shortlisted")
    assert application_decision_notify(application_id=application.pk, status="accepted")
    assert [message.to for message in mail.outbox] == [[application.applicant.email]] * 2
    assert "已录取" in mail.outbox[1].subject  # emails are written in the site language, Chinese
    # The acceptance carries the check-in QR code, to show at the door from the email itself.
    assert mail.outbox[0].attachments == []
    ((filename, content, mimetype),) = mail.outbox[1].attachments
    assert (filename, mimetype) == (f"check-in-{application.checkin_code}.png", "image/png")
    with Image.open(io.BytesIO(content)) as qr_code:
        # 21 modules and a 4-module margin at 10 px: a version 1 QR code, not a Micro QR (17 or fewer),
        # which phone cameras cannot read.
        assert qr_code.size == (290, 290)


def test_two_trainers_cannot_both_take_the_last_place(trainer, transactional_db):
    """Two accepts at once on the last place: the workshop row is locked, one of them is refused."""
    import threading

    from django.db import connection

    event = WorkshopFactory(capacity=1)
    first, second = apply(event), apply(event)
    results = []
    barrier = threading.Barrier(2)

    def accept(application):
        barrier.wait()
        try:
            application_decide(application=application, user=trainer, status="accepted")
            results.append("ok")
        except ValidationError:
            results.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(application,)) for application in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["full", "ok"]
    assert Application.objects.filter(status="accepted").count() == 1
