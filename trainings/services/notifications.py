"""Decision emails: one per application and decision, whatever the retries."""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from common.emails import email_send_once, render_email, site_url

from ..models import Application, ApplicationStatus, SpeakerInvitation


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
            "url": site_url(reverse("trainings:my-applications")),
        }
    subject, body = render_email("trainings/email/decision", context)
    attachments = [checkin_qr_attachment(application)] if status == ApplicationStatus.ACCEPTED else []
    return email_send_once(key=f"application:{application.pk}:{status}", to=application.applicant.email,
                           subject=subject, body=body, attachments=attachments)


def checkin_qr_attachment(application):
    """The participant's check-in QR code as a PNG, to show at the door from the email itself
    (a full QR code, never a Micro QR: phone cameras read only those)."""
    png = io.BytesIO()
    segno.make_qr(application.checkin_code, error="m").save(png, kind="png", scale=10, border=4)
    return (f"check-in-{application.checkin_code}.png", png.getvalue(), "image/png")


def speaker_invitation_notify(*, invitation_id):
    """The email inviting an alumnus to speak at a later workshop, sent once per invitation."""
    invitation = SpeakerInvitation.objects.select_related("event", "alumnus__event", "alumnus__applicant").filter(
        pk=invitation_id).first()
    if invitation is None:
        return False
    event, past = invitation.event, invitation.alumnus.event
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "You took part in %(past)s. Would you share your experience with the participants of %(event)s "
            "(%(city)s, %(date)s)? Reply to this email to let us know."
        ) % {"past": past.title, "event": event.title, "city": event.city, "date": event.starts_on.isoformat()}
        if invitation.message:
            body += "\n\n" + invitation.message
        subject = _("Invitation to speak at %(event)s") % {"event": event.title}
    return email_send_once(key=f"speaker:{invitation.pk}", to=invitation.alumnus.applicant.email,
                           subject=subject, body=body)
