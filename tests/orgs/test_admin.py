"""Moderators work in the admin: the queue, publish and hide with a reason, claims."""

import re

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


# --- The admin never bypasses a service --------------------------------------------------------

MEMBERSHIP_URL = "/en/admin/orgs/membership/"


def test_a_moderator_cannot_approve_their_own_claim_from_the_admin(client):
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    claim = MembershipFactory(user=moderator, role="editor", status="pending")
    client.force_login(moderator)
    client.post(f"{MEMBERSHIP_URL}{claim.pk}/change/", {"user": moderator.pk, "organization": claim.organization.pk,
                                                       "role": "owner", "status": "approved"})
    client.post(MEMBERSHIP_URL, {"action": "approve_claims", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert (claim.status, claim.role) == ("pending", "editor")


def test_a_moderator_cannot_make_themselves_owner_of_another_organization(client):
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    someone_elses = MembershipFactory(role="owner")
    own = MembershipFactory(user=moderator, role="editor")
    client.force_login(moderator)
    # The person of a membership never changes...
    client.post(f"{MEMBERSHIP_URL}{someone_elses.pk}/change/",
                {"user": moderator.pk, "organization": someone_elses.organization.pk, "role": "owner",
                 "status": "approved"})
    someone_elses.refresh_from_db()
    assert someone_elses.user != moderator
    # ...and nobody raises their own role.
    page = client.post(f"{MEMBERSHIP_URL}{own.pk}/change/",
                       {"user": moderator.pk, "organization": own.organization.pk, "role": "owner",
                        "status": "approved"})
    own.refresh_from_db()
    assert own.role == "editor"
    assert page.status_code == 200 and "You cannot change your own role" in page.content.decode()


def test_a_moderator_changes_another_members_role_through_the_service(client):
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    membership = MembershipFactory(role="editor")
    client.force_login(moderator)
    client.post(f"{MEMBERSHIP_URL}{membership.pk}/change/", {"role": "owner"})
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_an_owner_cannot_promote_themselves_with_the_service_either():
    from django.core.exceptions import PermissionDenied

    from orgs.services.membership import membership_set_role

    membership = MembershipFactory(role="editor")
    owner = MembershipFactory(organization=membership.organization, role="owner").user
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        membership_set_role(membership=membership, user=stranger, role="owner")
    with pytest.raises(PermissionDenied):
        membership_set_role(membership=membership, user=membership.user, role="owner")
    membership_set_role(membership=membership, user=owner, role="owner")
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_the_organization_page_lists_members_read_only(client):
    membership = MembershipFactory(role="editor")
    client.force_login(UserFactory(groups=["moderators"], is_staff=True))
    page = client.get(f"/en/admin/orgs/organization/{membership.organization.pk}/change/").content.decode()
    assert 'name="memberships-0-role"' not in page


def test_adding_a_member_in_the_admin_goes_through_the_service(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    organization = OrganizationFactory()
    member = UserFactory()
    client.force_login(admin_user)
    client.post(f"{MEMBERSHIP_URL}add/", {"user": member.pk, "organization": organization.pk, "role": "editor"})
    membership = Membership.objects.get(organization=organization, user=member)
    assert (membership.status, membership.decided_by) == ("approved", admin_user)
    again = client.post(f"{MEMBERSHIP_URL}add/", {"user": member.pk, "organization": organization.pk,
                                                  "role": "owner"})
    assert again.status_code == 200 and Membership.objects.filter(organization=organization).count() == 1


def test_a_moderator_cannot_add_themselves_to_an_organization():
    from django.core.exceptions import PermissionDenied

    from orgs.services.membership import membership_grant

    moderator = UserFactory(groups=["moderators"])
    organization = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        membership_grant(organization=organization, member=moderator, role="owner", user=moderator)
    with pytest.raises(PermissionDenied):
        membership_grant(organization=organization, member=UserFactory(), role="owner", user=UserFactory())
    assert not Membership.objects.filter(organization=organization).exists()


def test_adding_an_organization_in_the_admin_calls_the_create_service(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post("/en/admin/orgs/organization/add/", {
        "kind": "ngo", "name": "后台新增机构", "name_en": "Added In Admin", "slug": "added-in-admin",
        "registration_status": "unregistered", "province": "510000",
        "staff_full_time": 0, "staff_part_time": 0, "volunteers": 0,
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
    })
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode(), re.S)
    organization = Organization.objects.get(name="后台新增机构")
    assert organization.created_by == admin_user and organization.status == "draft"
    assert organization.location is not None  # placed at its province seat by the service
    assert organization.history.first().history_user == admin_user
    assert not organization.memberships.exists()  # a moderator adding it does not own it
