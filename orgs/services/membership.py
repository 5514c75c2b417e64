"""Claiming an organization and deciding claims."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.integrity import save_or_refuse
from common.ratelimits import rate_limit
from common.transactions import on_commit_delay

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
    on_commit_delay(notify_membership_claim, membership.pk)
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
    on_commit_delay(notify_membership_decision, membership.pk)
    return membership


def membership_role_check(*, membership, user, role):
    """Refuse a role change the rules do not allow (also used by the admin form, to show why)."""
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose owner or editor."))
    if not user.has_perm("orgs.decide_membership", membership.organization):
        raise PermissionDenied(_("Only the organization's owners or a moderator can change roles."))
    if membership.user_id == user.pk and not user.is_superuser:
        raise PermissionDenied(_("You cannot change your own role; ask another owner or a moderator."))


@transaction.atomic
def membership_set_role(*, membership, user, role):
    """An owner of the organization, or a moderator, makes a member an owner or an editor."""
    membership = Membership.objects.select_for_update().select_related("organization").get(pk=membership.pk)
    membership_role_check(membership=membership, user=user, role=role)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def membership_grant_check(*, organization, member, role, user):
    """Refuse adding a member directly unless a moderator adds someone else, once."""
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose owner or editor."))
    if not user.has_perm("orgs.moderate_organization", organization):
        raise PermissionDenied(_("Only moderators add members directly."))
    if member.pk == user.pk and not user.is_superuser:
        raise PermissionDenied(_("You cannot add yourself to an organization; claim it instead."))
    if Membership.objects.filter(organization=organization, user=member).exists():
        raise ValidationError(_("This person already has a membership or a claim for this organization."))


@transaction.atomic
def membership_grant(*, organization, member, role, user):
    """A moderator adds a person to an organization as an approved owner or editor."""
    membership_grant_check(organization=organization, member=member, role=role, user=user)
    membership = Membership(
        organization=organization, user=member, role=role, status=MembershipStatus.APPROVED,
        decided_by=user, decided_at=timezone.now(),
    )
    save_or_refuse(membership, _("This person already has a membership or a claim for this organization."))
    return membership
