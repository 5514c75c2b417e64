"""The cohort after selection: attendance per day, alumni, alumni invited back to speak."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.transactions import on_commit_delay

from ..models import Application, ApplicationStatus, Attendance, Instructor, SpeakerInvitation
from ..tasks import send_speaker_invitation


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
    if created and alumnus.applicant is not None:  # a deleted account gets no email
        # The worker sends the email once the invitation is committed: no SMTP in the request.
        on_commit_delay(send_speaker_invitation, invitation.pk)
    return invitation


@transaction.atomic
def speaker_invitation_accept(*, invitation, user):
    """The alumnus said yes: they become an instructor of that workshop (once, however often this runs)."""
    if not user.has_perm("trainings.invite_alumni"):
        raise PermissionDenied(_("Only trainers invite speakers."))
    invitation = SpeakerInvitation.objects.select_for_update(of=("self",)).select_related(
        "alumnus__applicant", "alumnus__organization", "event").get(pk=invitation.pk)
    if invitation.instructor_id is not None:
        return invitation.instructor
    applicant = invitation.alumnus.applicant
    invitation.instructor = Instructor.objects.create(
        event=invitation.event,
        name=((applicant.display_name if applicant else "") or invitation.alumnus.organization.name)[:100],
        affiliation=invitation.alumnus.organization.name[:200],
        is_alumnus=True,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["instructor", "accepted_at"])
    return invitation.instructor
