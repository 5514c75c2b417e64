"""Recomputing trust scores in set-based SQL: the whole sector nightly, one organization within a
minute of an event. Both run the same statement (with or without an organization filter), so
they always agree, and running it twice gives the same scores."""

import contextlib
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from mapplatform.models import MatchStatus
from orgs.models import OrganizationStatus, RegistrationStatus
from surveys.models import QuestionType, ResponseStatus, SurveyKind

from .. import method
from ..models import Dimension, DisclosureStatus, FieldEvaluationStatus, TrustScore
from ..models.scores import ANSWER_NO, ANSWER_YES
from .summaries import rating_summaries_refresh

# A constant key for PostgreSQL's advisory lock: only one full recompute runs at a time.
FULL_RECOMPUTE_LOCK = 8_204_020


# One organization's matches, found through the posts' and matches' indexes (an OR across the two
# joined posts would read every accepted match).
_ONE_ORGANIZATION_MATCHES = """
          AND m.id IN (SELECT mn.id FROM mapplatform_match mn JOIN mapplatform_resourcepost pn ON pn.id = mn.need_id
                       WHERE pn.organization_id = %(organization_id)s
                       UNION ALL
                       SELECT mo.id FROM mapplatform_match mo JOIN mapplatform_resourcepost po ON po.id = mo.offer_id
                       WHERE po.organization_id = %(organization_id)s)"""


# TrustScore's columns for each source's scores, and their names in the statement below.
SOURCE_SCORES = tuple(zip(TrustScore.SOURCE_SCORE_FIELDS,
                          ("p_t", "p_f", "p_i", "f_t", "f_f", "f_i", "s_t", "s_f", "s_i", "m_i"), strict=True))


