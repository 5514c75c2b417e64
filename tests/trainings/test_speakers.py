"""An alumnus who accepts an invitation to speak becomes an instructor of that workshop, once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from trainings.models import Application, Attendance, Instructor
from trainings.services.cohort import speaker_invitation_accept, speaker_invite

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    start = timezone.localdate() - datetime.timedelta(days=100)
    old = WorkshopFactory(starts_on=start, ends_on=start, status="completed",
                          applications_open_on=start - datetime.timedelta(days=60),
                          applications_close_on=start - datetime.timedelta(days=20))
    membership = MembershipFactory(organization=OrganizationFactory(name="成都河流守护者"),
                                   user=UserFactory(display_name="李明"))
    alumnus = Application.objects.create(event=old, organization=membership.organization, applicant=membership.user,
                                         position="coo", job_title="负责人", motivation="x", internet_use="y",
                                         status="accepted")
    Attendance.objects.create(application=alumnus, day=start, present=True)
    trainer = UserFactory(groups=["trainers"], is_staff=True)
    return speaker_invite(event=WorkshopFactory(), alumnus=alumnus, user=trainer), trainer


def test_accepting_makes_the_alumnus_an_instructor_once(invitation):
    invitation, trainer = invitation
    instructor = speaker_invitation_accept(invitation=invitation, user=trainer)
    assert (instructor.event, instructor.name, instructor.affiliation, instructor.is_alumnus) == (
        invitation.event, "李明", "成都河流守护者", True)
    assert speaker_invitation_accept(invitation=invitation, user=trainer) == instructor
    assert Instructor.objects.filter(event=invitation.event).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.instructor == instructor


def test_only_trainers_record_an_acceptance(invitation):
    invitation, _trainer = invitation
    with pytest.raises(PermissionDenied):
        speaker_invitation_accept(invitation=invitation, user=invitation.alumnus.applicant)
    assert Instructor.objects.count() == 0


def test_admin_action_adds_the_instructor(client, invitation):
    invitation, trainer = invitation
    client.force_login(trainer)
    response = client.post("/en/admin/trainings/speakerinvitation/",
                           {"action": "mark_accepted", "_selected_action": [invitation.pk]}, follow=True)
    assert "李明 is an instructor of" in response.content.decode()
    assert list(invitation.event.instructors.values_list("name", flat=True)) == ["李明"]
