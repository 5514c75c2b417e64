"""Reads of the surveys app: what to answer, and results aggregated in SQL.

Every aggregate counts submitted responses only, in a bounded number of queries per page
whatever the number of responses.
"""

import math
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from orgs.models import OrganizationKind, Region, WorkshopField
from orgs.selectors import organizations_of_member

from .models import (
    Choice,
    Invitation,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)

# Groups with fewer answers than this are not broken down, so no one's answer can be singled out.
MIN_GROUP_SIZE = 5
HISTOGRAM_BINS = 10
TREND_EDITIONS = 6


def survey_questions(*, survey):
    """Sections and questions in order, with their choices, for the answering page."""
    return list(
        survey.questions.select_related("section")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
        .order_by("position", "id")
    )


def surveys_open():
    return Survey.objects.filter(status=SurveyStatus.OPEN).order_by("closes_on")[:20]


def responses_of_user_organizations(*, user, surveys):
    """{(survey id, organization id): response} for the organizations the user answers for."""
    return {
        (response.survey_id, response.organization_id): response
        for response in Response.objects.filter(
            survey__in=surveys, organization__in=organizations_of_member(user=user)
        )
    }


def surveys_with_results(*, user):
    queryset = Survey.objects.exclude(status=SurveyStatus.DRAFT).order_by("-edition", "kind")
    if not (user.is_authenticated and user.has_perm("surveys.export_responses")):
        queryset = queryset.filter(results_public=True)
    return queryset


def response_rate(*, survey):
    counts = Response.objects.filter(survey=survey).aggregate(
        submitted=Count("id", filter=Q(status=ResponseStatus.SUBMITTED)),
        drafts=Count("id", filter=Q(status=ResponseStatus.DRAFT)),
    )
    invited = Invitation.objects.filter(survey=survey).count()
    counts["invited"] = invited
    counts["rate"] = round(100 * counts["submitted"] / invited, 1) if invited else None
    return counts


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _choice_counts(survey):
    rows = _fetch(
        """
        SELECT a.question_id, c.value, count(*)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        CROSS JOIN LATERAL unnest(a.choices) AS c(value)
        WHERE r.survey_id = %s AND r.status = 'submitted'
        GROUP BY a.question_id, c.value
        """,
        [survey.pk],
    )
    counts = defaultdict(dict)
    for question_id, value, count in rows:
        counts[question_id][value] = count
    return counts


def _answer_counts(survey):
    """Respondents per question, and yes / no counts."""
    rows = _fetch(
        """
        SELECT a.question_id, count(*),
               count(*) FILTER (WHERE a.boolean), count(*) FILTER (WHERE NOT a.boolean),
               min(a.number), max(a.number), avg(a.number),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY a.number),
               coalesce(bool_and(a.number = trunc(a.number)), false)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        WHERE r.survey_id = %s AND r.status = 'submitted'
        GROUP BY a.question_id
        """,
        [survey.pk],
    )
    return {
        row[0]: {
            "answered": row[1],
            "yes": row[2],
            "no": row[3],
            "min": row[4],
            "max": row[5],
            "mean": row[6],
            "median": row[7],
            "integer": row[8],
        }
        for row in rows
    }


def _bin_plan(low, high, integer):
    """(width, number of bins) for equal-width bins covering low..high. Whole numbers get
    whole-number bins (0–4, 5–9 …) so no bin straddles a value nobody could give."""
    if integer:
        span = int(high - low) + 1
        width = max(1, math.ceil(span / HISTOGRAM_BINS))
        return Decimal(width), math.ceil(span / width)
    if high == low:
        return Decimal(1), 1
    return (high - low) / HISTOGRAM_BINS, HISTOGRAM_BINS


