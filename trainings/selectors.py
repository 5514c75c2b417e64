"""Reads of the trainings app: listings, the balance of a cohort, rosters, program figures."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from orgs.models import OrganizationKind, WorkshopField
from orgs.selectors import organizations_of_member

from .models import Application, ApplicationStatus, Certificate, Event, EventKind, EventStatus

LIST_SIZE = 20


def events_upcoming():
    return Event.objects.filter(status=EventStatus.PUBLISHED, ends_on__gte=timezone.localdate()).order_by("starts_on")


def events_shown():
    """Workshops and hackathons with a public page (everything but drafts)."""
    return Event.objects.exclude(status=EventStatus.DRAFT)


def event_page(*, event, user, participants_limit=40):
    """What an event's page lists: sessions and instructors; for a past workshop its participants;
    for a hackathon its challenges with teams and whether the visitor is registered."""
    context = {
        "sessions": event.sessions.select_related("instructor"),
        "instructors": event.instructors.all(),
    }
    if event.kind == EventKind.WORKSHOP:
        context["participants"] = (
            event.applications.filter(status=ApplicationStatus.ACCEPTED).select_related("organization")[
                :participants_limit]
            if event.is_past else []
        )
    else:
        context["challenges"] = event.challenges.select_related("organization").prefetch_related(
            "teams__members__registration__user")
        context["registered"] = user.is_authenticated and event.registrations.filter(user=user).exists()
    return context


def events_past():
    return Event.objects.filter(
        Q(status=EventStatus.COMPLETED) | Q(status=EventStatus.PUBLISHED, ends_on__lt=timezone.localdate())
    ).order_by("-starts_on")


def cohort(*, event):
    return (
        event.applications.filter(status=ApplicationStatus.ACCEPTED)
        .select_related("organization__province", "applicant")
        .prefetch_related("organization__issue_fields", "attendance")
        .order_by("organization__province_id", "organization__name")
    )


def _province_name(row):
    """A province's name in the reader's language, from a values() row (as Division.localized_name)."""
    if row["organization__province__name_en"] and (get_language() or "").startswith("en"):
        return row["organization__province__name_en"]
    return row["organization__province__name"]


def cohort_balance(*, event):
    """The accepted cohort by province and by workshop field, counted in SQL."""
    accepted = event.applications.filter(status=ApplicationStatus.ACCEPTED)
    by_province = list(
        accepted.values("organization__province__name", "organization__province__name_en")
        .annotate(count=Count("pk")).order_by("-count", "organization__province__name")
    )
    by_field = list(
        accepted.exclude(organization__issue_fields__workshop_field="")
        .values("organization__issue_fields__workshop_field")
        .annotate(count=Count("organization", distinct=True))
        .order_by("-count")
    )
    labels = dict(WorkshopField.choices)
    return {
        "accepted": accepted.count(),
        "capacity": event.capacity,
        "provinces": [(_province_name(row), row["count"]) for row in by_province],
        "fields": [(labels.get(row["organization__issue_fields__workshop_field"], ""), row["count"]) for row in by_field],
    }


def applications_of(*, user):
    return (
        Application.objects.filter(Q(applicant=user) | Q(organization__in=organizations_of_member(user=user)))
        .select_related("event", "organization")
        .prefetch_related(Prefetch("certificates", queryset=Certificate.objects.filter(revoked_at__isnull=True),
                                   to_attr="valid_certificates"))
        .order_by("-created_at")[:100]
    )


def trainings_of(*, organization):
    """Workshops the organization took part in (accepted), newest first."""
    return (
        Application.objects.filter(organization=organization, status=ApplicationStatus.ACCEPTED)
        .select_related("event")
        .order_by("-event__starts_on")[:20]
    )


def program_figures():
    """Organizations and foundations trained: per year, per province, per workshop field."""
    trained = Application.objects.filter(status=ApplicationStatus.ACCEPTED, attendance__present=True).distinct()
    per_year = list(
        Application.objects.filter(pk__in=trained.values("pk"))
        .annotate(year=ExtractYear("event__starts_on"))
        .values("year")
        .annotate(
            ngos=Count("organization", distinct=True, filter=Q(organization__kind=OrganizationKind.NGO)),
            foundations=Count("organization", distinct=True, filter=Q(organization__kind=OrganizationKind.FOUNDATION)),
            others=Count("organization", distinct=True,
                         filter=~Q(organization__kind__in=[OrganizationKind.NGO, OrganizationKind.FOUNDATION])),
        )
        .order_by("year")
    )
    per_province = list(
        Application.objects.filter(pk__in=trained.values("pk"))
        .values("organization__province__name", "organization__province__name_en")
        .annotate(count=Count("organization", distinct=True))
        .order_by("-count")[:34]
    )
    labels = dict(WorkshopField.choices)
    per_field = [
        (labels.get(row["organization__issue_fields__workshop_field"], ""), row["count"])
        for row in Application.objects.filter(pk__in=trained.values("pk"))
        .exclude(organization__issue_fields__workshop_field="")
        .values("organization__issue_fields__workshop_field")
        .annotate(count=Count("organization", distinct=True))
        .order_by("-count")
    ]
    totals = Application.objects.filter(pk__in=trained.values("pk")).aggregate(
        organizations=Count("organization", distinct=True),
        ngos=Count("organization", distinct=True, filter=Q(organization__kind=OrganizationKind.NGO)),
        foundations=Count("organization", distinct=True, filter=Q(organization__kind=OrganizationKind.FOUNDATION)),
        workshops=Count("event", distinct=True),
    )
    return {"totals": totals, "per_year": per_year,
            "per_province": [(_province_name(row), row["count"]) for row in per_province],
            "per_field": per_field}


def organizations_trained_count():
    """Organizations with a participant who completed a workshop (accepted and present one day)."""
    return (
        Application.objects.filter(status=ApplicationStatus.ACCEPTED, attendance__present=True)
        .values("organization").distinct().count()
    )


def upcoming_events(*, limit=3):
    """Published workshops and hackathons still to come, soonest first."""
    return Event.objects.filter(status=EventStatus.PUBLISHED, starts_on__gte=timezone.localdate()).order_by(
        "starts_on")[:limit]
