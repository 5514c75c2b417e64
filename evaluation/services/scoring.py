"""Recomputing trust scores in set-based SQL: the whole sector nightly, one organization within a
minute of an event. Both run the same statement (with or without an organization filter), so
they always agree, and running it twice gives the same scores."""

import contextlib

from django.db import connection, transaction
from django.utils import timezone

from .. import method

# A constant key for PostgreSQL's advisory lock: only one full recompute runs at a time.
FULL_RECOMPUTE_LOCK = 8_204_020


def _scores_sql(scoped):
    """The statement that writes TrustScore, history and the organizations' summary.

    `scoped` adds a filter on %(organization_id)s to every source, for a single organization.
    """
    only = "AND {col} = %(organization_id)s" if scoped else ""

    def f(col):
        return only.format(col=col)

    grades = " ".join(f"WHEN overall >= {floor} THEN '{grade}'" for grade, floor in method.GRADES)
    confidence = " ".join(f"WHEN evidence_points >= {floor} THEN '{level}'" for level, floor in method.CONFIDENCE)
    ep = method.EVIDENCE_POINTS
    return f"""
    WITH
    ratings AS (
        SELECT organization_id, count(*) AS n,
               ({method.PRIOR_VOTES} * {method.PRIOR_MEAN} + sum(public_trust)) / ({method.PRIOR_VOTES} + count(*)) AS b_t,
               ({method.PRIOR_VOTES} * {method.PRIOR_MEAN} + sum(financial)) / ({method.PRIOR_VOTES} + count(*)) AS b_f,
               ({method.PRIOR_VOTES} * {method.PRIOR_MEAN} + sum(influence)) / ({method.PRIOR_VOTES} + count(*)) AS b_i
        FROM evaluation_rating WHERE status = 'visible' {f("organization_id")}
        GROUP BY organization_id
    ),
    field_weighted AS (
        SELECT organization_id, visit_date, score_public_trust, score_financial, score_influence,
               power(0.5, (%(asof)s::date - visit_date) / (365.25 * {method.FIELD_HALF_LIFE_YEARS})) AS w
        FROM evaluation_fieldevaluation WHERE status = 'approved' {f("organization_id")}
    ),
    field AS (
        SELECT organization_id, count(*) AS n, max(visit_date) AS latest, max(w) AS w,
               20 * sum(w * score_public_trust) / sum(w) AS f_t,
               20 * sum(w * score_financial) / sum(w) AS f_f,
               20 * sum(w * score_influence) / sum(w) AS f_i
        FROM field_weighted GROUP BY organization_id
    ),
    latest_self AS (
        SELECT DISTINCT ON (r.organization_id) r.organization_id, r.id AS response_id, r.survey_id, r.submitted_at
        FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id
        WHERE s.kind = 'self_evaluation' AND r.status = 'submitted' {f("r.organization_id")}
        ORDER BY r.organization_id, s.edition DESC, r.submitted_at DESC
    ),
    self_points AS (
        SELECT ls.organization_id, ap.dimension, sum(ap.points) AS points
        FROM latest_self ls
        JOIN surveys_answer a ON a.response_id = ls.response_id
        JOIN surveys_question q ON q.id = a.question_id
        JOIN evaluation_answerpoints ap ON ap.survey_id = ls.survey_id AND ap.question_key = q.key
         AND ((ap.answer_value <> '' AND (ap.answer_value = ANY(a.choices)
                                          OR (ap.answer_value = 'yes' AND a.boolean)
                                          OR (ap.answer_value = 'no' AND NOT a.boolean)))
              OR (ap.min_number IS NOT NULL AND a.number >= ap.min_number))
        GROUP BY ls.organization_id, ap.dimension
    ),
    self_max AS (
        -- The most a questionnaire can give per dimension: number thresholds add up, several
        -- choices of a multiple-choice question add up, otherwise the best single answer counts.
        SELECT survey_id, dimension, sum(best) AS max_points
        FROM (SELECT ap.survey_id, ap.question_key, ap.dimension,
                     coalesce(sum(ap.points) FILTER (WHERE ap.min_number IS NOT NULL), 0)
                     + coalesce(CASE WHEN max(q.type) = 'multiple'
                                     THEN sum(ap.points) FILTER (WHERE ap.answer_value <> '')
                                     ELSE max(ap.points) FILTER (WHERE ap.answer_value <> '') END, 0) AS best
              FROM evaluation_answerpoints ap
              LEFT JOIN surveys_question q ON q.survey_id = ap.survey_id AND q.key = ap.question_key
              GROUP BY ap.survey_id, ap.question_key, ap.dimension) AS per_question
        GROUP BY survey_id, dimension
    ),
    self AS (
        SELECT ls.organization_id, ls.submitted_at,
               max(CASE WHEN sm.dimension = 'public_trust' THEN least(100.0, 100.0 * coalesce(sp.points, 0) / nullif(sm.max_points, 0)) END) AS s_t,
               max(CASE WHEN sm.dimension = 'financial' THEN least(100.0, 100.0 * coalesce(sp.points, 0) / nullif(sm.max_points, 0)) END) AS s_f,
               max(CASE WHEN sm.dimension = 'influence' THEN least(100.0, 100.0 * coalesce(sp.points, 0) / nullif(sm.max_points, 0)) END) AS s_i
        FROM latest_self ls
        JOIN self_max sm ON sm.survey_id = ls.survey_id
        LEFT JOIN self_points sp ON sp.organization_id = ls.organization_id AND sp.dimension = sm.dimension
        GROUP BY ls.organization_id, ls.submitted_at
    ),
    matches AS (
        SELECT p.organization_id, count(DISTINCT m.id) AS n
        FROM mapplatform_match m
        JOIN mapplatform_resourcepost p ON p.id = m.need_id OR p.id = m.offer_id
        WHERE m.status = 'accepted' AND p.organization_id IS NOT NULL {f("p.organization_id")}
        GROUP BY p.organization_id
    ),
    inputs AS (
        SELECT o.id AS organization_id,
               coalesce(r.n, 0) AS rn, r.b_t, r.b_f, r.b_i,
               coalesce(fd.n, 0) AS fn, fd.latest, fd.w AS fw, fd.f_t, fd.f_f, fd.f_i,
               sf.submitted_at AS self_at, sf.s_t, sf.s_f, sf.s_i,
               coalesce(mt.n, 0) AS mn
        FROM orgs_organization o
        LEFT JOIN ratings r ON r.organization_id = o.id
        LEFT JOIN field fd ON fd.organization_id = o.id
        LEFT JOIN self sf ON sf.organization_id = o.id
        LEFT JOIN matches mt ON mt.organization_id = o.id
        WHERE o.status = 'published' {f("o.id")}
          AND (r.n IS NOT NULL OR fd.n IS NOT NULL OR sf.organization_id IS NOT NULL OR mt.n IS NOT NULL)
    ),
    weighted AS (
        SELECT *,
               CASE WHEN rn > 0 THEN {method.WEIGHT_PUBLIC} * rn / (rn + {method.PRIOR_VOTES}.0) ELSE 0 END AS wp,
               CASE WHEN fn > 0 THEN {method.WEIGHT_FIELD} * fw ELSE 0 END AS wf,
               CASE WHEN self_at IS NOT NULL THEN {method.WEIGHT_SELF} ELSE 0 END AS ws,
               CASE WHEN mn > 0 THEN {method.WEIGHT_MATCHES} * least(1.0, mn / {method.MATCHES_FULL}.0) ELSE 0 END AS wm,
               (b_t - 1) * 25 AS p_t, (b_f - 1) * 25 AS p_f, (b_i - 1) * 25 AS p_i,
               least(100, {method.POINTS_PER_MATCH} * mn) AS m_i
        FROM inputs
    ),
    dims AS (
        SELECT *,
               ({method.WEIGHT_NEUTRAL} * {method.NEUTRAL_SCORE} + wp * coalesce(p_t, 0) + wf * coalesce(f_t, 0)
                + ws * coalesce(s_t, 0))
                   / ({method.WEIGHT_NEUTRAL} + wp + wf + CASE WHEN s_t IS NULL THEN 0 ELSE ws END) AS d_t,
               ({method.WEIGHT_NEUTRAL} * {method.NEUTRAL_SCORE} + wp * coalesce(p_f, 0) + wf * coalesce(f_f, 0)
                + ws * coalesce(s_f, 0))
                   / ({method.WEIGHT_NEUTRAL} + wp + wf + CASE WHEN s_f IS NULL THEN 0 ELSE ws END) AS d_f,
               ({method.WEIGHT_NEUTRAL} * {method.NEUTRAL_SCORE} + wp * coalesce(p_i, 0) + wf * coalesce(f_i, 0)
                + ws * coalesce(s_i, 0) + wm * m_i)
                   / ({method.WEIGHT_NEUTRAL} + wp + wf + CASE WHEN s_i IS NULL THEN 0 ELSE ws END + wm) AS d_i
        FROM weighted
    ),
    final AS (
        SELECT *,
               round(((coalesce(d_t, 0) + coalesce(d_f, 0) + coalesce(d_i, 0))
                   / nullif((d_t IS NOT NULL)::int + (d_f IS NOT NULL)::int + (d_i IS NOT NULL)::int, 0))::numeric, 1) AS overall,
               (CASE WHEN self_at IS NOT NULL THEN {ep["self_evaluation"]} ELSE 0 END
                + CASE WHEN fn > 0 AND latest >= %(asof)s::date - interval '{method.FIELD_RECENT_YEARS} years' THEN {ep["field_recent"]} ELSE 0 END
                + CASE WHEN rn >= 10 THEN {ep["ratings_10"]} ELSE 0 END
                + CASE WHEN rn >= 30 THEN {ep["ratings_30"]} ELSE 0 END
                + CASE WHEN mn > 0 THEN {ep["matches"]} ELSE 0 END) AS evidence_points
        FROM dims
    ),
    scored AS (
        SELECT organization_id, round(d_t::numeric, 1) AS t, round(d_f::numeric, 1) AS fi, round(d_i::numeric, 1) AS i,
               overall, CASE {grades} END AS grade, CASE {confidence} END AS confidence,
               jsonb_build_object(
                   'ratings', jsonb_build_object('count', rn, 'weight', round(wp, 4),
                       'scores', jsonb_build_array(round(p_t, 1), round(p_f, 1), round(p_i, 1))),
                   'field', jsonb_build_object('count', fn, 'latest', latest, 'weight', round(wf, 4),
                       'scores', jsonb_build_array(round(f_t, 1), round(f_f, 1), round(f_i, 1))),
                   'self', jsonb_build_object('submitted', self_at, 'weight', round(ws, 4),
                       'scores', jsonb_build_array(round(s_t, 1), round(s_f, 1), round(s_i, 1))),
                   'matches', jsonb_build_object('count', mn, 'weight', round(wm, 4), 'score', m_i),
                   'neutral', jsonb_build_object('weight', {method.WEIGHT_NEUTRAL}, 'score', {method.NEUTRAL_SCORE}),
                   'evidence_points', evidence_points
               ) AS evidence
        FROM final WHERE overall IS NOT NULL
    ),
    upserted AS (
        INSERT INTO evaluation_trustscore (organization_id, public_trust, financial, influence, overall, grade,
                                           confidence, evidence, method_version, computed_at)
        SELECT organization_id, t, fi, i, overall, grade, confidence, evidence, %(version)s, %(now)s FROM scored
        ON CONFLICT (organization_id) DO UPDATE SET
            public_trust = EXCLUDED.public_trust, financial = EXCLUDED.financial, influence = EXCLUDED.influence,
            overall = EXCLUDED.overall, grade = EXCLUDED.grade, confidence = EXCLUDED.confidence,
            evidence = EXCLUDED.evidence, method_version = EXCLUDED.method_version, computed_at = EXCLUDED.computed_at
        RETURNING organization_id
    ),
    history AS (
        INSERT INTO evaluation_trustscorehistory (organization_id, day, overall, public_trust, financial, influence,
                                                  grade, method_version)
        SELECT organization_id, %(asof)s, overall, t, fi, i, grade, %(version)s FROM scored
        ON CONFLICT (organization_id, day) DO UPDATE SET
            overall = EXCLUDED.overall, public_trust = EXCLUDED.public_trust, financial = EXCLUDED.financial,
            influence = EXCLUDED.influence, grade = EXCLUDED.grade, method_version = EXCLUDED.method_version
        RETURNING organization_id
    ),
    gone AS (
        DELETE FROM evaluation_trustscore ts
        WHERE ts.organization_id NOT IN (SELECT organization_id FROM scored) {f("ts.organization_id")}
        RETURNING organization_id
    ),
    summary AS (
        UPDATE orgs_organization o
        SET trust_grade = coalesce(s.grade, ''), trust_score = s.overall
        FROM (SELECT o2.id, sc.grade, sc.overall FROM orgs_organization o2
              LEFT JOIN scored sc ON sc.organization_id = o2.id
              WHERE (sc.organization_id IS NOT NULL OR o2.trust_grade <> '') {f("o2.id")}) s
        WHERE o.id = s.id AND (o.trust_grade IS DISTINCT FROM coalesce(s.grade, '') OR o.trust_score IS DISTINCT FROM s.overall)
        RETURNING o.id
    )
    SELECT (SELECT count(*) FROM upserted), (SELECT count(*) FROM gone), (SELECT count(*) FROM history),
           (SELECT count(*) FROM summary)
    """


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _params(asof, organization_id=None):
    return {"asof": asof or timezone.localdate(), "now": timezone.now(), "version": method.METHOD_VERSION,
            "organization_id": organization_id}


@transaction.atomic
def organization_recompute(*, organization_id, asof=None):
    """Recompute one organization (after a rating, an approval, a self-evaluation, a match)."""
    scored, removed, _history, _summary = _run(_scores_sql(scoped=True), _params(asof, organization_id))
    return {"scored": scored, "removed": removed}


@contextlib.contextmanager
def _advisory_lock(key):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        yield cursor.fetchone()[0]


@transaction.atomic
def scores_recompute_all(*, asof=None):
    """Recompute every organization in one statement. Returns None if another run holds the lock."""
    with _advisory_lock(FULL_RECOMPUTE_LOCK) as acquired:
        if not acquired:
            return None
        scored, removed, _history, _summary = _run(_scores_sql(scoped=False), _params(asof))
        return {"scored": scored, "removed": removed}
