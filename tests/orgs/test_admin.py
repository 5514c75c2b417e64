"""Moderators work in the admin: the queue, publish and hide with a reason, claims."""

import pytest

from orgs.models import Membership, Organization

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(groups=["moderators"], is_staff=True))
    return client


def test_moderation_queue_lists_pending_profiles(moderator_client):
    pending = OrganizationFactory(status="pending", name="待审核机构")
    OrganizationFactory(status="published", name="已发布机构")
    body = moderator_client.get("/en/admin/orgs/pendingorganization/").content.decode()
    assert pending.name in body and "已发布机构" not in body


def test_publish_action(moderator_client):
    pending = OrganizationFactory(status="pending")
    moderator_client.post(
        "/en/admin/orgs/organization/", {"action": "publish", "_selected_action": [pending.pk]}
    )
    assert Organization.objects.get(pk=pending.pk).status == "published"


def test_hide_action_asks_for_a_reason_first(moderator_client):
    organization = OrganizationFactory()
    url = "/en/admin/orgs/organization/"
    page = moderator_client.post(url, {"action": "hide", "_selected_action": [organization.pk]})
    assert page.status_code == 200 and "reason" in page.content.decode().lower()
    assert Organization.objects.get(pk=organization.pk).status == "published"
    moderator_client.post(
        url, {"action": "hide", "_selected_action": [organization.pk], "apply": "1", "reason": "虚假信息"}
    )
    organization.refresh_from_db()
    assert (organization.status, organization.status_reason) == ("hidden", "虚假信息")


def test_claims_approved_in_bulk(moderator_client):
    claims = [MembershipFactory(status="pending", role="editor") for _ in range(2)]
    moderator_client.post(
        "/en/admin/orgs/membership/",
        {"action": "approve_claims", "_selected_action": [c.pk for c in claims]},
    )
    assert set(Membership.objects.values_list("status", flat=True)) == {"approved"}


def test_trainer_cannot_change_organizations_in_admin(client):
    client.force_login(UserFactory(groups=["trainers"], is_staff=True))
    organization = OrganizationFactory(status="pending")
    client.post("/en/admin/orgs/organization/", {"action": "publish", "_selected_action": [organization.pk]})
    client.post(f"/en/admin/orgs/organization/{organization.pk}/change/", {"name": "改名"})
    organization.refresh_from_db()
    assert (organization.status, organization.name) == ("pending", OrganizationFactory._meta.model.objects.get(pk=organization.pk).name)
    assert organization.name != "改名"
