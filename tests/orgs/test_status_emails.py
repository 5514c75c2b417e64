"""Members hear when a moderator publishes or hides their organization: queued after the commit,
sent once per change, with the reason for hiding."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from orgs import tasks
from orgs.services import organizations as organization_services
from orgs.services.organizations import organization_set_status

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


class Queued(list):
    def delay(self, *args):
        self.append(args)


@pytest.fixture
def queued(monkeypatch):
    recorder = Queued()
    monkeypatch.setattr(organization_services, "notify_organization_status", recorder)
    return recorder


def test_members_get_one_email_when_published_and_when_hidden(queued, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(name="成都河流守护者", status="pending")
    owner = MembershipFactory(organization=organization).user
    editor = MembershipFactory(organization=organization, role="editor").user
    MembershipFactory(organization=organization, status="pending")  # a claim not yet approved: no email
    moderator = UserFactory(groups=["moderators"])

    with django_capture_on_commit_callbacks(execute=True):
        organization_set_status(organization=organization, user=moderator, status="published")
    assert len(queued) == 1
    assert tasks.notify_organization_status(*queued[0]) == 2
    assert tasks.notify_organization_status(*queued[0]) == 0  # a redelivered task sends nothing
    assert sorted(message.to[0] for message in mail.outbox) == sorted([owner.email, editor.email])
    assert "成都河流守护者" in mail.outbox[0].subject
    assert f"/orgs/{organization.slug}/" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organization_set_status(organization=organization, user=moderator, status="hidden", reason="联系方式无法核实")
    assert tasks.notify_organization_status(*queued[1]) == 2
    assert "联系方式无法核实" in mail.outbox[0].body


def test_nothing_is_queued_for_a_refused_change_or_a_submission(queued, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(status="draft")
    owner = MembershipFactory(organization=organization).user
    moderator = UserFactory(groups=["moderators"])
    with django_capture_on_commit_callbacks(execute=True):
        organization_set_status(organization=organization, user=owner, status="pending")  # a submission
        with pytest.raises(ValidationError):
            organization_set_status(organization=organization, user=moderator, status="hidden", reason="")
    assert queued == []
