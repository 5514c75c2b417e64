"""Reads of the evaluation: what changed, the funders' list, an organization's explanation."""

import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, Exists, F, Max, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Floor, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from mapplatform.models import Match, MatchStatus
from orgs.models import IssueField, Organization, OrganizationKind, OrganizationStatus, Region
from orgs.selectors import filter_by_field_and_place
from surveys.models import Response, ResponseStatus, SurveyKind
from trainings.models import Application, ApplicationStatus

from . import method
from .disclosure_selectors import (  # noqa: F401  (the disclosure reads, importable from here too)
    counted_disclosures,
    disclosure_section,
    disclosures_compared,
    verified_disclosures,
)
from .models import (
    Disclosure,
    DisclosureKind,
    FieldEvaluation,
    Rating,
    RatingStatus,
    Shortlist,
    TrustScore,
)


def organizations_changed_since_scored(*, limit=500):
    """Organizations whose evidence changed after their score was computed, including events the
    lower apps record without knowing the evaluation (a self-evaluation submitted, a match
    accepted). Compared in SQL on indexed timestamps, a bounded number at a time; anything older
    than two days is left to the nightly full recompute."""
    since = timezone.now() - datetime.timedelta(days=2)

    def newer_than_score(queryset, organization, moment):
        computed = TrustScore.objects.filter(organization_id=OuterRef(organization)).values("computed_at")[:1]
        rows = (
            queryset.values(organization)
            .annotate(at=Max(moment))
            .annotate(computed=Subquery(computed))
            .filter(Q(computed__isnull=True) | Q(at__gt=F("computed")))
            .values_list(organization, flat=True)
        )
        return set(rows[:limit])

    changed = set()
    changed |= newer_than_score(Rating.objects.filter(updated_at__gte=since), "organization_id", "updated_at")
    changed |= newer_than_score(FieldEvaluation.objects.filter(approved_at__gte=since), "organization_id",
                                "approved_at")
    changed |= newer_than_score(
        Response.objects.filter(survey__kind=SurveyKind.SELF_EVALUATION, status=ResponseStatus.SUBMITTED,
                                updated_at__gte=since), "organization_id", "updated_at")
    # A disclosure verified, rejected or hidden (the review services stamp reviewed_at).
    changed |= newer_than_score(Disclosure.objects.filter(reviewed_at__gte=since), "organization_id", "reviewed_at")
    accepted = Match.objects.filter(status=MatchStatus.ACCEPTED, decided_at__gte=since)
    changed |= newer_than_score(accepted.filter(need__organization__isnull=False), "need__organization_id",
                                "decided_at")
    changed |= newer_than_score(accepted.filter(offer__organization__isnull=False), "offer__organization_id",
                                "decided_at")
    return sorted(changed)[:limit]


DIMENSIONS = ("public_trust", "financial", "influence")


def source_shares():
    """Each source's fixed share of the overall score (the average of the three dimensions), in %.

    Public trust and financial management have the transparency index as a fourth source, social
    influence the confirmed matches."""
    base = method.WEIGHT_PUBLIC + method.WEIGHT_FIELD + method.WEIGHT_SELF
    with_transparency = base + method.WEIGHT_TRANSPARENCY
    with_matches = base + method.WEIGHT_MATCHES

    def share(weight):
        return float(weight * (2 / with_transparency + 1 / with_matches) / 3 * 100)

    return {"ratings": share(method.WEIGHT_PUBLIC), "field": share(method.WEIGHT_FIELD),
            "self": share(method.WEIGHT_SELF), "matches": float(method.WEIGHT_MATCHES / with_matches / 3 * 100),
            "transparency": float(method.WEIGHT_TRANSPARENCY * 2 / with_transparency / 3 * 100)}


