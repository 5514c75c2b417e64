"""Read queries shared by pages, the API and (later) the map."""

from django.db.models import Prefetch, Q

from .models import (
    Division,
    IssueField,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
)
from .search import search_filter

SEARCH_FIELDS = ("name", "name_en", "service_area", "description")


def filter_by_field_and_place(queryset, filters):
    """Issue field, province and region filters, for any model with `issue_fields` and `province`
    (organizations, posts). Values may be model instances (from forms) or keys (from the API)."""
    if field := filters.get("field"):
        queryset = queryset.filter(issue_fields__slug=getattr(field, "slug", field))
    if province := filters.get("province"):
        queryset = queryset.filter(province_id=getattr(province, "pk", province))
    if region := filters.get("region"):
        queryset = queryset.filter(province__region=region)
    return queryset


def organization_list(*, filters=None):
    """Published organizations matching the directory's filters, ready to render."""
    filters = filters or {}
    queryset = Organization.objects.filter(status=OrganizationStatus.PUBLISHED)
    if kind := filters.get("kind"):
        queryset = queryset.filter(kind=kind)
    queryset = filter_by_field_and_place(queryset, filters)
    if condition := search_filter(filters.get("q"), SEARCH_FIELDS):
        queryset = queryset.filter(condition)
    return queryset.select_related("province", "city", "county").prefetch_related(
        Prefetch("issue_fields", queryset=IssueField.objects.order_by("position"))
    )


def organization_visible_to(*, user):
    """Profiles a user may open: published ones, their own, and everything for moderators."""
    queryset = Organization.objects.all()
    if user.has_perm("orgs.moderate_organization"):
        return queryset
    visible = Q(status=OrganizationStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(memberships__user=user, memberships__status=MembershipStatus.APPROVED)
    return queryset.filter(visible).distinct()


def organization_page_stamp(*, slug):
    """A published organization's id and what changes with its row (edits, status, trust summary):
    the page cache's key for anonymous visitors. None if no published organization has the slug."""
    rows = Organization.objects.filter(slug=slug, status=OrganizationStatus.PUBLISHED).values(
        "pk", "updated_at", "trust_score", "trust_grade")[:1]  # slug is unique: no ORDER BY needed
    return next(iter(rows), None)


def organization_detail(*, slug, user):
    return (
        organization_visible_to(user=user)
        .select_related("province", "city", "county")
        .prefetch_related(Prefetch("issue_fields", queryset=IssueField.objects.order_by("position")))
        .get(slug=slug)
    )


def organization_members(*, organization):
    return organization.memberships.select_related("user", "decided_by").order_by(
        "status", "-created_at"
    )


def memberships_of(*, user):
    return Membership.objects.filter(user=user).select_related(
        "organization", "organization__province"
    )


def pending_claims_for(*, user):
    """Claims waiting for this user's decision as an owner."""
    owned = Membership.objects.filter(
        user=user, role="owner", status=MembershipStatus.APPROVED
    ).values("organization_id")
    return (
        Membership.objects.filter(organization_id__in=owned, status=MembershipStatus.PENDING)
        .select_related("organization", "user")
        .order_by("created_at")[:50]
    )


def division_children(*, parent_code):
    """Cities and counties directly under a division, for the cascading selects."""
    return Division.objects.filter(parent_id=parent_code).order_by("code")


def provinces():
    return Division.objects.filter(level="province").order_by("code")
