"""Certificates of completion: who has attended enough days, issuing and revoking in bulk."""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Application, ApplicationStatus, Certificate, EventKind
from ..models.codes import normalize_code


def certificate_days_required(event):
    """The workshop's own number of days, else the site's share of its days (rounded up, at least 1)."""
    total = len(event.days())
    if event.certificate_min_days:
        return min(event.certificate_min_days, total)
    return max(1, math.ceil(total * settings.TRAININGS_CERTIFICATE_MIN_PERCENT / 100))


def _with_days_present(queryset):
    return queryset.annotate(days_present=Count("attendance", filter=Q(attendance__present=True), distinct=True))


def certificate_candidates(*, event):
    """Accepted participants of the workshop who attended enough days, with `days_present`."""
    return (
        _with_days_present(event.applications.filter(status=ApplicationStatus.ACCEPTED))
        .filter(days_present__gte=certificate_days_required(event))
        .select_related("organization", "applicant", "event")
        .order_by("pk")
    )


def _holder_name(application):
    return application.applicant.display_name or application.organization.name


@transaction.atomic
def certificate_issue(*, applications, user):
    """Issue a certificate to each participant who earned one and has no valid one yet.

    Returns (issued certificates, {application: reason refused}); one refusal does not stop the rest.
    """
    if not user.has_perm("trainings.issue_certificate"):
        raise PermissionDenied(_("Only trainers issue certificates."))
    issued, refused = [], {}
    ids = [application.pk for application in applications]
    # Lock the participants: two trainers issuing at once cannot give one person two certificates.
    rows = _with_days_present(
        Application.objects.filter(pk__in=ids).select_related("event", "organization", "applicant")
    ).order_by("pk")
    list(Application.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    for application in rows:
        event = application.event
        if event.kind != EventKind.WORKSHOP:
            refused[application] = _("Certificates are for workshops.")
        elif application.status != ApplicationStatus.ACCEPTED:
            refused[application] = _("Only accepted participants receive a certificate.")
        elif application.days_present < certificate_days_required(event):
            refused[application] = _("Attended %(days)s of the %(needed)s days needed.") % {
                "days": application.days_present, "needed": certificate_days_required(event)}
        elif application.certificates.filter(revoked_at__isnull=True).exists():
            refused[application] = _("Already has a valid certificate.")
        else:
            issued.append(Certificate.objects.create(
                application=application, holder_name=_holder_name(application),
                days_attended=application.days_present, issued_by=user))
    return issued, refused


@transaction.atomic
def certificate_revoke(*, certificates, user, reason):
    """Revoke certificates with a reason; the verification page then says so. Returns how many."""
    if not user.has_perm("trainings.issue_certificate"):
        raise PermissionDenied(_("Only trainers revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the certificate is revoked."))
    if len(reason) > 300:
        raise ValidationError(_("Keep the reason under 300 characters."))
    ids = [certificate.pk for certificate in certificates]
    return Certificate.objects.filter(pk__in=ids, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user, revoke_reason=reason)


def certificate_by_code(code):
    """The certificate with this code (as typed: case and spaces forgiven), or None."""
    return (Certificate.objects.select_related("application__event", "application__organization")
            .filter(code=normalize_code(code)).first())
