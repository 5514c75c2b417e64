"""The cohort after selection: attendance per day, alumni, alumni invited back to speak."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.emails import email_send_once

from ..models import Application, ApplicationStatus, Attendance, SpeakerInvitation


@transaction.atomic
def attendance_record(*, event, day, present_ids, user):
    """Record who was there on one day of the workshop: accepted participants only."""
    if not user.has_perm("trainings.record_attendance"):
        raise PermissionDenied(_("Only trainers take attendance."))
    if day not in event.days():
        raise ValidationError(_("%(day)s is not a day of this workshop.") % {"day": day.isoformat()})
    if day > timezone.localdate():
        # Attendance feeds the public figures (organizations trained, per year): only what happened.
        raise ValidationError(_("%(day)s has not come yet: attendance is taken on the day or later.")
                              % {"day": day.isoformat()})
    participants = {a.pk: a for a in event.applications.filter(status=ApplicationStatus.ACCEPTED)}
    strangers = set(present_ids) - set(participants)
    if strangers:
        raise ValidationError(_("Only accepted participants can be marked present."))
    for application_id, application in participants.items():
        Attendance.objects.update_or_create(
            application=application, day=day,
            defaults={"present": application_id in present_ids, "recorded_by": user},
        )
    return len(present_ids)


def alumni():
    """Participants who completed a workshop: accepted, and present on at least one day."""
    return (
        Application.objects.filter(status=ApplicationStatus.ACCEPTED, attendance__present=True)
        .distinct()
        .select_related("event", "organization", "applicant")
    )


@transaction.atomic
def speaker_invite(*, event, alumnus, user, message=""):
    """Invite a former participant to share their experience at a later workshop (email once)."""
    if not user.has_perm("trainings.invite_alumni"):
        raise PermissionDenied(_("Only trainers invite speakers."))
    if not alumni().filter(pk=alumnus.pk).exists():
        raise ValidationError(_("Only participants who completed a workshop are alumni."))
    if alumnus.event.starts_on >= event.starts_on:
        raise ValidationError(_("Alumni are invited to a later workshop than their own."))
    invitation, created = SpeakerInvitation.objects.get_or_create(
        event=event, alumnus=alumnus, defaults={"invited_by": user, "message": message}
    )
    if created:
        body = _(
            "You took part in %(past)s. Would you share your experience with the participants of %(event)s "
            "(%(city)s, %(date)s)? Reply to this email to let us know."
        ) % {"past": alumnus.event.title, "event": event.title, "city": event.city, "date": event.starts_on.isoformat()}
        if message:
            body += "\n\n" + message
        key = f"speaker:{invitation.pk}"
        transaction.on_commit(lambda: email_send_once(
            key=key, to=alumnus.applicant.email, subject=_("Invitation to speak at %(event)s") % {"event": event.title},
            body=body))
    return invitation