def _scores_sql(scoped):
    """The statement that writes TrustScore, history and the organizations' summary.

    `scoped` adds a filter on %(organization_id)s to every source, for a single organization.
    Every status value, weight and threshold is a query parameter (see _params), taken from the
    models' choices and from method.py. CTEs read more than once are MATERIALIZED so they are
    computed once; only scores that changed are written, and only changed scores add history.
    """
    only = "AND {col} = %(organization_id)s" if scoped else ""

    def f(col):
        return only.format(col=col)

    grades = " ".join(f"WHEN overall >= %(grade_floor_{n})s THEN %(grade_{n})s" for n in range(len(method.GRADES)))
    confidence = " ".join(f"WHEN evidence_points >= %(confidence_floor_{n})s THEN %(confidence_{n})s"
                          for n in range(len(method.CONFIDENCE)))
    # A single organization is always rewritten (its computed_at tells the minute sweep that its
    # events were seen); the full run writes only the scores that changed.
    written = "scored" if scoped else "changed"
    # Each indicator is a bit: an organization's disclosures give the bits it meets, its kind and
    # registration the bits that apply (transparency_possible); points are summed from the bits in
    # plain expressions, so no organization row is looked up twice.
    indicators = list(enumerate(method.TRANSPARENCY_INDICATORS))
    rules = ", ".join(
        f"({1 << n}, %(ti_kind_{n})s, %(ti_recent_{n})s::int, %(ti_min_{n})s::int)" for n, _i in indicators)

    def points(category=None):
        return " + ".join(f"CASE WHEN tbits & {1 << n} <> 0 THEN %(ti_points_{n})s ELSE 0 END"
                          for n, indicator in indicators if category in (None, indicator.category))

    parts = ",\n".join(
        f"               coalesce(100.0 * ({points(c)}) / nullif(p_{c}, 0), 0) AS x_{c}"
        for c in method.TRANSPARENCY_CATEGORIES)
    met_codes = ", ".join(f"CASE WHEN tbits & {1 << n} <> 0 THEN %(ti_code_{n})s END" for n, _i in indicators)
    # Each source's scores, rounded as stored, compared and written like the scores themselves.
    rounded_sources = ", ".join(f"round({name}::numeric, 1) AS {name}" for _column, name in SOURCE_SCORES)
    source_scores = ", ".join(name for _column, name in SOURCE_SCORES)
    source_columns = ", ".join(column for column, _name in SOURCE_SCORES)
    source_updates = ", ".join(f"{column} = EXCLUDED.{column}" for column, _name in SOURCE_SCORES)
    stored_sources = ", ".join(f"ts.{column}" for column, _name in SOURCE_SCORES)
    scored_sources = ", ".join(f"s.{name}" for _column, name in SOURCE_SCORES)
    return f"""
    WITH
    transparency_rules AS (
        -- The published checklist (method.TRANSPARENCY_INDICATORS): each indicator's bit, the kind
        -- of disclosure it needs, how recent (years) and how many.
        SELECT * FROM (VALUES {rules}) AS r(bit, kind, recent, min_count)
    ),
    transparency_possible AS MATERIALIZED (
        -- For each kind and registration (method.transparency_indicators_for): the bits of the
        -- indicators that apply, and their points in all and per category.
        SELECT * FROM unnest(%(tp_kind)s::text[], %(tp_registration)s::text[], %(tp_mask)s::int[],
                             %(tp_all)s::numeric[], %(tp_basic)s::numeric[], %(tp_financial)s::numeric[],
                             %(tp_projects)s::numeric[], %(tp_donors)s::numeric[])
            AS p(kind, registration_status, mask, p_all, p_basic, p_financial, p_projects, p_donors)
    ),
    disclosed AS MATERIALIZED (
        -- The indicators each organization's verified, visible disclosures meet (recent enough, at
        -- least min_count of them), as bits; whether they apply to it is checked in `inputs`.
        SELECT organization_id, bit_or(bit) AS bits
        FROM (SELECT d.organization_id, r.bit
              FROM evaluation_disclosure d JOIN transparency_rules r ON r.kind = d.kind
              WHERE d.status = %(verified)s AND NOT d.is_hidden {f("d.organization_id")}
                AND (r.recent IS NULL
                     OR coalesce(d.year, extract(year FROM d.published_on)::int) BETWEEN %(asof_year)s - r.recent AND %(asof_year)s)
              GROUP BY d.organization_id, r.bit, r.min_count HAVING count(*) >= r.min_count) AS met
        GROUP BY organization_id
    ),
    ratings AS MATERIALIZED (
        -- The rating summaries hold sums weighted relative to method.DECAY_EPOCH; `aged` turns them
        -- into weights at %(asof)s (½ per half-life of age).
        SELECT organization_id, count AS n, weight * aged AS mass,
               100.0 * ((%(prior_votes)s * %(prior_mean)s + weighted_public_trust * aged) / (%(prior_votes)s + weight * aged)
                        - %(rating_min)s) / (%(rating_max)s - %(rating_min)s) AS p_t,
               100.0 * ((%(prior_votes)s * %(prior_mean)s + weighted_financial * aged) / (%(prior_votes)s + weight * aged)
                        - %(rating_min)s) / (%(rating_max)s - %(rating_min)s) AS p_f,
               100.0 * ((%(prior_votes)s * %(prior_mean)s + weighted_influence * aged) / (%(prior_votes)s + weight * aged)
                        - %(rating_min)s) / (%(rating_max)s - %(rating_min)s) AS p_i
        FROM (SELECT *, power(0.5::float8, (%(asof)s::date - %(epoch)s::date) / (365.25 * %(rating_half_life)s)) AS aged
              FROM evaluation_ratingsummary WHERE count > 0 {f("organization_id")}) AS summary
    ),
    field_weighted AS (
        SELECT organization_id, visit_date, score_public_trust, score_financial, score_influence,
               least(1.0, power(0.5::float8, (%(asof)s::date - visit_date) / (365.25 * %(field_half_life)s))) AS w
        FROM evaluation_fieldevaluation WHERE status = %(approved)s {f("organization_id")}
    ),
    field AS MATERIALIZED (
        -- Each visit's levels (0–5, × 100 / 5) averaged by weight together with imagined neutral visits.
        SELECT organization_id, count(*) AS n, max(visit_date) AS latest,
               (%(field_prior)s * %(neutral)s + sum(w * score_public_trust) * 100.0 / %(level_max)s) / (%(field_prior)s + sum(w)) AS f_t,
               (%(field_prior)s * %(neutral)s + sum(w * score_financial) * 100.0 / %(level_max)s) / (%(field_prior)s + sum(w)) AS f_f,
               (%(field_prior)s * %(neutral)s + sum(w * score_influence) * 100.0 / %(level_max)s) / (%(field_prior)s + sum(w)) AS f_i
        FROM field_weighted GROUP BY organization_id
    ),
    latest_self AS MATERIALIZED (
        SELECT DISTINCT ON (r.organization_id) r.organization_id, r.id AS response_id, r.survey_id, r.submitted_at
        FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id
        WHERE s.kind = %(self_evaluation)s AND r.status = %(submitted)s AND r.organization_id IS NOT NULL {f("r.organization_id")}
        ORDER BY r.organization_id, s.edition DESC, r.submitted_at DESC
    ),
    self_points AS (
        SELECT ls.organization_id, ap.dimension, sum(ap.points) AS points
        FROM latest_self ls
        JOIN surveys_answer a ON a.response_id = ls.response_id
        JOIN surveys_question q ON q.id = a.question_id
        JOIN evaluation_answerpoints ap ON ap.survey_id = ls.survey_id AND ap.question_key = q.key
         AND ((ap.answer_value <> '' AND (ap.answer_value = ANY(a.choices)
                                          OR (ap.answer_value = %(yes)s AND a.boolean)
                                          OR (ap.answer_value = %(no)s AND NOT a.boolean)))
              OR (ap.min_number IS NOT NULL AND a.number >= ap.min_number))
        GROUP BY ls.organization_id, ap.dimension
    ),
    self_max AS MATERIALIZED (
        -- The most a questionnaire can give per dimension: number thresholds add up, several
        -- choices of a multiple-choice question add up, otherwise the best single answer counts.
        SELECT survey_id, dimension, sum(best) AS max_points
        FROM (SELECT ap.survey_id, ap.question_key, ap.dimension,
                     coalesce(sum(ap.points) FILTER (WHERE ap.min_number IS NOT NULL), 0)
                     + coalesce(CASE WHEN max(q.type) = %(multiple)s
                                     THEN sum(ap.points) FILTER (WHERE ap.answer_value <> '')
                                     ELSE max(ap.points) FILTER (WHERE ap.answer_value <> '') END, 0) AS best
              FROM evaluation_answerpoints ap
              JOIN surveys_question q ON q.survey_id = ap.survey_id AND q.key = ap.question_key
              WHERE ap.survey_id IN (SELECT survey_id FROM latest_self)
              GROUP BY ap.survey_id, ap.question_key, ap.dimension) AS per_question
        GROUP BY survey_id, dimension
    ),
    self AS MATERIALIZED (
        SELECT ls.organization_id, ls.submitted_at,
               max(CASE WHEN sm.dimension = %(public_trust)s THEN least(100.0, 100.0 * coalesce(sp.points, 0) / nullif(sm.max_points, 0)) END) AS s_t,
               max(CASE WHEN sm.dimension = %(financial)s THEN least(100.0, 100.0 * coalesce(sp.points, 0) / nullif(sm.max_points, 0)) END) AS s_f,
               max(CASE WHEN sm.dimension = %(influence)s THEN least(100.0, 100.0 * coalesce(sp.points, 0) / nullif(sm.max_points, 0)) END) AS s_i
        FROM latest_self ls
        LEFT JOIN self_max sm ON sm.survey_id = ls.survey_id
        LEFT JOIN self_points sp ON sp.organization_id = ls.organization_id AND sp.dimension = sm.dimension
        GROUP BY ls.organization_id, ls.submitted_at
    ),
    match_sides AS MATERIALIZED (
        SELECT np.organization_id AS need_org, np.author_id AS need_user, op.organization_id AS offer_org,
               op.author_id AS offer_user
        FROM mapplatform_match m
        JOIN mapplatform_resourcepost np ON np.id = m.need_id
        JOIN mapplatform_resourcepost op ON op.id = m.offer_id
        WHERE m.status = %(accepted)s {_ONE_ORGANIZATION_MATCHES if scoped else ""}
    ),
    partners AS (
        -- Each partner once, however many matches the pair confirmed (an organization, or the
        -- person behind a personal post); a match between an organization's own posts is no one's.
        SELECT need_org AS organization_id, coalesce('o' || offer_org, 'u' || offer_user) AS partner
        FROM match_sides WHERE need_org IS NOT NULL AND need_org IS DISTINCT FROM offer_org
        UNION
        SELECT offer_org, coalesce('o' || need_org, 'u' || need_user)
        FROM match_sides WHERE offer_org IS NOT NULL AND offer_org IS DISTINCT FROM need_org
    ),
    matches AS MATERIALIZED (
        SELECT organization_id, count(*) AS n FROM partners WHERE true {f("organization_id")} GROUP BY organization_id
    ),
    inputs AS (
        SELECT o.id AS organization_id, o.province_id AS province_code,
               coalesce(r.n, 0) AS rn, coalesce(r.mass, 0) AS rmass, r.p_t, r.p_f, r.p_i,
               coalesce(fd.n, 0) AS fn, fd.latest, fd.f_t, fd.f_f, fd.f_i,
               sf.submitted_at AS self_at, sf.s_t, sf.s_f, sf.s_i,
               coalesce(mt.n, 0) AS mn,
               (%(matches_prior)s * %(neutral)s + 100.0 * mt.n) / (%(matches_prior)s + mt.n) AS m_i,
               coalesce(dc.bits, 0) & coalesce(tp.mask, 0) AS tbits, tp.p_all, tp.p_basic, tp.p_financial,
               tp.p_projects, tp.p_donors
        FROM orgs_organization o
        LEFT JOIN ratings r ON r.organization_id = o.id
        LEFT JOIN field fd ON fd.organization_id = o.id
        LEFT JOIN self sf ON sf.organization_id = o.id
        LEFT JOIN matches mt ON mt.organization_id = o.id
        LEFT JOIN disclosed dc ON dc.organization_id = o.id
        LEFT JOIN transparency_possible tp ON tp.kind = o.kind AND tp.registration_status = o.registration_status
        WHERE o.status = %(published)s AND o.kind = ANY(%(kinds)s) {f("o.id")}
          AND (r.n IS NOT NULL OR fd.n IS NOT NULL OR sf.organization_id IS NOT NULL OR mt.n IS NOT NULL
               OR coalesce(dc.bits, 0) & coalesce(tp.mask, 0) <> 0)
    ),
    transparency AS (
        -- The index: points earned as a share of the points that apply, in all and per category.
        SELECT *, coalesce(100.0 * ({points()}) / nullif(p_all, 0), 0) AS x_all,
{parts},
               array_remove(ARRAY[{met_codes}]::varchar(30)[], NULL) AS met
        FROM inputs
    ),
    dims AS (
        -- Fixed weights; a source without evidence stands at the neutral score, so evidence that
        -- raises a source's value can only raise the dimension. The transparency index counts as
        -- neutral + (100 − neutral) × index / 100 (the whole index for public trust, its financial
        -- part for financial management).
        SELECT *,
               (%(w_public)s * coalesce(p_t, %(neutral)s) + %(w_field)s * coalesce(f_t, %(neutral)s)
                + %(w_self)s * coalesce(s_t, %(neutral)s)
                + %(w_transparency)s * (%(neutral)s + (100 - %(neutral)s) * x_all / 100.0))
                   / (%(w_public)s + %(w_field)s + %(w_self)s + %(w_transparency)s) AS d_t,
               (%(w_public)s * coalesce(p_f, %(neutral)s) + %(w_field)s * coalesce(f_f, %(neutral)s)
                + %(w_self)s * coalesce(s_f, %(neutral)s)
                + %(w_transparency)s * (%(neutral)s + (100 - %(neutral)s) * x_financial / 100.0))
                   / (%(w_public)s + %(w_field)s + %(w_self)s + %(w_transparency)s) AS d_f,
               (%(w_public)s * coalesce(p_i, %(neutral)s) + %(w_field)s * coalesce(f_i, %(neutral)s)
                + %(w_self)s * coalesce(s_i, %(neutral)s) + %(w_matches)s * coalesce(m_i, %(neutral)s))
                   / (%(w_public)s + %(w_field)s + %(w_self)s + %(w_matches)s) AS d_i
        FROM transparency
    ),
    final AS (
        SELECT *,
               round(((d_t + d_f + d_i) / 3)::numeric, 1) AS overall,
               (CASE WHEN self_at IS NOT NULL THEN %(ep_self)s ELSE 0 END
                + CASE WHEN fn > 0 AND latest >= %(asof)s::date - make_interval(years => %(field_recent_years)s)
                       THEN %(ep_field)s ELSE 0 END
                + CASE WHEN rmass >= %(ratings_few)s - 0.0005 THEN %(ep_ratings_few)s ELSE 0 END
                + CASE WHEN rmass >= %(ratings_many)s - 0.0005 THEN %(ep_ratings_many)s ELSE 0 END
                + CASE WHEN mn > 0 THEN %(ep_matches)s ELSE 0 END) AS evidence_points
        FROM dims
    ),
    scored AS MATERIALIZED (
        SELECT organization_id, province_code, round(d_t::numeric, 1) AS t, round(d_f::numeric, 1) AS fi, round(d_i::numeric, 1) AS i,
               overall, CASE {grades} END AS grade, CASE {confidence} END AS confidence,
               rn, fn, latest, self_at, mn, evidence_points, {rounded_sources},
               round(x_all::numeric, 1) AS ti, round(x_basic::numeric, 1) AS tb, round(x_financial::numeric, 1) AS tf,
               round(x_projects::numeric, 1) AS tp, round(x_donors::numeric, 1) AS td, met
        FROM final
    ),
    changed AS MATERIALIZED (
        -- Compared on plain columns (the scores and the amounts of evidence), so the evidence
        -- document is built only for the rows written.
        SELECT s.*, (ts.organization_id IS NULL
                     OR (ts.public_trust, ts.financial, ts.influence, ts.overall, ts.grade, ts.method_version,
                         ts.transparency_index)
                        IS DISTINCT FROM (s.t, s.fi, s.i, s.overall, s.grade, %(version)s, s.ti)) AS score_changed
        FROM scored s LEFT JOIN evaluation_trustscore ts ON ts.organization_id = s.organization_id
        WHERE ts.organization_id IS NULL
           OR (ts.public_trust, ts.financial, ts.influence, ts.overall, ts.grade, ts.confidence, ts.method_version,
               ts.ratings_count, ts.field_count, ts.field_latest, ts.self_submitted_at, ts.partners, ts.evidence_points,
               ts.transparency_index, ts.transparency_basic, ts.transparency_financial, ts.transparency_projects,
               ts.transparency_donors, ts.transparency_met, ts.province_code, {stored_sources})
              IS DISTINCT FROM (s.t, s.fi, s.i, s.overall, s.grade, s.confidence, %(version)s,
                                s.rn, s.fn, s.latest, s.self_at, s.mn, s.evidence_points,
                                s.ti, s.tb, s.tf, s.tp, s.td, s.met, s.province_code, {scored_sources})
    ),
    upserted AS (
        INSERT INTO evaluation_trustscore (organization_id, public_trust, financial, influence, overall, grade,
                                           confidence, ratings_count, field_count, field_latest, self_submitted_at,
                                           partners, evidence_points, {source_columns}, method_version, computed_at,
                                           transparency_index, transparency_basic, transparency_financial,
                                           transparency_projects, transparency_donors, transparency_met, province_code)
        SELECT organization_id, t, fi, i, overall, grade, confidence, rn, fn, latest, self_at, mn, evidence_points,
               {source_scores},
               %(version)s, %(now)s, ti, tb, tf, tp, td, met, province_code
        FROM {written}
        ON CONFLICT (organization_id) DO UPDATE SET
            public_trust = EXCLUDED.public_trust, financial = EXCLUDED.financial, influence = EXCLUDED.influence,
            overall = EXCLUDED.overall, grade = EXCLUDED.grade, confidence = EXCLUDED.confidence,
            ratings_count = EXCLUDED.ratings_count, field_count = EXCLUDED.field_count,
            field_latest = EXCLUDED.field_latest, self_submitted_at = EXCLUDED.self_submitted_at,
            partners = EXCLUDED.partners, evidence_points = EXCLUDED.evidence_points,
            {source_updates}, method_version = EXCLUDED.method_version, computed_at = EXCLUDED.computed_at,
            transparency_index = EXCLUDED.transparency_index, transparency_basic = EXCLUDED.transparency_basic,
            transparency_financial = EXCLUDED.transparency_financial,
            transparency_projects = EXCLUDED.transparency_projects, transparency_donors = EXCLUDED.transparency_donors,
            transparency_met = EXCLUDED.transparency_met, province_code = EXCLUDED.province_code
        RETURNING organization_id
    ),
    history AS (
        -- A history row only when a score changed; a second change the same day updates that day's row.
        INSERT INTO evaluation_trustscorehistory (organization_id, day, overall, public_trust, financial, influence,
                                                  grade, method_version, transparency_index)
        SELECT organization_id, %(asof)s, overall, t, fi, i, grade, %(version)s, ti FROM changed WHERE score_changed
        ON CONFLICT (organization_id, day) DO UPDATE SET
            overall = EXCLUDED.overall, public_trust = EXCLUDED.public_trust, financial = EXCLUDED.financial,
            influence = EXCLUDED.influence, grade = EXCLUDED.grade, method_version = EXCLUDED.method_version,
            transparency_index = EXCLUDED.transparency_index
        RETURNING organization_id
    ),
    gone_ids AS MATERIALIZED (
        -- Scores of organizations no longer scored: a hashed set difference of the ids (an anti-join
        -- sorted both sides, about 2 s at 1,000,000 organizations even when nothing is gone).
        SELECT organization_id FROM evaluation_trustscore WHERE true {f("organization_id")}
        EXCEPT
        SELECT organization_id FROM scored
    ),
    gone AS (
        DELETE FROM evaluation_trustscore ts USING gone_ids g WHERE ts.organization_id = g.organization_id
        RETURNING ts.organization_id
    ),
    summary AS (
        -- The grade and score lower apps show (orgs.TrustSummary), written only when they changed.
        INSERT INTO orgs_trustsummary (organization_id, grade, score)
        SELECT organization_id, grade, overall FROM {"scored" if scoped else "changed"}
        ON CONFLICT (organization_id) DO UPDATE SET grade = EXCLUDED.grade, score = EXCLUDED.score
        WHERE (orgs_trustsummary.grade, orgs_trustsummary.score) IS DISTINCT FROM (EXCLUDED.grade, EXCLUDED.score)
        RETURNING organization_id
    ),
    summary_gone AS (
        DELETE FROM orgs_trustsummary t
        USING (SELECT organization_id FROM orgs_trustsummary WHERE true {f("organization_id")}
               EXCEPT
               SELECT organization_id FROM scored) AS g
        WHERE t.organization_id = g.organization_id
        RETURNING t.organization_id
    )
    SELECT (SELECT count(*) FROM upserted), (SELECT count(*) FROM gone), (SELECT count(*) FROM history),
           (SELECT count(*) FROM summary) + (SELECT count(*) FROM summary_gone), (SELECT count(*) FROM scored)
    """