def _histograms(survey, stats, questions):
    """Counts of number answers in equal-width bins between each question's min and max."""
    numeric = [q for q in questions if q.type == QuestionType.NUMBER and stats.get(q.pk, {}).get("min") is not None]
    if not numeric:
        return {}
    plans = {}
    for question in numeric:
        low, high = stats[question.pk]["min"], stats[question.pk]["max"]
        width, count = _bin_plan(low, high, stats[question.pk]["integer"])
        plans[question.pk] = (low, width, count)
    rows = _fetch(
        """
        SELECT a.question_id, least(floor((a.number - b.lo) / b.width)::int, b.bins - 1), count(*)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN (SELECT unnest(%s::bigint[]) AS qid, unnest(%s::numeric[]) AS lo,
                     unnest(%s::numeric[]) AS width, unnest(%s::int[]) AS bins) b
          ON b.qid = a.question_id
        WHERE r.survey_id = %s AND r.status = 'submitted' AND a.number IS NOT NULL
        GROUP BY 1, 2
        """,
        [
            list(plans),
            [plan[0] for plan in plans.values()],
            [plan[1] for plan in plans.values()],
            [plan[2] for plan in plans.values()],
            survey.pk,
        ],
    )
    counts = defaultdict(dict)
    for question_id, bucket, count in rows:
        counts[question_id][bucket] = count
    histograms = {}
    for question_id, (low, width, bins) in plans.items():
        integer = stats[question_id]["integer"]
        histograms[question_id] = [
            (
                low + width * i,
                low + width * (i + 1) - (1 if integer else 0),
                counts[question_id].get(i, 0),
            )
            for i in range(bins)
        ]
    return histograms


def survey_results(*, survey):
    """Per question: how many answered and what, ready to chart."""
    questions = survey_questions(survey=survey)
    choice_counts = _choice_counts(survey)
    stats = _answer_counts(survey)
    histograms = _histograms(survey, stats, questions)
    results = []
    for question in questions:
        answered = stats.get(question.pk, {}).get("answered", 0)
        item = {"question": question, "answered": answered, "stats": stats.get(question.pk, {})}
        if question.has_choices:
            counts = choice_counts.get(question.pk, {})
            item["bars"] = [(choice.label, counts.get(choice.value, 0)) for choice in question.choices.all()]
        elif question.type == QuestionType.SCALE:
            item["bars"] = []  # filled for all scale questions in one query below
        elif question.type == QuestionType.YES_NO:
            item["yes"] = item["stats"].get("yes", 0)
            item["no"] = item["stats"].get("no", 0)
        elif question.type == QuestionType.NUMBER:
            item["bins"] = histograms.get(question.pk, [])
        results.append(item)
    _fill_scale_bars(survey, results)
    return results


def _fill_scale_bars(survey, results):
    scale_items = [item for item in results if item["question"].type == QuestionType.SCALE]
    if not scale_items:
        return
    rows = _fetch(
        """
        SELECT a.question_id, a.number, count(*)
        FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
        WHERE r.survey_id = %s AND r.status = 'submitted' AND a.number IS NOT NULL
          AND a.question_id = ANY(%s)
        GROUP BY 1, 2
        """,
        [survey.pk, [item["question"].pk for item in scale_items]],
    )
    counts = defaultdict(dict)
    for question_id, number, count in rows:
        counts[question_id][int(number)] = count
    for item in scale_items:
        question = item["question"]
        item["bars"] = [
            (str(point), counts[question.pk].get(point, 0)) for point in range(question.scale_min, question.scale_max + 1)
        ]


BREAKDOWNS = {
    "region": ("p.region", dict(Region.choices)),
    "kind": ("o.kind", dict(OrganizationKind.choices)),
    "field": ("f.workshop_field", dict(WorkshopField.choices)),
}


