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


# --- Disclosures (信息公开) ---------------------------------------------------------------------
# Members publish and correct their organization's disclosures; moderators and assessors verify
# them, never their own organization's; only moderators hide one.


@rules.predicate
def is_disclosure_org_member(user, disclosure):
    return disclosure is not None and is_org_member(user, disclosure.organization)


@rules.predicate
def is_counted_disclosure(user, disclosure):
    """Verified, not hidden, of an organization anyone may see: public, with its file."""
    return (
        disclosure is not None and disclosure.counts
        and disclosure.organization.status == OrganizationStatus.PUBLISHED
    )


is_disclosure_reviewer = is_verified & (is_moderator | is_assessor)

can_publish_disclosure = is_verified & is_org_member  # on an organization
can_correct_disclosure = is_verified & is_disclosure_org_member  # on a disclosure
can_review_disclosures = is_disclosure_reviewer  # the queue
can_review_disclosure = is_disclosure_reviewer & ~is_disclosure_org_member  # on a disclosure
can_hide_disclosure = is_verified & is_moderator
can_view_disclosure = is_counted_disclosure | (is_verified & is_disclosure_org_member) | is_disclosure_reviewer

rules.add_perm("evaluation.publish_disclosure", can_publish_disclosure)
rules.add_perm("evaluation.correct_disclosure", can_correct_disclosure)
rules.add_perm("evaluation.review_disclosures", can_review_disclosures)
rules.add_perm("evaluation.review_disclosure", can_review_disclosure)
rules.add_perm("evaluation.hide_disclosure", can_hide_disclosure)
rules.add_perm("evaluation.see_disclosure", can_view_disclosure)  # its file, while pending too
