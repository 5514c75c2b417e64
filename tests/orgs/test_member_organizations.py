"""The one "organizations this user is an approved member of" selector, used by every app."""

import pytest
from django.contrib.auth.models import AnonymousUser

from orgs.selectors import organizations_of_member

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_approved_memberships_count_whatever_the_role():
    user = UserFactory()
    owned = MembershipFactory(user=user, role="owner").organization
    edited = MembershipFactory(user=user, role="editor").organization
    MembershipFactory(user=user, status="pending")
    MembershipFactory(user=user, status="rejected")
    MembershipFactory()  # someone else's organization
    assert set(organizations_of_member(user=user)) == {owned, edited}


def test_published_only_leaves_out_drafts_and_hidden_profiles():
    user = UserFactory()
    published = MembershipFactory(user=user).organization
    MembershipFactory(user=user, organization=OrganizationFactory(status="draft"))
    MembershipFactory(user=user, organization=OrganizationFactory(status="hidden", status_reason="虚假信息"))
    assert list(organizations_of_member(user=user, published_only=True)) == [published]
    assert organizations_of_member(user=user).count() == 3


def test_anonymous_has_no_organizations():
    assert list(organizations_of_member(user=AnonymousUser())) == []


def test_an_organization_with_many_members_is_listed_once():
    user = UserFactory()
    organization = MembershipFactory(user=user).organization
    for _ in range(3):
        MembershipFactory(organization=organization, role="editor")
    assert list(organizations_of_member(user=user)) == [organization]
