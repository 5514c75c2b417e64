"""Claiming an organization and deciding claims."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.integrity import save_or_refuse
from common.outbox import delay_on_commit
from common.ratelimits import rate_limit

from ..models import Membership, MembershipRole, MembershipStatus
from ..tasks import notify_membership_claim, notify_membership_decision


@transaction.atomic
def membership_claim(*, organization, user, message=""):
    """A verified user asks to manage a published organization; its owners or a moderator decide."""
    existing = Membership.objects.filter(organization=organization, user=user).first()
    if existing is not None:
        raise ValidationError(_claim_refusal(existing))
    if not user.has_perm("orgs.claim_organization", organization):
        raise PermissionDenied(_("You cannot claim this organization."))
    rate_limit(group="organization_claim", key=user.pk)
    has_owner = organization.memberships.filter(
        role=MembershipRole.OWNER, status=MembershipStatus.APPROVED
    ).exists()
    membership = Membership(
        organization=organization,
        user=user,
        role=MembershipRole.EDITOR if has_owner else MembershipRole.OWNER,
        message=message.strip(),
    )
    membership.full_clean(exclude=["organization", "user"])
    # A double click sends the same claim twice; the unique constraint keeps one.
    save_or_refuse(membership, _("You have already claimed this organization."))
    delay_on_commit(notify_membership_claim, membership.pk)
    return membership


def _claim_refusal(existing):
    if existing.status == MembershipStatus.APPROVED:
        return _("You are already a member of this organization.")
    if existing.status == MembershipStatus.PENDING:
        return _("You have already claimed this organization; the decision is pending.")
    return _("Your earlier claim of this organization was declined. Please contact a moderator.")


@transaction.atomic
def membership_decide(*, membership, user, approve, role=None):
    """An owner of the organization, or a moderator, approves or declines a pending claim."""
    membership = Membership.objects.select_for_update().select_related("organization").get(
        pk=membership.pk
    )
    if not user.has_perm("orgs.decide_membership", membership.organization):
        raise PermissionDenied(_("Only the organization's owners or a moderator can decide."))
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This claim has already been decided."))
    if membership.user_id == user.pk and not user.is_superuser:
        raise PermissionDenied(_("You cannot decide your own claim."))
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
    if approve and role in MembershipRole.values:
        membership.role = role
    membership.decided_by = user
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
    delay_on_commit(notify_membership_decision, membership.pk)
    return membership
