"""Per-organization rating summaries (count, sums, decayed sums, last rating), rewritten from the
organizations' ratings in one set-based statement whenever the rating services change them.

Rebuilding a summary from its organization's ratings (rather than adding and subtracting one
rating) cannot drift: the same statement serves one organization after a rating, the few held in a
burst, and every organization (`organization_ids=None`) to repair rows written around the
services (bulk loads, a cascade delete), which the nightly job does before the full recompute.
"""

from django.conf import settings
from django.db import connection, transaction

from .. import method
from ..models import RatingStatus


def _summaries_sql(scoped):
    only = "AND r.organization_id = ANY(%(ids)s)" if scoped else ""
    only_summary = "AND s.organization_id = ANY(%(ids)s)" if scoped else ""
    return f"""
    WITH aged AS MATERIALIZED (
        SELECT r.organization_id, r.public_trust, r.financial, r.influence, r.updated_at,
               power(2.0::float8, ((r.updated_at AT TIME ZONE %(tz)s)::date - %(epoch)s::date)
                                  / (365.25 * %(half_life)s)) AS w
        FROM evaluation_rating r
        WHERE r.status = %(visible)s {only}
    ),
    summed AS MATERIALIZED (
        SELECT organization_id, count(*) AS n,
               sum(public_trust) AS st, sum(financial) AS sf, sum(influence) AS si,
               sum(w) AS w, sum(w * public_trust) AS wt, sum(w * financial) AS wf, sum(w * influence) AS wi,
               max(updated_at) AS last_at
        FROM aged GROUP BY organization_id
    ),
    upserted AS (
        INSERT INTO evaluation_ratingsummary AS s (organization_id, count, sum_public_trust, sum_financial,
            sum_influence, weight, weighted_public_trust, weighted_financial, weighted_influence, last_rated_at)
        SELECT organization_id, n, st, sf, si, w, wt, wf, wi, last_at FROM summed
        ON CONFLICT (organization_id) DO UPDATE SET
            count = EXCLUDED.count, sum_public_trust = EXCLUDED.sum_public_trust,
            sum_financial = EXCLUDED.sum_financial, sum_influence = EXCLUDED.sum_influence,
            weight = EXCLUDED.weight, weighted_public_trust = EXCLUDED.weighted_public_trust,
            weighted_financial = EXCLUDED.weighted_financial, weighted_influence = EXCLUDED.weighted_influence,
            last_rated_at = EXCLUDED.last_rated_at
        WHERE (s.count, s.sum_public_trust, s.sum_financial, s.sum_influence, s.last_rated_at)
              IS DISTINCT FROM (EXCLUDED.count, EXCLUDED.sum_public_trust, EXCLUDED.sum_financial,
                                EXCLUDED.sum_influence, EXCLUDED.last_rated_at)
           OR abs(s.weight - EXCLUDED.weight) > 1e-9 * greatest(1, EXCLUDED.weight)
        RETURNING 1
    ),
    removed AS (
        DELETE FROM evaluation_ratingsummary s
        WHERE NOT EXISTS (SELECT 1 FROM summed WHERE summed.organization_id = s.organization_id) {only_summary}
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM upserted), (SELECT count(*) FROM removed)
    """


@transaction.atomic
def rating_summaries_refresh(*, organization_ids=None):
    """Rewrite the summaries of these organizations (all when None) from their counted ratings.
    Returns (rows written, rows removed); unchanged rows are not rewritten."""
    if organization_ids is not None:
        organization_ids = sorted({int(pk) for pk in organization_ids})
        if not organization_ids:
            return 0, 0
    params = {"tz": settings.TIME_ZONE, "epoch": method.DECAY_EPOCH, "half_life": method.RATING_HALF_LIFE_YEARS,
              "visible": RatingStatus.VISIBLE, "ids": organization_ids}
    with connection.cursor() as cursor:
        if organization_ids is None:
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(_summaries_sql(scoped=organization_ids is not None), params)
        return cursor.fetchone()
