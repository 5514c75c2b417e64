"""The email that tells a member how their disclosure was reviewed (sent by a Celery task)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from common.emails import email_send_once, render_email, site_url

from ..models import Disclosure, DisclosureStatus


def disclosure_review_notify(*, disclosure_id, reviewed_at):
    """Email the member who published the item, once per review (`reviewed_at` names it). Sends
    nothing if the item changed since (a later correction or decision has its own email)."""
    disclosure = (Disclosure.objects.select_related("organization", "created_by")
                  .filter(pk=disclosure_id).first())
    if (disclosure is None or disclosure.reviewed_at is None or disclosure.reviewed_at.isoformat() != reviewed_at
            or disclosure.created_by is None or not disclosure.created_by.email
            or disclosure.status == DisclosureStatus.PENDING):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "disclosure": disclosure,
            "organization": disclosure.organization,
            "kind": disclosure.get_kind_display(),
            "verified": disclosure.status == DisclosureStatus.VERIFIED,
            "url": site_url(reverse("evaluation:disclosures", args=[disclosure.organization.slug])),
        }
        subject, body = render_email("evaluation/email/disclosure_review", context)
    return int(email_send_once(key=f"disclosure-review:{disclosure.pk}:{reviewed_at}",
                               to=disclosure.created_by.email, subject=subject, body=body))
