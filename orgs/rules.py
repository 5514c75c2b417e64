"""Who may do what with organizations: the permission rules, as named predicates.

Every write path (views, API, admin actions, services) asks these through
`user.has_perm(...)` or `rules.test_rule(...)`; tests/orgs/test_rules.py holds the matrix.
"""

import rules
from allauth.account.models import EmailAddress

from .models import MembershipRole, MembershipStatus, OrganizationStatus

MODERATORS = "moderators"
TRAINERS = "trainers"
ASSESSORS = "assessors"
FUNDERS = "funders"
ROLE_GROUPS = (MODERATORS, TRAINERS, ASSESSORS, FUNDERS)


@rules.predicate
def is_verified(user):
    """Signed in with a verified email address."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    # Remember only a yes for the life of this user object: a verified address stays verified.
    if getattr(user, "_ngo20_is_verified", False):
        return True
    verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    user._ngo20_is_verified = verified
    return verified


is_moderator = rules.is_group_member(MODERATORS) | rules.is_superuser
is_trainer = rules.is_group_member(TRAINERS) | rules.is_superuser
is_assessor = rules.is_group_member(ASSESSORS) | rules.is_superuser
is_funder = rules.is_group_member(FUNDERS)


def _approved_role(user, organization):
    if not user or not user.is_authenticated or organization is None or organization.pk is None:
        return None
    return (
        organization.memberships.filter(user=user, status=MembershipStatus.APPROVED)
        .values_list("role", flat=True)
        .first()
    )


@rules.predicate
def is_org_member(user, organization):
    return _approved_role(user, organization) is not None


@rules.predicate
def is_org_owner(user, organization):
    return _approved_role(user, organization) == MembershipRole.OWNER


@rules.predicate
def is_published(user, organization):
    return organization is not None and organization.status == OrganizationStatus.PUBLISHED


@rules.predicate
def is_draft(user, organization):
    return organization is not None and organization.status == OrganizationStatus.DRAFT


can_view_organization = is_published | is_org_member | is_moderator
can_edit_organization = is_verified & (is_org_member | is_moderator)
can_submit_organization = is_verified & is_org_member & is_draft
can_create_organization = is_verified
can_claim_organization = is_verified & is_published & ~is_org_member
can_decide_membership = is_verified & (is_org_owner | is_moderator)
can_moderate_organization = is_verified & is_moderator
can_revert_organization_history = is_verified & is_moderator
can_view_organization_history = is_verified & (is_org_member | is_moderator)

rules.add_perm("orgs.view_organization_profile", can_view_organization)
rules.add_perm("orgs.edit_organization", can_edit_organization)
rules.add_perm("orgs.submit_organization", can_submit_organization)
rules.add_perm("orgs.create_organization", can_create_organization)
rules.add_perm("orgs.claim_organization", can_claim_organization)
rules.add_perm("orgs.decide_membership", can_decide_membership)
rules.add_perm("orgs.moderate_organization", can_moderate_organization)
rules.add_perm("orgs.revert_organization_history", can_revert_organization_history)
rules.add_perm("orgs.view_organization_history", can_view_organization_history)

# Bringing organizations in from spreadsheets, and making two profiles of one body into one.
can_import_organizations = is_verified & is_moderator
can_merge_organizations = is_verified & is_moderator

rules.add_perm("orgs.import_organizations", can_import_organizations)
rules.add_perm("orgs.merge_organizations", can_merge_organizations)
