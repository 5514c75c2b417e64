"""Applications to a workshop, the cohort they form, attendance, and alumni invited to speak."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.fields import BoundedTextField
from common.validators import reject_html
from orgs.models import Organization

from .codes import new_checkin_code
from .events import Event



class TodayInChina(models.Func):
    """Today's date in China, computed by the database: workshop days are China days, whatever
    the session's time zone (the connection runs in UTC, eight hours behind)."""

    template = "((STATEMENT_TIMESTAMP() AT TIME ZONE 'Asia/Shanghai')::date)"
    output_field = models.DateField()

    def __init__(self, **extra):
        super().__init__(**extra)


class Position(models.TextChoices):
    COO = "coo", _("Chief operating officer (head of the organization)")
    DEPUTY = "deputy", _("Second in command")


class ApplicationStatus(models.TextChoices):
    # Contexts: "accepted" and "declined" read differently for workshop places than for matches.
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    SHORTLISTED = "shortlisted", pgettext_lazy("application status", "Shortlisted")
    ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted")
    WAITLISTED = "waitlisted", pgettext_lazy("application status", "Waitlisted")
    DECLINED = "declined", pgettext_lazy("application status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


# The moves a decision may make; who may make them is in rules.py and the services.
APPLICATION_TRANSITIONS = {
    ApplicationStatus.SUBMITTED: {ApplicationStatus.SHORTLISTED, ApplicationStatus.ACCEPTED,
                                  ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED,
                                  ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SHORTLISTED: {ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED,
                                    ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.WAITLISTED: {ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED,
                                   ApplicationStatus.WITHDRAWN},
    ApplicationStatus.ACCEPTED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.DECLINED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}


class Application(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="applications")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="training_applications")
    # An accepted place is the organization's training record: it stays, without the person, when the
    # applicant deletes their account (trainings/personal_data.py).
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.SET_NULL,
                                  null=True, related_name="training_applications")
    position = models.CharField(_("position in the organization"), max_length=10, choices=Position.choices)
    job_title = models.CharField(_("job title"), max_length=100, validators=[reject_html])
    motivation = BoundedTextField(_("why you want to take part"), max_length=3000, validators=[reject_html])
    internet_use = BoundedTextField(
        _("how the organization uses the Internet and social media now"), max_length=3000,
        validators=[reject_html],
    )
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    # Shown as a QR code to the accepted participant; the trainer's phone scans or types it.
    checkin_code = models.CharField(_("check-in code"), max_length=8, unique=True, default=new_checkin_code,
                                    editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["event", "created_at"]
        constraints = [
            # One application per organization per workshop, whoever applies.
            models.UniqueConstraint(fields=["event", "organization"], name="application_one_per_org"),
        ]
        indexes = [models.Index(fields=["event", "status", "status_changed_at"], name="application_event_status")]

    def __str__(self):
        return f"{self.organization} → {self.event}"


class Attendance(models.Model):
    application = models.ForeignKey(Application, verbose_name=_("participant"), on_delete=models.CASCADE,
                                    related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
                                    null=True, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["application", "day"]
        constraints = [
            models.UniqueConstraint(fields=["application", "day"], name="attendance_once_per_day"),
            # A day that has not happened yet in China cannot be attended (checked when the row is written).
            models.CheckConstraint(condition=models.Q(day__lte=TodayInChina()),
                                   name="attendance_not_in_future"),
        ]

    def __str__(self):
        return f"{self.application.organization} {self.day}"


class SpeakerInvitation(models.Model):
    """A trainer invites an alumnus (a past participant) back to share at a later workshop."""

    event = models.ForeignKey(Event, verbose_name=_("workshop"), on_delete=models.CASCADE,
                              related_name="speaker_invitations")
    alumnus = models.ForeignKey(Application, verbose_name=_("alumnus"), on_delete=models.CASCADE,
                                related_name="speaker_invitations")
    message = models.CharField(_("message"), max_length=500, blank=True, validators=[reject_html])
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # The instructor the alumnus became by accepting (one per invitation).
    instructor = models.OneToOneField("trainings.Instructor", verbose_name=_("instructor"), on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="speaker_invitation")

    class Meta:
        verbose_name = _("alumnus invited to speak")
        verbose_name_plural = _("alumni invited to speak")
        constraints = [models.UniqueConstraint(fields=["event", "alumnus"], name="speaker_invited_once")]

    def __str__(self):
        return f"{self.alumnus.organization} @ {self.event}"
