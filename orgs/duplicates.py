"""Likely duplicates of an organization: the checks run on every created and imported profile.

Three signs, each cheap through an index: the same unified social credit code; the same or a
near-same name (pg_trgm similarity of the normalised name, see orgs.search.normalize) in the same
county (or, with no county, the same city); a point within NEARBY_METRES with a similar name.
Profiles already merged into another are never candidates.
"""

from dataclasses import dataclass, field
from math import asin, cos, radians, sin, sqrt

from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity
from django.db import transaction

from .models import DuplicateCandidate, DuplicateReason, Organization
from .search import normalize

# Names at least this similar (pg_trgm, 0..1) in the same county are likely the same body.
SAME_COUNTY_SIMILARITY = 0.5
# A point this close with a name at least NEARBY_SIMILARITY similar is likely the same body.
NEARBY_METRES = 300
NEARBY_SIMILARITY = 0.3
# A degree box around the point first (uses the spatial index), then the distance on the sphere.
_NEARBY_DEGREES = 0.005
MAX_CANDIDATES = 5


@dataclass
class Duplicate:
    organization_id: int
    name: str
    reasons: list = field(default_factory=list)
    similarity: float = 0.0
    distance_m: int | None = None


def _candidates():
    return Organization.objects.filter(merged_into__isnull=True)


def find_duplicates(*, name, credit_code="", county_id=None, city_id=None, location=None, exclude_pk=None):
    """Existing organizations that are likely the same as the one described, most likely first."""
    found = {}

    def add(row, reason, similarity=0.0, distance=None):
        duplicate = found.setdefault(row.pk, Duplicate(organization_id=row.pk, name=row.name))
        if reason not in duplicate.reasons:
            duplicate.reasons.append(reason)
        duplicate.similarity = max(duplicate.similarity, float(similarity or 0))
        if distance is not None:
            duplicate.distance_m = round(distance)

    candidates = _candidates()
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    if credit_code:
        for row in candidates.filter(credit_code=credit_code).only("pk", "name")[:MAX_CANDIDATES]:
            add(row, DuplicateReason.CREDIT_CODE, 1.0)
    normalised = normalize(name).strip()
    if normalised:
        same_place = None
        if county_id:
            same_place = candidates.filter(county_id=county_id)
        elif city_id:
            same_place = candidates.filter(city_id=city_id, county__isnull=True)
        if same_place is not None:
            rows = (same_place.annotate(similarity=TrigramSimilarity("name", normalised))
                    .filter(similarity__gte=SAME_COUNTY_SIMILARITY)
                    .only("pk", "name").order_by("-similarity", "pk")[:MAX_CANDIDATES])
            for row in rows:
                same = normalize(row.name).strip() == normalised
                add(row, DuplicateReason.SAME_NAME if same else DuplicateReason.SIMILAR_NAME, row.similarity)
        if location is not None:
            rows = (candidates.filter(location__dwithin=(location, _NEARBY_DEGREES),
                                      location__distance_lte=(location, D(m=NEARBY_METRES)))
                    .annotate(similarity=TrigramSimilarity("name", normalised))
                    .filter(similarity__gte=NEARBY_SIMILARITY)
                    .only("pk", "name", "location").order_by("-similarity", "pk")[:MAX_CANDIDATES])
            for row in rows:
                add(row, DuplicateReason.NEARBY, row.similarity, _metres(location, row.location))
    ranked = sorted(found.values(), key=lambda d: (-len(d.reasons), -d.similarity, d.organization_id))
    return ranked[:MAX_CANDIDATES]


def _metres(a, b):
    """Great-circle distance in metres (enough for 'a few hundred metres')."""
    lon1, lat1, lon2, lat2 = map(radians, (a.x, a.y, b.x, b.y))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371000 * asin(sqrt(h))


def duplicates_of(organization):
    return find_duplicates(
        name=organization.name,
        credit_code=organization.credit_code,
        county_id=organization.county_id,
        city_id=organization.city_id,
        location=organization.location,
        exclude_pk=organization.pk,
    )


@transaction.atomic
def organization_duplicates_record(*, organization):
    """Store the likely duplicates of a new or imported organization for the moderators' list.
    Idempotent (a pair is stored once), so a retried task does no harm. Returns the candidates."""
    duplicates = duplicates_of(organization)
    # A pair found the other way round already (two rows of one import) is not listed twice.
    reverse = set(DuplicateCandidate.objects.filter(
        organization_id__in=[duplicate.organization_id for duplicate in duplicates], existing=organization,
    ).values_list("organization_id", flat=True))
    duplicates = [duplicate for duplicate in duplicates if duplicate.organization_id not in reverse]
    DuplicateCandidate.objects.bulk_create(
        [
            DuplicateCandidate(
                organization=organization,
                existing_id=duplicate.organization_id,
                reasons=[str(reason) for reason in duplicate.reasons],
                similarity=round(duplicate.similarity, 3),
                distance_m=duplicate.distance_m,
            )
            for duplicate in duplicates
        ],
        ignore_conflicts=True,
    )
    return duplicates