def _run(sql, params, *, full=False):
    with connection.cursor() as cursor:
        # JIT compilation costs more than it saves on this statement (seconds at 100,000 organizations).
        cursor.execute("SET LOCAL jit = off")
        if full:
            # Room to hash the whole sector's rows in memory instead of sorting them on disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        return cursor.fetchone()


def _params(asof, organization_id=None):
    ep = method.EVIDENCE_POINTS
    asof = asof or timezone.localdate()
    params = {
        "asof": asof, "asof_year": asof.year, "now": timezone.now(), "version": method.METHOD_VERSION,
        "organization_id": organization_id,
        # Values from the models' choices.
        "approved": FieldEvaluationStatus.APPROVED, "self_evaluation": SurveyKind.SELF_EVALUATION,
        "submitted": ResponseStatus.SUBMITTED, "accepted": MatchStatus.ACCEPTED,
        "published": OrganizationStatus.PUBLISHED, "kinds": [str(kind) for kind in method.SCORED_KINDS],
        "multiple": QuestionType.MULTIPLE, "yes": ANSWER_YES, "no": ANSWER_NO,
        "public_trust": Dimension.PUBLIC_TRUST, "financial": Dimension.FINANCIAL, "influence": Dimension.INFLUENCE,
        # The method's numbers.
        "neutral": method.NEUTRAL_SCORE, "w_public": method.WEIGHT_PUBLIC, "w_field": method.WEIGHT_FIELD,
        "w_self": method.WEIGHT_SELF, "w_matches": method.WEIGHT_MATCHES,
        "w_transparency": method.WEIGHT_TRANSPARENCY, "verified": DisclosureStatus.VERIFIED,
        "prior_votes": method.PRIOR_VOTES, "prior_mean": method.PRIOR_MEAN,
        "rating_min": method.RATING_MIN, "rating_max": method.RATING_MAX,
        "rating_half_life": method.RATING_HALF_LIFE_YEARS, "epoch": method.DECAY_EPOCH,
        "field_half_life": method.FIELD_HALF_LIFE_YEARS, "field_prior": method.FIELD_PRIOR_VISITS,
        "level_max": method.FIELD_LEVEL_MAX, "matches_prior": method.MATCHES_PRIOR,
        "field_recent_years": method.FIELD_RECENT_YEARS, "ratings_few": method.RATINGS_FEW,
        "ratings_many": method.RATINGS_MANY,
        "ep_self": ep["self_evaluation"], "ep_field": ep["field_recent"], "ep_ratings_few": ep["ratings_10"],
        "ep_ratings_many": ep["ratings_30"], "ep_matches": ep["matches"],
    }
    for n, indicator in enumerate(method.TRANSPARENCY_INDICATORS):
        params |= {f"ti_code_{n}": indicator.code, f"ti_kind_{n}": indicator.disclosure_kind,
                   f"ti_points_{n}": indicator.points, f"ti_recent_{n}": indicator.recent_years,
                   f"ti_min_{n}": indicator.min_count}
    possible = {name: [] for name in ("tp_kind", "tp_registration", "tp_mask", "tp_all", *(
        f"tp_{category}" for category in method.TRANSPARENCY_CATEGORIES))}
    for kind in method.SCORED_KINDS:
        for registration in RegistrationStatus:
            indicators = method.transparency_indicators_for(kind=kind, registration_status=registration)
            possible["tp_kind"].append(str(kind))
            possible["tp_registration"].append(str(registration))
            possible["tp_mask"].append(sum(1 << n for n, indicator in enumerate(method.TRANSPARENCY_INDICATORS)
                                           if indicator in indicators))
            possible["tp_all"].append(sum((indicator.points for indicator in indicators), Decimal(0)))
            for category in method.TRANSPARENCY_CATEGORIES:
                possible[f"tp_{category}"].append(
                    sum((indicator.points for indicator in indicators if indicator.category == category), Decimal(0)))
    params |= possible
    for n, (grade, floor) in enumerate(method.GRADES):
        params[f"grade_{n}"], params[f"grade_floor_{n}"] = grade, floor
    for n, (level, floor) in enumerate(method.CONFIDENCE):
        params[f"confidence_{n}"], params[f"confidence_floor_{n}"] = level, floor
    return params


