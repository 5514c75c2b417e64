"""Workshops and hackathons: when, where, for whom, taught by whom."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField
from common.validators import reject_html
from orgs.models import Region, WorkshopField
from surveys.models import Survey
from surveys.models.definitions import in_language


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Web 2.0 training workshop")
    HACKATHON = "hackathon", _("Tech-for-good hackathon")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


def default_regions():
    return [Region.CENTRAL, Region.WEST]


def default_fields():
    return list(WorkshopField.values)


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices, default=EventKind.WORKSHOP)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, validators=[reject_html])
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True, validators=[reject_html])
    description_zh = BoundedTextField(_("description (Chinese)"), blank=True, max_length=10000, validators=[reject_html])
    description_en = BoundedTextField(_("description (English)"), blank=True, max_length=10000, validators=[reject_html])
    city = models.CharField(_("city"), max_length=50, validators=[reject_html])
    venue = models.CharField(_("venue"), max_length=200, blank=True, validators=[reject_html])
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=30)
    min_cohort = models.PositiveSmallIntegerField(_("smallest cohort"), default=25)
    applications_open_on = models.DateField(_("applications open"))
    applications_close_on = models.DateField(_("applications close"))
    eligible_regions = ArrayField(models.CharField(max_length=10, choices=Region.choices),
                                  verbose_name=_("eligible regions"), default=default_regions, blank=True,
                                  help_text=_("Empty: every region."))
    eligible_fields = ArrayField(models.CharField(max_length=30, choices=WorkshopField.choices),
                                 verbose_name=_("eligible issue fields"), default=default_fields, blank=True,
                                 help_text=_("Workshop fields; empty: every field."))
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    feedback_survey = models.ForeignKey(Survey, verbose_name=_("feedback questionnaire"), on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+")
    certificate_min_days = models.PositiveSmallIntegerField(
        _("days needed for a certificate"), null=True, blank=True,
        help_text=_("Empty: the share of the workshop's days set for the whole site (all days by default)."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop or hackathon")
        verbose_name_plural = _("workshops and hackathons")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start"),
            models.CheckConstraint(condition=models.Q(applications_close_on__gte=models.F("applications_open_on")),
                                   name="event_window_order"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="event_capacity_positive"),
        ]
        indexes = [models.Index(fields=["status", "starts_on"], name="event_status_start")]
        permissions = [("take_attendance", _("Can take attendance"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:event", kwargs={"slug": self.slug})

    @property
    def title(self):
        return in_language(self.title_zh, self.title_en)

    @property
    def description(self):
        return in_language(self.description_zh, self.description_en)

    @property
    def eligible_region_labels(self):
        return [Region(value).label for value in self.eligible_regions]

    @property
    def eligible_field_labels(self):
        return [WorkshopField(value).label for value in self.eligible_fields]

    @property
    def is_workshop(self):
        return self.kind == EventKind.WORKSHOP

    def window_is_open(self, today=None):
        today = today or timezone.localdate()
        return self.status == EventStatus.PUBLISHED and self.applications_open_on <= today <= self.applications_close_on

    @property
    def is_past(self):
        return self.ends_on < timezone.localdate()

    def days(self):
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=offset) for offset in range(count)]


class Instructor(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="instructors")
    name = models.CharField(_("name"), max_length=100, validators=[reject_html])
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True, validators=[reject_html],
                                   help_text=_("University, grassroots tech team, or the alumnus's organization."))
    is_alumnus = models.BooleanField(_("former trainee"), default=False)

    class Meta:
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")
        ordering = ["event", "name"]

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class Session(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, validators=[reject_html])
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    instructor = models.ForeignKey(Instructor, verbose_name=_("instructor"), on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="sessions")
    case_study = models.CharField(_("case study"), max_length=300, blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self):
        return self.title
