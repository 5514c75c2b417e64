"""Decision emails: one per application and decision, whatever the retries."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from common.emails import email_send_once, render_email, site_url

from ..models import Application


def application_decision_notify(*, application_id, status):
    application = Application.objects.select_related("event", "organization", "applicant").filter(
        pk=application_id).first()
    if application is None or application.status != status:
        return False  # superseded by a later decision: that one has its own email
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "event": application.event,
            "status": status,
            "url": site_url(reverse("trainings:my-applications")),
        }
    subject, body = render_email("trainings/email/decision", context)
    return email_send_once(key=f"application:{application.pk}:{status}", to=application.applicant.email,
                           subject=subject, body=body)
