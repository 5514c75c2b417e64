"""Reads of the evaluation: what changed, the funders' list, an organization's explanation."""

import datetime

from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from mapplatform.models import Match, MatchStatus
from orgs.models import Organization, OrganizationStatus
from orgs.selectors import filter_by_field_and_place
from surveys.models import Response, ResponseStatus, SurveyKind
from trainings.models import Application, ApplicationStatus

from . import method
from .models import FieldEvaluation, Rating, TrustScore


def organizations_changed_since_scored(*, limit=500):
    """Organizations whose evidence changed after their score was computed, including events the
    lower apps record without knowing the evaluation (a self-evaluation submitted, a match
    accepted). Found with indexed timestamps, a bounded number at a time."""
    since = timezone.now() - datetime.timedelta(days=2)
    scored = dict(TrustScore.objects.values_list("organization_id", "computed_at"))
    changed = set()
    candidates = [
        Rating.objects.filter(updated_at__gte=since).values("organization_id").annotate(at=Max("updated_at")),
        FieldEvaluation.objects.filter(approved_at__gte=since).values("organization_id").annotate(at=Max("approved_at")),
        Response.objects.filter(survey__kind=SurveyKind.SELF_EVALUATION, status=ResponseStatus.SUBMITTED,
                                updated_at__gte=since).values("organization_id").annotate(at=Max("updated_at")),
    ]
    for queryset in candidates:
        for row in queryset[:limit]:
            computed = scored.get(row["organization_id"])
            if computed is None or row["at"] > computed:
                changed.add(row["organization_id"])
    for match in Match.objects.filter(status=MatchStatus.ACCEPTED, decided_at__gte=since).select_related(
            "need", "offer")[:limit]:
        for post in (match.need, match.offer):
            if post.organization_id:
                computed = scored.get(post.organization_id)
                if computed is None or match.decided_at > computed:
                    changed.add(post.organization_id)
    return sorted(changed)[:limit]


DIMENSIONS = ("public_trust", "financial", "influence")


def trust_explanation(*, organization):
    """What makes up the organization's score, source by source, and what would raise it."""
    score = TrustScore.objects.filter(organization=organization).first()
    if score is None:
        return None
    evidence = score.evidence
    sources = []
    labels = {"ratings": _("Public ratings"), "field": _("Field evaluation"), "self": _("Self-evaluation"),
              "matches": _("Confirmed matches"), "neutral": _("Neutral starting point (50)")}
    weights = {name: float(evidence.get(name, {}).get("weight") or 0) for name in labels}
    total = sum(weights.values()) or 1
    for name, label in labels.items():
        if not weights[name]:
            continue
        detail = evidence.get(name, {})
        sources.append({
            "key": name,
            "label": label,
            "share": round(100 * weights[name] / total),
            "count": detail.get("count"),
            "latest": detail.get("latest") or detail.get("submitted"),
            "scores": detail.get("scores") or [None, None, detail.get("score")],
        })
    raise_it = []
    if not weights["field"]:
        raise_it.append(_("An approved field evaluation would count for up to %(share)s%% of the score.")
                        % {"share": int(method.WEIGHT_FIELD * 100)})
    elif evidence["field"]["latest"] and str(evidence["field"]["latest"]) < str(
            timezone.localdate() - datetime.timedelta(days=365 * method.FIELD_RECENT_YEARS)):
        raise_it.append(_("The field evaluation is more than three years old; a new visit would count more."))
    if not weights["self"]:
        raise_it.append(_("Submitting the self-evaluation questionnaire adds self-reported evidence."))
    if (evidence["ratings"]["count"] or 0) < 10:
        raise_it.append(_("More public ratings (now %(count)s) would raise the confidence.")
                        % {"count": evidence["ratings"]["count"] or 0})
    if not weights["matches"]:
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
    if filters.get("alumni"):
        trained = Application.objects.filter(organization=OuterRef("pk"), status=ApplicationStatus.ACCEPTED,
                                             attendance__present=True)
        queryset = queryset.filter(Exists(trained))
    sort = filters.get("sort") or "overall"
    column = {"overall": "overall", "public_trust": "public_trust", "financial": "financial",
              "influence": "influence"}.get(sort, "overall")
    return queryset.select_related("province", "trust_score_detail").order_by(
        f"-trust_score_detail__{column}", "name")
