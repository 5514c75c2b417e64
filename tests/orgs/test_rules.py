"""The permission rules as a matrix: every role against every organization action."""

import pytest
from django.contrib.auth.models import AnonymousUser

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "registered", "editor", "owner", "pending_claimant",
         "moderator", "trainer", "assessor", "funder"]


@pytest.fixture
def organization():
    return OrganizationFactory(status="published")


@pytest.fixture
def draft():
    return OrganizationFactory(status="draft")


def make_user(role, organizations):
    if role == "anonymous":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(verified=False)
    if role in ("moderator", "trainer", "assessor", "funder"):
        return UserFactory(groups=[role + "s"])
    user = UserFactory()
    if role in ("editor", "owner"):
        for organization in organizations:
            MembershipFactory(user=user, organization=organization, role=role)
    if role == "pending_claimant":
        for organization in organizations:
            MembershipFactory(user=user, organization=organization, role="editor", status="pending")
    return user


# action -> the roles allowed, on a published organization (the user's own where a member)
PUBLISHED_MATRIX = {
    "orgs.view_organization_profile": set(ROLES),
    "orgs.edit_organization": {"editor", "owner", "moderator"},
    "orgs.submit_organization": set(),  # only drafts are submitted
    "orgs.claim_organization": {"registered", "pending_claimant", "trainer", "assessor", "funder",
                                "moderator"},
    "orgs.decide_membership": {"owner", "moderator"},
    "orgs.moderate_organization": {"moderator"},
    "orgs.revert_organization_history": {"moderator"},
    "orgs.view_organization_history": {"editor", "owner", "moderator"},
}

DRAFT_MATRIX = {
    "orgs.view_organization_profile": {"editor", "owner", "moderator"},
    "orgs.edit_organization": {"editor", "owner", "moderator"},
    "orgs.submit_organization": {"editor", "owner"},
    "orgs.claim_organization": set(),  # drafts are not public, so nobody claims them
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(PUBLISHED_MATRIX))
def test_published_organization_permissions(role, action, organization):
    user = make_user(role, [organization])
    assert user.has_perm(action, organization) == (role in PUBLISHED_MATRIX[action])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(DRAFT_MATRIX))
def test_draft_organization_permissions(role, action, draft):
    user = make_user(role, [draft])
    assert user.has_perm(action, draft) == (role in DRAFT_MATRIX[action])


@pytest.mark.parametrize("role", ROLES)
def test_only_verified_users_create_organizations(role):
    user = make_user(role, [])
    assert user.has_perm("orgs.create_organization") == (role not in ("anonymous", "unverified"))


def test_member_cannot_edit_another_organization(organization):
    own = OrganizationFactory()
    user = make_user("owner", [own])
    assert user.has_perm("orgs.edit_organization", own)
    assert not user.has_perm("orgs.edit_organization", organization)


def test_unverified_member_cannot_edit_even_their_own(organization):
    user = UserFactory(verified=False)
    MembershipFactory(user=user, organization=organization)
    assert not user.has_perm("orgs.edit_organization", organization)


def test_inactive_moderator_has_no_powers(organization):
    user = UserFactory(groups=["moderators"], is_active=False)
    assert not user.has_perm("orgs.moderate_organization", organization)
