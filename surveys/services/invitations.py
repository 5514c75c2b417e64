"""Inviting organizations to a survey."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.outbox import delay_on_commit
from orgs.models import Membership, MembershipRole, MembershipStatus, OrganizationStatus

from ..models import Invitation, SurveyStatus
from ..tasks import send_survey_invitation


def _contact_email(organization, owner_emails):
    return organization.contact_email or owner_emails.get(organization.pk, "")


@transaction.atomic
def survey_invite(*, survey, user, organizations):
    """Create an invitation per organization (skipping those already invited or without any email
    address) and queue one email each. Returns (invited, skipped_without_email)."""
    if not user.has_perm("surveys.change_survey"):
        raise PermissionDenied(_("You are not allowed to invite organizations to surveys."))
    if survey.status == SurveyStatus.CLOSED or not survey.closes_at > timezone.now():
        raise ValidationError(_("This survey is closed; open a new edition instead."))
    already = Invitation.objects.filter(survey=survey).values("organization_id")
    # Only published organizations are invited, whatever the caller's filter let through.
    candidates = organizations.filter(status=OrganizationStatus.PUBLISHED).exclude(pk__in=already)
    candidates = candidates.only("pk", "contact_email")
    owner_emails = dict(
        Membership.objects.filter(
            organization__in=candidates, role=MembershipRole.OWNER, status=MembershipStatus.APPROVED
        )
        .order_by("organization_id", "created_at")
        .values_list("organization_id", "user__email")
    )
    new, skipped = [], 0
    for organization in candidates.iterator(chunk_size=2000):
        email = _contact_email(organization, owner_emails)
        if not email:
            skipped += 1
            continue
        new.append(Invitation(survey=survey, organization=organization, email=email, invited_by=user))
    created = Invitation.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    ids = list(
        Invitation.objects.filter(survey=survey, organization_id__in=[i.organization_id for i in created])
        .values_list("pk", flat=True)
    )
    for pk in ids:
        delay_on_commit(send_survey_invitation, pk)
    return len(ids), skipped