def transparency_checklist(*, organization, score=None):
    """The transparency checklist for one organization: each indicator that applies to its kind
    and registration, whether its verified disclosures meet it (as of the last recompute, stored
    on the score), and the missing ones with the most points first ("publish this next").
    Reads nothing more than the score already loaded."""
    met = set(score.transparency_met) if score is not None else set()
    applicable = method.transparency_indicators_for(kind=organization.kind,
                                                    registration_status=organization.registration_status)
    possible = sum(indicator.points for indicator in applicable)
    lines = []
    for indicator in applicable:
        lines.append({"code": indicator.code, "label": indicator.label, "points": indicator.points,
                      "share": round(100 * indicator.points / possible, 1) if possible else 0,
                      "category": method.TRANSPARENCY_CATEGORIES[indicator.category], "met": indicator.code in met})
    missing = sorted((line for line in lines if not line["met"]), key=lambda line: -line["points"])
    return {"index": score.transparency_index if score is not None else 0, "lines": lines, "next": missing[:3],
            "complete": bool(lines) and not missing}


def trust_explanation(*, organization):
    """What makes up the organization's score, source by source, and what would raise it.

    Sources have fixed weights (method v2); a source without evidence counts as the neutral score
    and is listed as such."""
    score = TrustScore.objects.filter(organization=organization).first()
    if score is None:
        return None
    evidence = score.evidence
    labels = {"ratings": _("Public ratings"), "field": _("Field evaluation"), "self": _("Self-evaluation"),
              "matches": _("Confirmed matches"), "transparency": _("Transparency index (verified disclosures)")}
    shares = source_shares()
    present = {name: bool(float(evidence.get(name, {}).get("weight") or 0)) for name in labels}
    sources = []
    for name, label in labels.items():
        detail = evidence.get(name, {})
        if not present[name]:
            label = _("%(source)s: no evidence yet, counts as %(neutral)s") % {
                "source": label, "neutral": method.NEUTRAL_SCORE}
        count = detail.get("count")
        if name == "transparency":
            count = len(detail.get("met") or [])  # checklist indicators met
        sources.append({
            "key": name,
            "label": label,
            "present": present[name],
            "share": round(shares[name]),
            "count": count if present[name] else None,
            "latest": (detail.get("latest") or detail.get("submitted")) if present[name] else None,
            "scores": detail.get("scores") or [None, None, detail.get("score")],
        })
    raise_it = []
    field_latest = evidence.get("field", {}).get("latest")
    if not present["field"]:
        raise_it.append(_("An approved field evaluation would count for %(share)s%% of the score.")
                        % {"share": round(shares["field"])})
    elif field_latest and str(field_latest) < str(
            timezone.localdate() - datetime.timedelta(days=365 * method.FIELD_RECENT_YEARS)):
        raise_it.append(_("The field evaluation is more than %(years)s years old; a new visit would count more.")
                        % {"years": method.FIELD_RECENT_YEARS})
    if not present["self"]:
        raise_it.append(_("Submitting the self-evaluation questionnaire adds self-reported evidence."))
    ratings = evidence.get("ratings", {}).get("count") or 0
    if ratings < method.RATINGS_FEW:
        raise_it.append(_("More public ratings (now %(count)s) would raise the confidence.") % {"count": ratings})
    if not present["matches"]:
        raise_it.append(_("Confirmed matches on the resource map count toward social influence."))
    checklist = transparency_checklist(organization=organization, score=score)
    if checklist["next"]:
        first = checklist["next"][0]
        raise_it.append(_("Publishing “%(item)s” (verified) would add %(points)s points to the transparency index, "
                          "which counts toward public trust and financial management.")
                        % {"item": first["label"], "points": first["share"]})
    history = list(organization.trust_history.order_by("-day").values_list("day", "overall")[:30])[::-1]
    return {"score": score, "sources": sources, "raise_it": raise_it, "history": history,
            "transparency": checklist}