def survey_breakdown(*, survey, dimension):
    """Answers per group of organizations (region, kind or workshop field), as shares of each
    group's respondents. Groups with fewer than MIN_GROUP_SIZE answers are withheld."""
    column, labels = BREAKDOWNS[dimension]
    field_join = (
        """JOIN orgs_organization_issue_fields oif ON oif.organization_id = o.id
           JOIN orgs_issuefield f ON f.id = oif.issuefield_id AND f.workshop_field <> ''"""
        if dimension == "field"
        else ""
    )
    # DISTINCT: an organization with two issue fields of the same workshop field counts once.
    rows = _fetch(
        f"""
        SELECT g.question_id, g.grp, g.value, count(DISTINCT g.response_id)
        FROM (
            SELECT a.question_id, a.response_id, {column} AS grp,
                   coalesce(c.value, CASE WHEN a.boolean THEN 'yes' WHEN NOT a.boolean THEN 'no' END,
                            CASE WHEN a.number IS NOT NULL THEN trim_scale(a.number)::text END) AS value
            FROM surveys_answer a
            JOIN surveys_response r ON r.id = a.response_id
            JOIN orgs_organization o ON o.id = r.organization_id
            JOIN orgs_division p ON p.code = o.province_id
            {field_join}
            LEFT JOIN LATERAL unnest(a.choices) AS c(value) ON true
            WHERE r.survey_id = %s AND r.status = 'submitted'
        ) g
        GROUP BY g.question_id, g.grp, g.value
        """,
        [survey.pk],
    )
    totals = _fetch(
        f"""
        SELECT a.question_id, {column}, count(DISTINCT a.response_id)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN orgs_organization o ON o.id = r.organization_id
        JOIN orgs_division p ON p.code = o.province_id
        {field_join}
        WHERE r.survey_id = %s AND r.status = 'submitted'
        GROUP BY 1, 2
        """,
        [survey.pk],
    )
    group_sizes = defaultdict(dict)
    for question_id, group, count in totals:
        group_sizes[question_id][group] = count
    counts = defaultdict(lambda: defaultdict(dict))
    for question_id, group, value, count in rows:
        counts[question_id][group][value] = count
    breakdown = {}
    for question_id, sizes in group_sizes.items():
        groups = []
        for group in labels:
            size = sizes.get(group, 0)
            if size == 0:
                continue
            if size < MIN_GROUP_SIZE:
                groups.append({"key": group, "label": labels[group], "size": size, "suppressed": True})
                continue
            shares = {value: round(Decimal(100) * n / size, 1) for value, n in counts[question_id][group].items()}
            groups.append({"key": group, "label": labels[group], "size": size, "suppressed": False, "shares": shares})
        breakdown[question_id] = groups
    return breakdown


def survey_trends(*, survey, editions=TREND_EDITIONS):
    """For each question of `survey` whose key appears in earlier editions of the same kind:
    per edition, the share of respondents choosing each answer (choices, yes/no) or the mean."""
    previous = list(
        Survey.objects.filter(kind=survey.kind, edition__lte=survey.edition)
        .exclude(status=SurveyStatus.DRAFT)
        .order_by("-edition")
        .values_list("pk", "edition")[:editions]
    )
    if len(previous) < 2:
        return {}
    survey_ids = [pk for pk, _ in previous]
    edition_of = dict(previous)
    rows = _fetch(
        """
        SELECT q.key, q.type, r.survey_id,
               coalesce(c.value, CASE WHEN a.boolean THEN 'yes' WHEN NOT a.boolean THEN 'no' END) AS value,
               count(DISTINCT a.response_id), avg(a.number)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN surveys_question q ON q.id = a.question_id
        LEFT JOIN LATERAL unnest(a.choices) AS c(value) ON true
        WHERE r.survey_id = ANY(%s) AND r.status = 'submitted'
        GROUP BY q.key, q.type, r.survey_id, 4
        """,
        [survey_ids],
    )
    answered = _fetch(
        """
        SELECT q.key, r.survey_id, count(DISTINCT a.response_id)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN surveys_question q ON q.id = a.question_id
        WHERE r.survey_id = ANY(%s) AND r.status = 'submitted'
        GROUP BY 1, 2
        """,
        [survey_ids],
    )
    respondents = {(key, survey_id): n for key, survey_id, n in answered}
    years = sorted(edition_of.values())
    current_keys = {q.key: q for q in survey_questions(survey=survey)}
    series = defaultdict(lambda: defaultdict(dict))
    for key, kind, survey_id, value, count, mean in rows:
        if key not in current_keys:
            continue
        year = edition_of[survey_id]
        if kind in (QuestionType.NUMBER, QuestionType.SCALE):
            series[key]["__mean__"][year] = round(mean, 2) if mean is not None else None
        elif value is not None:
            total = respondents.get((key, survey_id)) or 1
            series[key][value][year] = round(Decimal(100) * count / total, 1)
    trends = {}
    for key, values in series.items():
        present = {year for points in values.values() for year in points}
        if len(present) < 2:
            continue
        question = current_keys[key]
        labels = {choice.value: choice.label for choice in question.choices.all()}
        labels.update({"yes": _("Yes"), "no": _("No")})
        order = {value: position for position, value in enumerate([*labels, "__mean__"])}
        trends[key] = {
            "question": question,
            "years": years,
            "series": [
                (labels.get(value, value), [points.get(year) for year in years])
                for value, points in sorted(values.items(), key=lambda pair: order.get(pair[0], len(order)))
            ],
        }
    return trends
