"""Suggesting offers for a need (and needs for an offer), ranked by type, field, distance, freshness."""

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.db.models import Count, Q
from django.utils import timezone

from ..models import PostKind, ResourcePost
from ..models.posts import ACTIVE_STATUSES

# Points out of 100: what a match-maker would look at first.
WEIGHT_TYPE = 40
WEIGHT_FIELD = 25
WEIGHT_DISTANCE = 20
WEIGHT_FRESHNESS = 15
DISTANCE_SCALE_KM = 500  # beyond this, distance gives no points
FRESHNESS_SCALE_DAYS = 90
CANDIDATES = 300  # nearest open posts looked at, per kind of candidate: keeps the work bounded


def _score(post, candidate, today):
    same_type = candidate.resource_type == post.resource_type
    field_share = candidate.shared_fields / max(1, post.field_count)
    km = candidate.distance.m / 1000 if candidate.distance is not None else DISTANCE_SCALE_KM
    age_days = (today - timezone.localdate(candidate.created_at)).days
    score = (
        WEIGHT_TYPE * same_type
        + WEIGHT_FIELD * min(1.0, field_share)
        + WEIGHT_DISTANCE * max(0.0, 1 - km / DISTANCE_SCALE_KM)
        + WEIGHT_FRESHNESS * max(0.0, 1 - age_days / FRESHNESS_SCALE_DAYS)
    )
    return round(score, 1), {"same_type": same_type, "shared_fields": candidate.shared_fields, "km": round(km),
                             "age_days": age_days}


def suggested_matches(*, post, limit=10):
    """The best posts of the other kind for `post`, each with its score and the reasons."""
    other = PostKind.OFFER if post.kind == PostKind.NEED else PostKind.NEED
    field_ids = list(post.issue_fields.values_list("pk", flat=True))
    post.field_count = len(field_ids)
    base = ResourcePost.objects.shown().filter(
        kind=other, status__in=ACTIVE_STATUSES, expires_on__gte=timezone.localdate()
    )
    # Never one's own posts.
    if post.organization_id:
        base = base.exclude(organization_id=post.organization_id)
    else:
        base = base.exclude(author_id=post.author_id)
    # Nearest first through the spatial index (the <-> operator), in two bounded pools.
    nearest = base.order_by(GeometryDistance("location", post.location)).values_list("pk", flat=True)
    pool = set(nearest.filter(resource_type=post.resource_type)[:CANDIDATES]) | set(nearest[:CANDIDATES])
    candidates = (
        ResourcePost.objects.filter(pk__in=pool)
        .annotate(
            distance=Distance("location", post.location, spheroid=True),
            shared_fields=Count("issue_fields", filter=Q(issue_fields__in=field_ids), distinct=True),
        )
        .select_related("organization", "province")
    )
    today = timezone.localdate()
    ranked = []
    for candidate in candidates:
        score, reasons = _score(post, candidate, today)
        ranked.append((score, candidate, reasons))
    ranked.sort(key=lambda row: (-row[0], row[1].pk))
    return ranked[:limit]