def funders_list(*, filters):
    """Evaluated organizations for funders: filtered, sorted by the overall score or a dimension."""
    queryset = Organization.objects.filter(status=OrganizationStatus.PUBLISHED, trust_score_detail__isnull=False)
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    # The province is read from the score row (a copy of the organization's), which every sort
    # index ends with: a province's list and count walk an index and read the rows of that
    # province only. The organizations' province filter read all of the province's organizations
    # and sorted them (~100 ms for Beijing's ~5,600 at 1,000,000).
    queryset = filter_by_field_and_place(queryset, {**filters, "province": None})
    if province := filters.get("province"):
        queryset = queryset.filter(trust_score_detail__province_code=getattr(province, "pk", province))
    if filters.get("grade"):
        queryset = queryset.filter(trust_score_detail__grade__in=filters["grade"])
    if filters.get("confidence"):
        queryset = queryset.filter(trust_score_detail__confidence__in=filters["confidence"])
    if filters.get("transparency_min"):
        queryset = queryset.filter(trust_score_detail__transparency_index__gte=filters["transparency_min"])
    if filters.get("has_credit_code"):
        queryset = queryset.exclude(credit_code="")
    if filters.get("charity"):
        queryset = queryset.filter(charity_recognized=True)
    if filters.get("public_fundraising"):
        queryset = queryset.filter(public_fundraising=True)
    if filters.get("alumni"):
        trained = Application.objects.filter(organization=OuterRef("pk"), status=ApplicationStatus.ACCEPTED,
                                             attendance__present=True)
        queryset = queryset.filter(Exists(trained))
    sort = filters.get("sort") or "overall"
    column = {"overall": "overall", "public_trust": "public_trust", "financial": "financial",
              "influence": "influence", "transparency": "transparency_index"}.get(sort, "overall")
    order = F(f"trust_score_detail__{column}").desc()
    return _for_funders_rows(queryset).order_by(order, "trust_score_detail__organization_id")


def _for_funders_rows(queryset):
    # Lists never load the sources' scores or the organization's long texts; the profile and compare read them.
    return queryset.select_related("province", "trust_score_detail").defer(
        *(f"trust_score_detail__{name}" for name in TrustScore.SOURCE_SCORE_FIELDS),
        "trust_score_detail__transparency_met", "description", "digital_summary",
        "search_grams", "search_text", "name_pinyin", "name_initials", "location", "province__centroid")


def funders_list_stubs(queryset):
    """funders_list() rows carrying only what the page needs besides the cached cells: the id, the
    address (shortlist forms) and what the cells' cache is keyed by."""
    return queryset.select_related(None).select_related("trust_score_detail").only(
        "pk", "slug", "updated_at", "trust_score_detail__computed_at")


def funders_rows_by_id(*, ids):
    """Whole funders' list rows of these organizations, by id (for the cells not cached)."""
    return {organization.pk: organization
            for organization in _for_funders_rows(Organization.objects.filter(pk__in=ids))}


RECENT_COMMENTS = 5


def trust_section(*, organization, user):
    """The trust section of an organization's page: the score explained, the visitor's own
    rating (if they rated it) and the latest visible comments."""
    my_rating = None
    if user.is_authenticated:
        my_rating = Rating.objects.filter(user=user, organization=organization).first()
    recent = (
        Rating.objects.filter(organization=organization, status=RatingStatus.VISIBLE)
        .exclude(comment="").select_related("user").order_by("-updated_at")[:RECENT_COMMENTS]
    )
    trust = trust_explanation(organization=organization)
    if trust is not None:
        transparency = trust["transparency"]
    elif organization.kind in method.SCORED_KINDS:
        transparency = transparency_checklist(organization=organization)
    else:
        transparency = None
    return {
        "trust": trust,
        "transparency": transparency,
        "can_rate": user.has_perm("evaluation.rate_organization", organization),
        "my_rating": my_rating,
        "recent_ratings": recent,
    }


def ratings_of(*, user):
    """The user's own ratings, newest first."""
    return Rating.objects.filter(user=user).select_related("organization").order_by("-updated_at")


def organizations_to_compare(*, slugs):
    """Published, scored organizations among these slugs, best first."""
    return (
        Organization.objects.filter(slug__in=slugs, status=OrganizationStatus.PUBLISHED,
                                    trust_score_detail__isnull=False)
        .select_related("province", "trust_score_detail").prefetch_related("issue_fields")
        .order_by("-trust_score_detail__overall", "name")
    )


def shortlisted_ids(*, user):
    """Ids of the organizations on the user's shortlist (empty for anonymous visitors)."""
    if not user.is_authenticated:
        return set()
    return set(Shortlist.objects.filter(user=user).values_list("organization_id", flat=True))


