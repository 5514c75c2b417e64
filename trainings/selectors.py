"""Reads of the trainings app: listings, the balance of a cohort, rosters, program figures."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from orgs.models import OrganizationKind, WorkshopField

from .models import Application, ApplicationStatus, Certificate, Event, EventStatus

LIST_SIZE = 20


def events_upcoming():
    return Event.objects.filter(status=EventStatus.PUBLISHED, ends_on__gte=timezone.localdate()).order_by("starts_on")


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


def cohort_balance(*, event):
    """The accepted cohort by province and by workshop field, counted in SQL."""
    accepted = event.applications.filter(status=ApplicationStatus.ACCEPTED)
    by_province = list(
        accepted.values("organization__province__name").annotate(count=Count("pk")).order_by("-count",
                                                                                           "organization__province__name")
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
        "provinces": [(row["organization__province__name"], row["count"]) for row in by_province],
        "fields": [(labels.get(row["organization__issue_fields__workshop_field"], ""), row["count"]) for row in by_field],
    }


def applications_of(*, user):
    return (
        Application.objects.filter(Q(applicant=user) | Q(organization__memberships__user=user,
                                                         organization__memberships__status="approved"))
        .distinct()
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
        .values("organization__province__name")
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
            "per_province": [(row["organization__province__name"], row["count"]) for row in per_province],
            "per_field": per_field}
