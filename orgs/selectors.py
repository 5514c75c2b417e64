"""Read queries shared by pages, the API and (later) the map."""

from django.core.cache import cache
from django.db import connections, router
from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import (
    Division,
    IssueField,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    PolicyConsent,
    PolicyDocument,
    TrustSummary,
)
from .search import apply_search, search_parts


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


def _published(filters):
    queryset = Organization.objects.filter(status=OrganizationStatus.PUBLISHED)
    if kind := filters.get("kind"):
        queryset = queryset.filter(kind=kind)
    return filter_by_field_and_place(queryset, filters)


# Read only to search, never shown: the gram array alone is a few hundred elements per row, and
# parsing it into Python lists took a sizeable share of a directory page.
_SEARCH_COLUMNS = ("search_text", "name_pinyin", "name_initials", "search_grams")
_PLACE_GEOMETRY = ("province__centroid", "city__centroid", "county__centroid")


def _ready_to_render(queryset):
    return (
        queryset.select_related("province", "city", "county")
        .defer(*_SEARCH_COLUMNS, *_PLACE_GEOMETRY)
        .prefetch_related(Prefetch("issue_fields", queryset=IssueField.objects.order_by("position")))
    )


def organizations_of_member(*, user, published_only=False):
    """Organizations the user is an approved member of (owner or editor); none for anonymous.

    The one definition of "my organizations": pages, the API, services and rules of every app
    use it (as a queryset or inside `organization__in=`), so a pending or declined claim never
    counts anywhere. A subquery on the membership table, so joins never duplicate rows.
    """
    if user is None or not user.is_authenticated:
        return Organization.objects.none()
    queryset = Organization.objects.filter(
        pk__in=Membership.objects.filter(user=user, status=MembershipStatus.APPROVED).values("organization_id")
    )
    if published_only:
        queryset = queryset.filter(status=OrganizationStatus.PUBLISHED)
    return queryset


def organizations_for_cards(*, ids):
    """The organizations with these ids, ready to render as directory cards, by id."""
    return {organization.pk: organization for organization in _ready_to_render(Organization.objects.filter(pk__in=ids))}


def organization_list(*, filters=None):
    """Published organizations matching the directory's filters, ready to render."""
    filters = filters or {}
    queryset = apply_search(_published(filters), filters.get("q"), ordering=Organization._meta.ordering)
    return _ready_to_render(queryset)


def organization_search(*, filters=None):
    """The same matches as organization_list(), as ranked parts for the directory's SearchPaginator
    (pinyin matches of Chinese names first, each part in the list's order)."""
    filters = filters or {}
    parts = search_parts(_published(filters), filters.get("q"), ordering=Organization._meta.ordering)
    return [_ready_to_render(part) for part in parts]


def organization_visible_to(*, user):
    """Profiles a user may open: published ones, their own, and everything for moderators."""
    queryset = Organization.objects.all()
    if user.has_perm("orgs.moderate_organization"):
        return queryset
    visible = Q(status=OrganizationStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(pk__in=organizations_of_member(user=user).values("pk"))
    return queryset.filter(visible)


def organization_page_stamp(*, slug):
    """A published organization's id and what changes with its row (edits, status, trust summary):
    the page cache's key for anonymous visitors. None if no published organization has the slug.

    Read on every anonymous view of a profile, before the cache: one statement written out
    rather than built by the ORM (which took about as long as the query itself), sent where the
    ORM would send it (a replica when one serves reads)."""
    alias = router.db_for_read(Organization)
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT o.id, o.updated_at, t.score, t.grade FROM {Organization._meta.db_table} o "
            f"LEFT JOIN {TrustSummary._meta.db_table} t ON t.organization_id = o.id "
            "WHERE o.slug = %s AND o.status = %s",
            [slug, str(OrganizationStatus.PUBLISHED)])
        row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip(("pk", "updated_at", "trust_summary__score", "trust_summary__grade"), row, strict=True))