def shortlist_of(*, user, limit=200):
    return Shortlist.objects.filter(user=user).select_related(
        "organization__province", "organization__trust_score_detail")[:limit]


def transparency_indicator_rows():
    """The published checklist as rows for the methodology page: category, label, points, how
    recent an item must be, and which organizations the indicator applies to."""
    kind_labels = dict(OrganizationKind.choices)
    rows = []
    for indicator in method.TRANSPARENCY_INDICATORS:
        if indicator.recent_years is None:
            recency = _("Any year")
        else:
            recency = _("The year it covers is this year or at most %(years)s years before") % {
                "years": indicator.recent_years}
        if indicator.min_count > 1:
            recency = _("%(recency)s; at least %(count)s items") % {"recency": recency, "count": indicator.min_count}
        applies = _(", ").join(str(kind_labels[kind]) for kind in indicator.kinds)
        if indicator.registrations == method.CIVIL_AFFAIRS:
            applies = _("%(kinds)s registered with civil affairs") % {"kinds": applies}
        elif indicator.registrations is not None:
            applies = _("%(kinds)s with a registration") % {"kinds": applies}
        rows.append({"code": indicator.code, "category": method.TRANSPARENCY_CATEGORIES[indicator.category],
                     "label": indicator.label, "points": indicator.points, "recency": recency, "applies": applies})
    return rows


FIGURES_YEARS = 6  # the year-over-year chart covers this year and the five before
FIGURES_CACHE_KEY = "evaluation:sector-figures"
FIGURES_CACHE_SECONDS = 26 * 3600  # refreshed by the nightly recompute; a day and a bit as a fallback
FIGURES_FIELDS = 23  # every issue field (there are 23)


def sector_figures(*, asof=None):
    """The transparency index across the sector, aggregated in SQL in three grouped queries whatever
    the number of organizations, in codes (labels are added when shown, in the visitor's language):
    scores by kind, region and tenth of the index; the index by issue field; and how many
    organizations disclosed each dated kind, year by year."""
    scored = TrustScore.objects.filter(organization__status=OrganizationStatus.PUBLISHED)
    cells = list(
        scored.annotate(bucket=Least(Floor(F("transparency_index") / 10), Value(9), output_field=IntegerField()))
        .values("organization__kind", "organization__province__region", "bucket")
        .annotate(n=Count("pk"), total=Sum("transparency_index"), disclosing=Count("pk", filter=Q(transparency_index__gt=0)))
        .values_list("organization__kind", "organization__province__region", "bucket", "n", "total", "disclosing"))
    by_field = list(
        scored.filter(organization__issue_fields__isnull=False).values("organization__issue_fields")
        .annotate(mean=Avg("transparency_index"), n=Count("pk")).order_by("-mean")
        .values_list("organization__issue_fields", "mean", "n")[:FIGURES_FIELDS])
    this_year = (asof or timezone.localdate()).year
    years = list(range(this_year - FIGURES_YEARS + 1, this_year + 1))
    dated = sorted({indicator.disclosure_kind for indicator in method.TRANSPARENCY_INDICATORS if indicator.recent_years})
    # Each (organization, kind, year) once, read from the index of counted disclosures.
    per_organization = (counted_disclosures().filter(
        organization__status=OrganizationStatus.PUBLISHED,
        year__gte=years[0], year__lte=years[-1], kind__in=dated).values("organization_id", "kind", "year").distinct())
    sql, params = per_organization.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT year, kind, count(*) FROM ({sql}) AS once GROUP BY year, kind", params)
        by_year = {(year, kind): n for year, kind, n in cursor.fetchall()}
    return {"cells": cells, "by_field": by_field, "years": years, "dated": dated, "by_year": by_year,
            "index_by_year": _index_by_year(years=years, asof=asof or timezone.localdate())}


