"""Likely duplicates of an organization: the checks run on every created and imported profile.

Three signs: the same unified social credit code; the same or a near-same name in the same county
(or, with no county, the same city); a point within NEARBY_METRES with a similar name. Names are
compared by their core: normalised (orgs.search.normalize: simplified, half-width, lower case),
without the place at the start (成都市锦江区…) and the generic ending (…社会工作服务中心, …协会), so
阳光助学中心 and 成都市阳光助学服务中心 are the same name and 阳光… and 彩虹…服务中心 are not. The
database narrows the candidates first (pg_trgm similarity or the core inside the name, within the
county or a few hundred metres), and Python compares the cores of those few.
Profiles already merged into another are never candidates.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from math import asin, cos, radians, sin, sqrt
import re

from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity
from django.db import transaction
from django.db.models import Q

from .models import Division, DuplicateCandidate, DuplicateReason, Organization
from .search import normalize, text_grams

# Cores at least this similar (Dice coefficient of their character bigrams, 0..1) in the same
# county are likely the same body.
SAME_COUNTY_SIMILARITY = 0.6
# A point this close with a core at least NEARBY_SIMILARITY similar is likely the same body.
NEARBY_METRES = 300
NEARBY_SIMILARITY = 0.5
# The database's first cut (pg_trgm similarity of the whole normalised names), and how many it keeps.
_PREFILTER_SIMILARITY = 0.2
_PREFILTER_LIMIT = 20
# Words that say what kind of body it is, not which one (longest first: removed from the end).
GENERIC_ENDINGS = sorted({
    "社会工作服务中心", "社会工作服务社", "社会工作服务站", "社工服务中心", "社工服务社", "社工服务站", "服务中心", "发展中心",
    "研究中心", "志愿者协会", "志愿服务协会", "志愿服务队", "志愿者服务队", "志愿者联合会", "公益基金会", "慈善基金会",
    "基金会", "促进会", "联合会", "协会", "学会", "商会", "中心", "服务社", "服务站", "工作室", "公益", "慈善", "机构",
    "组织", "有限公司", "公司", "团队", "小组", "社", "会", "站",
}, key=len, reverse=True)
_LONGEST_PLACE_NAME = 12


@lru_cache(maxsize=1)
def _place_names():
    """Every division's Chinese name (四川省, 成都市, 锦江区…): a few thousand short strings."""
    return frozenset(Division.objects.values_list("name", flat=True))


def _strip_places(text):
    """Remove division names at the start (成都市锦江区阳光… → 阳光…), longest first."""
    names = _place_names()
    changed = True
    while changed:
        changed = False
        for length in range(min(_LONGEST_PLACE_NAME, len(text) - 2), 1, -1):
            if text[:length] in names:
                text, changed = text[length:], True
                break
    return text
# A degree box around the point first (uses the spatial index), then the distance on the sphere.
_NEARBY_DEGREES = 0.005
MAX_CANDIDATES = 5


def name_core(name):
    """The part of a name that says which body it is (see the module's docstring)."""
    core = re.sub(r"[\s（）()【】\[\]·.,，、]+", "", normalize(name))
    core = _strip_places(core)
    changed = True
    while changed:
        changed = False
        for ending in GENERIC_ENDINGS:
            if core.endswith(ending) and len(core) - len(ending) >= 2:
                core, changed = core[: -len(ending)], True
                break
    return core


def core_similarity(a, b):
    """Dice coefficient of the cores' unigrams and bigrams (1.0: the same core)."""
    if a == b:
        return 1.0
    grams_a, grams_b = text_grams(a), text_grams(b)
    if not grams_a or not grams_b:
        return 0.0
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


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
    normalised, core = normalize(name).strip(), name_core(name)
    if normalised:
        close_names = Q(similarity__gte=_PREFILTER_SIMILARITY)
        if len(core) >= 2:
            close_names |= Q(name__contains=core)
        same_place = None
        if county_id:
            same_place = candidates.filter(county_id=county_id)
        elif city_id:
            same_place = candidates.filter(city_id=city_id, county__isnull=True)
        if same_place is not None:
            rows = (same_place.annotate(similarity=TrigramSimilarity("name", normalised)).filter(close_names)
                    .only("pk", "name").order_by("-similarity", "pk")[:_PREFILTER_LIMIT])
            for row in rows:
                similarity = core_similarity(core, name_core(row.name))
                if similarity >= SAME_COUNTY_SIMILARITY:
                    add(row, DuplicateReason.SAME_NAME if similarity == 1.0 else DuplicateReason.SIMILAR_NAME,
                        similarity)
        if location is not None:
            rows = (candidates.filter(location__dwithin=(location, _NEARBY_DEGREES),
                                      location__distance_lte=(location, D(m=NEARBY_METRES)))
                    .annotate(similarity=TrigramSimilarity("name", normalised)).filter(close_names)
                    .only("pk", "name", "location").order_by("-similarity", "pk")[:_PREFILTER_LIMIT])
            for row in rows:
                similarity = core_similarity(core, name_core(row.name))
                if similarity >= NEARBY_SIMILARITY:
                    add(row, DuplicateReason.NEARBY, similarity, _metres(location, row.location))
    ranked = sorted(found.values(), key=lambda d: (-len(d.reasons), -d.similarity, d.organization_id))
    return ranked[:MAX_CANDIDATES]


def _metres(a, b):
    """Great-circle distance in metres (enough for 'a few hundred metres')."""
    lon1, lat1, lon2, lat2 = map(radians, (a.x, a.y, b.x, b.y))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371000 * asin(sqrt(h))


def duplicates_of(organization, *, nearby=True):
    """`nearby=False` when the point is only the seat of its county (the same-county check covers it)."""
    return find_duplicates(
        name=organization.name,
        credit_code=organization.credit_code,
        county_id=organization.county_id,
        city_id=organization.city_id,
        location=organization.location if nearby else None,
        exclude_pk=organization.pk,
    )


@transaction.atomic
def organization_duplicates_record(*, organization, nearby=True):
    """Store the likely duplicates of a new or imported organization for the moderators' list.
    Idempotent (a pair is stored once), so a retried task does no harm. Returns the candidates."""
    duplicates = duplicates_of(organization, nearby=nearby)
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
