"""Check-in at the door: a trainer's phone reads a participant's code and marks today present, once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Application, ApplicationStatus, Attendance
from ..models.codes import normalize_code


@transaction.atomic
def attendance_check_in(*, event, code, user, today=None):
    """Mark the participant with `code` present today. Returns (application, newly_checked_in).

    Only on a day of the workshop that has come (today in China); a second scan the same day
    changes nothing (the unique row per participant and day holds it even for two phones at once).
    """
    if not user.has_perm("trainings.check_in"):
        raise PermissionDenied(_("Only trainers check participants in."))
    today = today or timezone.localdate()
    if today > timezone.localdate():
        raise ValidationError(_("Attendance is taken on the day, not before."))
    if today not in event.days():
        raise ValidationError(_("Today is not a day of this workshop."))
    code = normalize_code(code)
    if not code:
        raise ValidationError(_("Type the participant's check-in code or scan it."))
    application = (Application.objects.select_for_update(of=("self",)).select_related("organization", "applicant")
                   .filter(event=event, checkin_code=code).first())
    if application is None:
        raise ValidationError(_("No participant of this workshop has the code %(code)s.") % {"code": code})
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(_("%(organization)s is not an accepted participant (%(status)s).") % {
            "organization": application.organization.name, "status": application.get_status_display()})
    attendance, created = Attendance.objects.get_or_create(
        application=application, day=today, defaults={"present": True, "recorded_by": user})
    if not created and not attendance.present:
        # Marked absent earlier in the day, then arrived: now present.
        attendance.present, attendance.recorded_by = True, user
        attendance.save(update_fields=["present", "recorded_by"])
        created = True
    return application, created


def checked_in_count(*, event, day):
    return Attendance.objects.filter(application__event=event, day=day, present=True).count()
