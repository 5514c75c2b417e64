"""Role × action in the trainings app: the permission rules, and the write paths (applying on the
page, withdrawing, deciding, attendance, alumni, hackathon registration and challenges)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from orgs.models import IssueField
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.roles import ROLES, VERIFIED, make_user, sign_in
from trainings.models import Application, Challenge, Event, HackathonRegistration
from trainings.services.applications import application_decide, application_submit
from trainings.services.cohort import attendance_record
from trainings.services.hackathons import challenge_submit, maker_register

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db

MEMBERS = {"member", "owner"}
SIGNED_IN = sorted(set(ROLES) - {"anonymous"})
DATA = {"position": "coo", "job_title": "理事长", "motivation": "学习新媒体", "internet_use": "有公众号"}

MATRIX = {
    "trainings.apply_for_organization": MEMBERS,
    "trainings.submit_challenge": MEMBERS,
    "trainings.decide_application": {"trainer"},
    "trainings.record_attendance": {"trainer"},
    "trainings.invite_alumni": {"trainer"},
    "trainings.register_as_maker": VERIFIED,
}
ABOUT_ORGANIZATION = {"trainings.apply_for_organization", "trainings.submit_challenge"}


@pytest.fixture
def organization():
    return OrganizationFactory(issue_fields=[IssueField.objects.get(slug="environment")])


@pytest.fixture
def workshop():
    return WorkshopFactory()


@pytest.fixture
def hackathon():
    return WorkshopFactory(kind="hackathon", eligible_regions=[], eligible_fields=[])


def submitted_application(workshop, organization):
    applicant = MembershipFactory(organization=organization, role="owner").user
    return application_submit(event=workshop, organization=organization, user=applicant, data=DATA)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_trainings_permissions(role, action, organization):
    user = make_user(role, organization)
    target = organization if action in ABOUT_ORGANIZATION else None
    assert user.has_perm(action, target) == (role in MATRIX[action])


@pytest.mark.parametrize("role", ROLES)
def test_page_apply_for_the_organization(client, role, organization, workshop):
    sign_in(client, make_user(role, organization))
    response = client.post(f"/en/trainings/{workshop.slug}/apply/", {"organization": organization.slug, **DATA})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in MEMBERS:
        assert response.status_code == 302
    elif role == "unverified":
        assert response.status_code == 400  # a member, told to verify the address first
    elif role == "other_member":
        assert response.status_code == 400  # may apply only for their own organization
    else:
        assert response.status_code == 403  # no organization to apply for
    assert Application.objects.exists() == (role in MEMBERS)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_withdraw_the_organizations_application(client, role, organization, workshop):
    application = submitted_application(workshop, organization)
    sign_in(client, make_user(role, organization))
    response = client.post(f"/en/trainings/applications/{application.pk}/withdraw/")
    assert response.status_code == (302 if role in MEMBERS else 403)
    application.refresh_from_db()
    assert (application.status == "withdrawn") == (role in MEMBERS)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_decide_an_application(role, organization, workshop):
    application = submitted_application(workshop, organization)
    user = make_user(role, organization)
    if role == "trainer":
        application_decide(application=application, user=user, status="accepted")
    else:
        with pytest.raises(PermissionDenied):
            application_decide(application=application, user=user, status="accepted")
    application.refresh_from_db()
    assert (application.status == "accepted") == (role == "trainer")


@pytest.mark.parametrize("role", SIGNED_IN)
def test_take_attendance(role, organization, workshop):
    application = submitted_application(workshop, organization)
    trainer = UserFactory(groups=["trainers"])
    application_decide(application=application, user=trainer, status="accepted")
    # The workshop has begun: attendance is only ever taken for days that have come.
    today = timezone.localdate()
    Event.objects.filter(pk=workshop.pk).update(starts_on=today, ends_on=today + datetime.timedelta(days=1))
    workshop.refresh_from_db()
    user = make_user(role, organization)
    if role == "trainer":
        assert attendance_record(event=workshop, day=workshop.starts_on, present_ids={application.pk}, user=user) == 1
    else:
        with pytest.raises(PermissionDenied):
            attendance_record(event=workshop, day=workshop.starts_on, present_ids={application.pk}, user=user)
    assert application.attendance.filter(present=True).exists() == (role == "trainer")


@pytest.mark.parametrize("role", SIGNED_IN)
def test_register_for_a_hackathon(role, organization, hackathon):
    user = make_user(role, organization)
    if role in VERIFIED:
        maker_register(event=hackathon, user=user, skills="Python")
    else:
        with pytest.raises(PermissionDenied):
            maker_register(event=hackathon, user=user, skills="Python")
    assert HackathonRegistration.objects.exists() == (role in VERIFIED)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_submit_a_challenge_for_the_organization(role, organization, hackathon):
    user = make_user(role, organization)
    submit = lambda: challenge_submit(event=hackathon, organization=organization, user=user,  # noqa: E731
                                      title="志愿者排班工具", description="需要一个排班小程序")
    if role in MEMBERS:
        submit()
    else:
        with pytest.raises(PermissionDenied):
            submit()
    assert Challenge.objects.exists() == (role in MEMBERS)
