"""Decision emails: one per application and decision, whatever the retries."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import email_send_once

from ..models import Application


def application_decision_notify(*, application_id, status):
    application = Application.objects.select_related("event", "organization", "applicant").filter(
        pk=application_id).first()
    if application is None or application.status != status:
        return False  # superseded by a later decision: that one has its own email
    if application.applicant is None:
        return False  # the applicant deleted their account
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "event": application.event,
            "status": status,
            "url": settings.SITE_URL.rstrip("/") + reverse("trainings:my-applications"),
        }
        subject = render_to_string("trainings/email/decision_subject.txt", context).strip()
        body = render_to_string("trainings/email/decision_body.txt", context)
    return email_send_once(key=f"application:{application.pk}:{status}", to=application.applicant.email,
                           subject=subject, body=body)
