"""Reads of the evaluation: what changed, the funders' list, an organization's explanation."""

import datetime

from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from mapplatform.models import Match, MatchStatus
from orgs.models import Organization, OrganizationStatus
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
from .models import FieldEvaluation, Rating, RatingStatus, Shortlist, TrustScore


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
    accepted = Match.objects.filter(status=MatchStatus.ACCEPTED, decided_at__gte=since)
    changed |= newer_than_score(accepted.filter(need__organization__isnull=False), "need__organization_id",
                                "decided_at")
    changed |= newer_than_score(accepted.filter(offer__organization__isnull=False), "offer__organization_id",
                                "decided_at")
    return sorted(changed)[:limit]


DIMENSIONS = ("public_trust", "financial", "influence")


def source_shares():
    """Each source's fixed share of the overall score (the average of the three dimensions), in %."""
    base = method.WEIGHT_PUBLIC + method.WEIGHT_FIELD + method.WEIGHT_SELF
    with_matches = base + method.WEIGHT_MATCHES

    def share(weight, dimensions_with_matches=1):
        return float(weight * (2 / base + dimensions_with_matches / with_matches) / 3 * 100)

    return {"ratings": share(method.WEIGHT_PUBLIC), "field": share(method.WEIGHT_FIELD),
            "self": share(method.WEIGHT_SELF), "matches": float(method.WEIGHT_MATCHES / with_matches / 3 * 100)}


def trust_explanation(*, organization):
    """What makes up the organization's score, source by source, and what would raise it.

    Sources have fixed weights (method v2); a source without evidence counts as the neutral score
    and is listed as such."""
    score = TrustScore.objects.filter(organization=organization).first()
    if score is None:
        return None
    evidence = score.evidence
    labels = {"ratings": _("Public ratings"), "field": _("Field evaluation"), "self": _("Self-evaluation"),
              "matches": _("Confirmed matches")}
    shares = source_shares()
    present = {name: bool(float(evidence.get(name, {}).get("weight") or 0)) for name in labels}
    sources = []
    for name, label in labels.items():
        detail = evidence.get(name, {})
        if not present[name]:
            label = _("%(source)s: no evidence yet, counts as %(neutral)s") % {
                "source": label, "neutral": method.NEUTRAL_SCORE}
        sources.append({
            "key": name,
            "label": label,
            "present": present[name],
            "share": round(shares[name]),
            "count": detail.get("count") if present[name] else None,
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
    history = list(organization.trust_history.order_by("-day").values_list("day", "overall")[:30])[::-1]
    return {"score": score, "sources": sources, "raise_it": raise_it, "history": history}


def funders_list(*, filters):
    """Evaluated organizations for funders: filtered, sorted by the overall score or a dimension."""
    queryset = Organization.objects.filter(status=OrganizationStatus.PUBLISHED, trust_score_detail__isnull=False)
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    queryset = filter_by_field_and_place(queryset, filters)
    if filters.get("grade"):
        queryset = queryset.filter(trust_score_detail__grade__in=filters["grade"])
    if filters.get("confidence"):
        queryset = queryset.filter(trust_score_detail__confidence__in=filters["confidence"])
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
              "influence": "influence"}.get(sort, "overall")
    # Lists never load the evidence or the organization's long texts; the profile and compare read them.
    return queryset.select_related("province", "trust_score_detail").defer(
        "trust_score_detail__evidence", "description", "digital_summary", "search_grams", "search_text").order_by(
        f"-trust_score_detail__{column}", "trust_score_detail__organization_id")


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
    return {
        "trust": trust_explanation(organization=organization),
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