@transaction.atomic
def organization_recompute(*, organization_id, asof=None):
    """Recompute one organization (after a rating, an approval, a self-evaluation, a match).

    Its rating summary is rebuilt first (a few rows through an index), so the score is right
    even when its ratings were written around the rating services."""
    rating_summaries_refresh(organization_ids=[organization_id])
    scored, removed, _history, _summary, _all = _run(_scores_sql(scoped=True), _params(asof, organization_id))
    return {"scored": scored, "removed": removed}


@contextlib.contextmanager
def _advisory_lock(key):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        yield cursor.fetchone()[0]


@transaction.atomic
def scores_recompute_all(*, asof=None, refresh_summaries=False):
    """Recompute every organization in one statement. Returns None if another run holds the lock.

    Reads the rating summaries as they are (the rating services keep them current);
    `refresh_summaries` first rebuilds them all from the ratings, as the nightly job does.
    `scored` counts the scores written (new or changed), `evaluated` every organization scored."""
    with _advisory_lock(FULL_RECOMPUTE_LOCK) as acquired:
        if not acquired:
            return None
        if refresh_summaries:
            rating_summaries_refresh()
        written, removed, history, _summary, evaluated = _run(_scores_sql(scoped=False), _params(asof), full=True)
        return {"scored": written, "removed": removed, "history": history, "evaluated": evaluated}