# Each organization's index at the end of each year: its last history row of the year, carried
# forward through the years in which it did not change (history rows are written only on change).
# Rows from before the index existed (method v1–v2) have no index and are left out.
_INDEX_BY_YEAR_SQL = """
    WITH last_of_year AS (
        SELECT DISTINCT ON (h.organization_id, extract(year FROM h.day))
               h.organization_id, extract(year FROM h.day)::int AS y, h.transparency_index AS ti
        FROM evaluation_trustscorehistory h
        JOIN orgs_organization o ON o.id = h.organization_id AND o.status = %(published)s
        WHERE h.day <= %(asof)s
        ORDER BY h.organization_id, extract(year FROM h.day), h.day DESC
    ),
    spans AS (
        SELECT ti, y AS since, lead(y) OVER (PARTITION BY organization_id ORDER BY y) AS until
        FROM last_of_year
    )
    SELECT year, count(ti), avg(ti), count(*) FILTER (WHERE ti > 0)
    FROM generate_series(%(first)s::int, %(last)s::int) AS year
    JOIN spans ON spans.since <= year AND (spans.until IS NULL OR spans.until > year)
    WHERE ti IS NOT NULL
    GROUP BY year ORDER BY year
"""


def _index_by_year(*, years, asof):
    """{year: (organizations with an index, mean index, of which above zero)} from the score history,
    in one query; run by the nightly refresh of the figures, not per visit."""
    with connection.cursor() as cursor:
        cursor.execute(_INDEX_BY_YEAR_SQL, {"published": OrganizationStatus.PUBLISHED, "asof": asof,
                                            "first": years[0], "last": years[-1]})
        return {year: (n, mean, disclosing) for year, n, mean, disclosing in cursor.fetchall()}


def sector_figures_cached(*, refresh=False):
    """The sector figures from the cache; the nightly recompute refreshes them (`refresh`), so a
    visitor rarely waits for the queries."""
    if refresh:
        figures = sector_figures()
        cache.set(FIGURES_CACHE_KEY, figures, FIGURES_CACHE_SECONDS)
        return figures
    return cache.get_or_set(FIGURES_CACHE_KEY, sector_figures, FIGURES_CACHE_SECONDS)


def sector_figures_page():
    """The cached sector figures summed up for the page, with labels in the visitor's language."""
    figures = sector_figures_cached()
    kind_labels, region_labels = dict(OrganizationKind.choices), dict(Region.choices)
    kinds, regions, buckets = {}, {}, dict.fromkeys(range(10), 0)
    totals = {"n": 0, "total": Decimal(0), "disclosing": 0}
    for kind, region, bucket, n, total, disclosing in figures["cells"]:
        for groups, key in ((kinds, kind), (regions, region)):
            group = groups.setdefault(key, [0, Decimal(0)])
            group[0] += n
            group[1] += total or 0
        buckets[int(bucket)] += n
        totals["n"] += n
        totals["total"] += total or 0
        totals["disclosing"] += disclosing

    def means(groups, labels):
        rows = [(str(labels.get(key, key or "–")), round(total / n, 1), n) for key, (n, total) in groups.items() if n]
        return sorted(rows, key=lambda row: -row[1])

    field_names = {field.pk: field.name for field in IssueField.objects.all()}
    return {
        "totals": {"n": totals["n"], "disclosing": totals["disclosing"],
                   "mean": round(totals["total"] / totals["n"], 1) if totals["n"] else 0},
        "distribution": [(10 * b, 10 * b + 9 if b < 9 else 100, buckets[b]) for b in range(10)],
        "by_kind": means(kinds, kind_labels), "by_region": means(regions, region_labels),
        "by_field": [(field_names.get(pk, "–"), round(mean, 1), n) for pk, mean, n in figures["by_field"]],
        "years": figures["years"],
        "by_year": [(DisclosureKind(kind).label, [figures["by_year"].get((year, kind), 0) for year in figures["years"]])
                    for kind in figures["dated"]],
        "index_trend": _index_trend(figures),
    }


def _index_trend(figures):
    """The mean index and the share of organizations with an index above zero, per year (None for a
    year before any organization had an index)."""
    by_year = figures.get("index_by_year", {})  # absent from figures cached before it existed
    means, shares = [], []
    for year in figures["years"]:
        n, mean, disclosing = by_year.get(year, (0, None, 0))
        means.append(round(Decimal(mean), 1) if n else None)
        shares.append(round(Decimal(100 * disclosing) / n, 1) if n else None)
    return [(_("Mean transparency index"), means), (_("Organizations with an index above zero (%)"), shares)]


