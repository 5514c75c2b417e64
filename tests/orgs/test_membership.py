"""Claiming organizations and deciding claims, with the emails that follow."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from common.models import SentEmail
from orgs.models import Membership
from orgs.services.membership import membership_claim, membership_decide
from orgs.services.notifications import (
    membership_claim_notify,
    membership_decision_notify,
)

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory()


def test_first_claim_of_an_ownerless_organization_asks_for_ownership(organization):
    membership = membership_claim(organization=organization, user=UserFactory(), message="我是理事长")
    assert (membership.role, membership.status) == ("owner", "pending")


def test_claim_of_an_owned_organization_asks_to_be_editor(organization):
    MembershipFactory(organization=organization, role="owner")
    membership = membership_claim(organization=organization, user=UserFactory())
    assert membership.role == "editor"


def test_second_claim_of_the_same_organization_is_refused(organization):
    user = UserFactory()
    membership_claim(organization=organization, user=user)
    with pytest.raises(ValidationError, match="already claimed"):
        membership_claim(organization=organization, user=user)
    assert Membership.objects.filter(user=user, organization=organization).count() == 1


def test_declined_claimant_cannot_claim_again(organization):
    MembershipFactory(organization=organization, status="rejected", role="editor")
    user = Membership.objects.get().user
    with pytest.raises(ValidationError, match="declined"):
        membership_claim(organization=organization, user=user)


def test_unverified_user_cannot_claim(organization):
    with pytest.raises(PermissionDenied):
        membership_claim(organization=organization, user=UserFactory(verified=False))
    assert not Membership.objects.exists()


def test_claim_message_with_html_is_refused(organization):
    with pytest.raises(ValidationError, match="HTML"):
        membership_claim(organization=organization, user=UserFactory(), message="<a href=x>hi</a>")
    assert not Membership.objects.exists()


def test_owner_approves_a_claim_and_the_claimant_can_edit(organization):
    owner = MembershipFactory(organization=organization, role="owner").user
    claimant = UserFactory()
    membership = membership_claim(organization=organization, user=claimant)
    assert not claimant.has_perm("orgs.edit_organization", organization)
    membership_decide(membership=membership, user=owner, approve=True)
    assert claimant.has_perm("orgs.edit_organization", organization)


def test_editor_cannot_decide_claims(organization):
    editor = MembershipFactory(organization=organization, role="editor").user
    membership = membership_claim(organization=organization, user=UserFactory())
    with pytest.raises(PermissionDenied):
        membership_decide(membership=membership, user=editor, approve=True)
    membership.refresh_from_db()
    assert membership.status == "pending"


def test_moderator_decides_for_an_ownerless_organization(organization):
    moderator = UserFactory(groups=["moderators"])
    membership = membership_claim(organization=organization, user=UserFactory())
    membership_decide(membership=membership, user=moderator, approve=False)
    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == ("rejected", moderator)


def test_a_claim_is_decided_only_once(organization):
    moderator = UserFactory(groups=["moderators"])
    membership = membership_claim(organization=organization, user=UserFactory())
    membership_decide(membership=membership, user=moderator, approve=True)
    with pytest.raises(ValidationError, match="already been decided"):
        membership_decide(membership=membership, user=moderator, approve=False)


def test_claim_emails_the_owners_once_however_often_the_task_runs(organization):
    owner = MembershipFactory(organization=organization, role="owner").user
    membership = membership_claim(organization=organization, user=UserFactory())
    assert membership_claim_notify(membership_id=membership.pk) == 1
    assert membership_claim_notify(membership_id=membership.pk) == 0
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert organization.name in mail.outbox[0].subject
    assert SentEmail.objects.filter(key__startswith="membership-claim:").count() == 1


def test_claim_on_an_ownerless_organization_emails_the_moderators(organization):
    moderator = UserFactory(groups=["moderators"])
    membership = membership_claim(organization=organization, user=UserFactory())
    membership_claim_notify(membership_id=membership.pk)
    assert [message.to for message in mail.outbox] == [[moderator.email]]


def test_decision_email_goes_to_the_claimant_once(organization):
    moderator = UserFactory(groups=["moderators"])
    claimant = UserFactory()
    membership = membership_claim(organization=organization, user=claimant)
    membership_decide(membership=membership, user=moderator, approve=True)
    assert membership_decision_notify(membership_id=membership.pk) == 1
    assert membership_decision_notify(membership_id=membership.pk) == 0
    assert mail.outbox[-1].to == [claimant.email]


def test_claim_page_post_and_second_post(client, organization):
    user = UserFactory()
    client.force_login(user)
    url = f"/en/orgs/{organization.slug}/claim/"
    first = client.post(url, {"message": "I run the office"}, follow=True)
    assert "Your claim was sent" in first.content.decode()
    second = client.post(url, {"message": "again"}, follow=True)
    assert "already claimed" in second.content.decode()
    assert Membership.objects.filter(user=user).count() == 1


def test_claims_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "organization_claim": "2/h"}
    user = UserFactory()
    client.force_login(user)
    statuses = [
        client.post(f"/en/orgs/{OrganizationFactory().slug}/claim/", {"message": ""}).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Membership.objects.filter(user=user).count() == 2


def test_owner_decides_on_the_members_page(client, organization):
    owner = MembershipFactory(organization=organization, role="owner").user
    membership = membership_claim(organization=organization, user=UserFactory())
    client.force_login(owner)
    page = client.get(f"/en/orgs/{organization.slug}/members/")
    assert page.status_code == 200 and membership.user.email in page.content.decode()
    client.post(
        f"/en/orgs/{organization.slug}/members/{membership.pk}/decide/",
        {"decision": "approve", "role": "editor"},
    )
    membership.refresh_from_db()
    assert (membership.status, membership.role) == ("approved", "editor")


def test_stranger_cannot_open_the_members_page_or_decide(client, organization):
    membership = membership_claim(organization=organization, user=UserFactory())
    client.force_login(UserFactory())
    assert client.get(f"/en/orgs/{organization.slug}/members/").status_code == 403
    client.post(f"/en/orgs/{organization.slug}/members/{membership.pk}/decide/", {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == "pending"