def organization_merged_into(*, slug):
    """The organization a merged profile now lives in (following merges of merges), or None."""
    organization = Organization.objects.filter(slug=slug, merged_into__isnull=False).only("merged_into").first()
    seen = set()
    while organization is not None and organization.merged_into_id and organization.pk not in seen:
        seen.add(organization.pk)
        organization = Organization.objects.only("pk", "slug", "merged_into").get(pk=organization.merged_into_id)
    return organization


def organization_detail(*, slug, user):
    return (
        organization_visible_to(user=user)
        .select_related("province", "city", "county")
        .prefetch_related(Prefetch("issue_fields", queryset=IssueField.objects.order_by("position")))
        .get(slug=slug)
    )


def organization_profile(*, slug, user):
    """The orgs part of an organization's page: the profile, the visitor's membership or claim,
    and what they may do with it. Raises Organization.DoesNotExist if they may not see it; the
    page in ngo20 adds the sections of the higher apps."""
    organization = organization_detail(slug=slug, user=user)
    membership = None
    if user.is_authenticated:
        membership = Membership.objects.filter(organization=organization, user=user).first()
    return {
        "organization": organization,
        "membership": membership,
        "can_edit": user.has_perm("orgs.edit_organization", organization),
        "can_claim": membership is None and user.has_perm("orgs.claim_organization", organization),
        "can_submit": user.has_perm("orgs.submit_organization", organization),
        "can_see_history": user.has_perm("orgs.view_organization_history", organization),
    }


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



POLICY_CACHE_KEY = "policies:current"


def policy_current_ids():
    """Ids of the version in force of each policy (privacy, terms), cached: asked on every request
    of a signed-in user. services.policies clears the key when a version is saved."""
    ids = cache.get(POLICY_CACHE_KEY)
    if ids is None:
        latest = (PolicyDocument.objects.filter(published_at__lte=timezone.now())
                  .order_by("kind", "-version").distinct("kind").values_list("pk", flat=True))
        ids = sorted(latest)
        cache.set(POLICY_CACHE_KEY, ids, 60)  # a version dated in the future takes effect within a minute
    return ids


def policy_current_documents():
    return list(PolicyDocument.objects.filter(pk__in=policy_current_ids()).order_by("kind"))


def policy_missing_ids(user, current_ids=None):
    """The current versions `user` has not agreed to (or withdrew from); empty when all is in order."""
    current_ids = policy_current_ids() if current_ids is None else current_ids
    if not current_ids or not user.is_authenticated:
        return []
    agreed = set(PolicyConsent.objects.filter(user=user, document__in=current_ids, withdrawn_at__isnull=True)
                 .values_list("document_id", flat=True))
    return [pk for pk in current_ids if pk not in agreed]


def policy_consents_of(*, user):
    """The versions `user` agrees to now, for the account page."""
    return list(PolicyConsent.objects.filter(user=user, withdrawn_at__isnull=True)
                .select_related("document").order_by("document__kind")[:10])


MUNICIPALITIES = ("110000", "120000", "310000", "500000")


def basemap_label_divisions():
    """Provinces, and the prefecture-level units the base map outlines (cities, and counties that
    sit directly under a province outside the four municipalities, as orgs/data/cities.geojson has)."""
    provinces = list(Division.objects.filter(level="province").order_by("code"))
    cities = list(
        Division.objects.filter(Q(level="city") | Q(level="county", parent__level="province"))
        .exclude(parent_id__in=MUNICIPALITIES).order_by("code")[:500]
    )
    return provinces, cities


def division_with_parents(*, code):
    """A division and the divisions above it (province first), or (None, []) for an unknown code."""
    division = Division.objects.select_related("parent__parent").filter(code=code).first()
    if division is None:
        return None, []
    parents, above = [], division.parent
    while above is not None:
        parents.insert(0, above)
        above = above.parent if above.parent_id else None
    return division, parents


def organizations_in_division(*, division):
    """Published organizations of a province, prefecture-level city or county, ready to render."""
    column = {"province": "province_id", "city": "city_id", "county": "county_id"}[division.level]
    queryset = Organization.objects.filter(status=OrganizationStatus.PUBLISHED, **{column: division.code})
    return _ready_to_render(queryset.order_by(*Organization._meta.ordering))
