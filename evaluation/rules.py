"""Who may rate, record and approve field evaluations, and keep a shortlist."""

import rules

from orgs.models import OrganizationStatus
from orgs.rules import is_assessor, is_funder, is_moderator, is_org_member, is_verified

from .method import SCORED_KINDS

# The kinds that can be rated are the kinds that get a trust score (see method.SCORED_KINDS).
RATEABLE_KINDS = SCORED_KINDS


@rules.predicate
def is_rateable(user, organization):
    return (
        organization is not None
        and organization.status == OrganizationStatus.PUBLISHED
        and organization.kind in RATEABLE_KINDS
    )


@rules.predicate
def is_assigned_assessor(user, organization):
    return organization is not None and organization.assessor_assignments.filter(assessor=user).exists()


LEAD_ASSESSORS = "lead_assessors"
is_lead_assessor = rules.is_group_member(LEAD_ASSESSORS) | rules.is_superuser


can_rate = is_verified & is_rateable & ~is_org_member
can_record_field_evaluation = is_verified & is_assessor & is_assigned_assessor
can_approve_field_evaluation = is_verified & is_lead_assessor

rules.add_perm("evaluation.rate_organization", can_rate)
rules.add_perm("evaluation.record_field_evaluation", can_record_field_evaluation)
rules.add_perm("evaluation.approve_field_evaluation", can_approve_field_evaluation)
rules.add_perm("evaluation.moderate_ratings", is_verified & is_moderator)
rules.add_perm("evaluation.flag_rating", is_verified)
rules.add_perm("evaluation.keep_shortlist", is_verified & (is_funder | rules.is_superuser))
