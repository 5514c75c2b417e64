"""The trust score on known data (method v2): shrinkage, decay of ratings and visits, the self cap,
matches once per partner, grades, confidence; more positive evidence never lowers a score;
set-based recompute equal to the single-organization one, idempotent, writing only changes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from evaluation import method
from evaluation.models import (
    AnswerPoints,
    Disclosure,
    FieldEvaluation,
    Rating,
    TrustScore,
    TrustScoreHistory,
)
from evaluation.services.scoring import (
    FULL_RECOMPUTE_LOCK,
    organization_recompute,
    scores_recompute_all,
)
from mapplatform.models import Match
from orgs.models import Organization, TrustSummary
from surveys.models import Answer, Question, Response, Survey
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.trainings.factories import WorkshopFactory
from trainings.models import Application, Attendance

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
N = method.NEUTRAL_SCORE


def rate(organization, *triples):
    for trust, financial, influence in triples:
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=trust, financial=financial,
                              influence=influence)


def field_visit(organization, levels, days_ago):
    lead = UserFactory(is_superuser=True)
    return FieldEvaluation.objects.create(
        organization=organization, assessor=UserFactory(), visit_date=TODAY - datetime.timedelta(days=days_ago),
        score_public_trust=levels[0], score_financial=levels[1], score_influence=levels[2], evidence="x",
        status="approved", approved_by=lead, approved_at=timezone.now())


def match(organization, partner):
    need = PostFactory(organization=organization, kind="need")
    offer = PostFactory(organization=partner, kind="offer")
    return Match.objects.create(need=need, offer=offer, status="accepted", need_confirmed_at=timezone.now(),
                                offer_confirmed_at=timezone.now(), decided_at=timezone.now())


def score(organization):
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    return TrustScore.objects.get(organization=organization)


def dimension(public=N, field=N, self_=N, matches=None, transparency=N):
    """A dimension by the published formula: fixed weights, absent sources at the neutral 50.
    Social influence (given `matches`) has the matches as its fourth source; public trust and
    financial management the transparency index (method v3), neutral when nothing is disclosed."""
    parts = [(method.WEIGHT_PUBLIC, public), (method.WEIGHT_FIELD, field), (method.WEIGHT_SELF, self_)]
    if matches is not None:
        parts.append((method.WEIGHT_MATCHES, matches))
    else:
        parts.append((method.WEIGHT_TRANSPARENCY, transparency))
    parts = [(Decimal(str(w)), Decimal(str(v))) for w, v in parts]
    return sum(w * v for w, v in parts) / sum(w for w, _ in parts)


def rounded(value):
    return round(Decimal(value), 1)


def bayes(total, count, mass=None):
    """Ratings' value: Bayesian average on 1–5 turned into 0–100."""
    mass = count if mass is None else mass
    average = (method.PRIOR_VOTES * method.PRIOR_MEAN + Decimal(str(total))) / (method.PRIOR_VOTES + Decimal(str(mass)))
    return (average - 1) * 25


def test_a_few_ratings_are_shrunk_toward_the_middle():
    organization = OrganizationFactory()
    rate(organization, (5, 5, 5), (5, 5, 5))
    result = score(organization)
    # Bayesian average (10 × 3 + 10) / 12 = 3.333…, i.e. 58.3 on 0–100, then weight 0.3 against neutral sources.
    assert result.public_trust == rounded(dimension(public=bayes(10, 2)))
    assert result.public_trust < 55  # two perfect votes do not make a top score
    assert result.grade in ("D", "C") and result.confidence == "low"


def test_many_good_ratings_count_more():
    few, many = OrganizationFactory(), OrganizationFactory()
    rate(few, *[(5, 5, 5)] * 3)
    rate(many, *[(5, 5, 5)] * 40)
    assert score(many).overall > score(few).overall


def test_field_evaluations_lose_weight_with_age():
    fresh, old = OrganizationFactory(), OrganizationFactory()
    field_visit(fresh, (5, 5, 5), days_ago=0)
    field_visit(old, (5, 5, 5), days_ago=int(365.25 * 4))  # two half-lives: a quarter of the weight
    fresh_score, old_score = score(fresh), score(old)
    prior = method.FIELD_PRIOR_VISITS
    assert fresh_score.public_trust == rounded(dimension(field=(prior * N + 100) / (prior + 1)))
    assert old_score.public_trust == rounded(dimension(field=(prior * N + Decimal("0.25") * 100) / (prior + Decimal("0.25"))))
    assert fresh_score.overall > old_score.overall > N
    assert fresh_score.confidence == "medium" and old_score.confidence == "low"


def test_ratings_lose_weight_with_age_like_field_visits():
    fresh, old = OrganizationFactory(), OrganizationFactory()
    rate(fresh, *[(5, 5, 5)] * 12)
    rate(old, *[(5, 5, 5)] * 12)
    four_years_ago = timezone.now() - datetime.timedelta(days=int(365.25 * 4))
    Rating.objects.filter(organization=old).update(updated_at=four_years_ago)
    fresh_score, old_score = score(fresh), score(old)
    assert fresh_score.public_trust == rounded(dimension(public=bayes(60, 12)))
    # Two half-lives: the twelve ratings weigh 3, so they are shrunk much more toward the middle.
    assert old_score.public_trust == rounded(dimension(public=bayes(Decimal(60) / 4, 12, mass=3)))
    assert fresh_score.public_trust > old_score.public_trust > N
    # Confidence counts the ratings' weight: twelve old ratings are not "10 or more".
    assert fresh_score.evidence["evidence_points"] == 1 and old_score.evidence["evidence_points"] == 0
    assert old_score.evidence["ratings"]["count"] == 12


def test_unapproved_field_evaluations_do_not_count():
    organization = OrganizationFactory()
    visit = field_visit(organization, (5, 5, 5), days_ago=10)
    FieldEvaluation.objects.filter(pk=visit.pk).update(status="submitted", approved_at=None, approved_by=None)
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    assert not TrustScore.objects.filter(organization=organization).exists()


def self_survey(slug="self-2026", edition=2026):
    survey, created = Survey.objects.get_or_create(slug=slug, defaults={
        "kind": "self_evaluation", "edition": edition, "title_zh": "自评", "opens_on": TODAY.replace(month=1, day=1),
        "closes_on": TODAY.replace(month=12, day=31), "status": "open"})
    if created:
        Question.objects.create(survey=survey, key="annual_report", type="yes_no", text_zh="年报")
        Question.objects.create(survey=survey, key="audited", type="yes_no", text_zh="审计", position=1)
        Question.objects.create(survey=survey, key="beneficiaries", type="number", text_zh="人数", position=2)
        AnswerPoints.objects.create(survey=survey, question_key="annual_report", answer_value="yes",
                                    dimension="public_trust", points=3)
        AnswerPoints.objects.create(survey=survey, question_key="audited", answer_value="yes", dimension="financial",
                                    points=3)
        AnswerPoints.objects.create(survey=survey, question_key="beneficiaries", min_number=100, dimension="influence",
                                    points=2)
        AnswerPoints.objects.create(survey=survey, question_key="beneficiaries", min_number=1000,
                                    dimension="influence", points=2)
    return survey


def self_evaluation(organization, answers, survey=None):
    survey = survey or self_survey()
    Response.objects.filter(survey=survey, organization=organization).delete()
    response = Response.objects.create(survey=survey, organization=organization, status="submitted",
                                       submitted_at=timezone.now())
    questions = {q.key: q for q in survey.questions.all()}
    Answer.objects.create(response=response, question=questions["annual_report"], boolean=answers[0])
    Answer.objects.create(response=response, question=questions["audited"], boolean=answers[1])
    Answer.objects.create(response=response, question=questions["beneficiaries"], number=answers[2])
    return response


def test_self_evaluation_alone_is_capped_near_the_middle():
    organization = OrganizationFactory()
    self_evaluation(organization, (True, True, 5000))
    result = score(organization)
    # Perfect self-reported answers: 100 on each dimension, but only weight 0.2 among neutral sources.
    assert result.public_trust == result.financial == rounded(dimension(self_=100)) == Decimal("57.7")
    assert result.influence == rounded(dimension(self_=100, matches=N))
    assert result.grade == "C" and result.confidence == "low"
    half = OrganizationFactory()
    self_evaluation(half, (False, True, 500))
    halfway = score(half)
    assert (halfway.public_trust, halfway.financial, halfway.influence) == (
        rounded(dimension(self_=0)), rounded(dimension(self_=100)), rounded(dimension(self_=50, matches=N)))


def test_a_first_confirmed_match_raises_social_influence_only():
    organization = OrganizationFactory()
    rate(organization, (3, 3, 3))
    base = score(organization)
    match(organization, OrganizationFactory(kind="csr"))
    first = score(organization)
    assert first.influence > base.influence
    assert (first.public_trust, first.financial) == (base.public_trust, base.financial)
    prior = method.MATCHES_PRIOR
    assert first.influence == rounded(dimension(public=bayes(3, 1), matches=Decimal(prior * N + 100) / (prior + 1)))


def test_matches_between_the_same_pair_count_once():
    organization, partner = OrganizationFactory(), OrganizationFactory(kind="csr")
    match(organization, partner)
    once = score(organization)
    for _ in range(4):
        match(organization, partner)
    again = score(organization)
    assert again.influence == once.influence and again.evidence["matches"]["count"] == 1
    match(organization, OrganizationFactory(kind="foundation"))
    assert score(organization).influence > once.influence
    # The partner is credited once too. A match between one organization's own posts cannot exist
    # at all: the database refuses it (tests/hardening/test_trust_inflation.py).
    assert score(partner).evidence["matches"]["count"] == 1


# --- More positive evidence never lowers a score ------------------------------------------------

def add_rating(organization):
    rate(organization, (5, 5, 5))


def add_field_visit(organization):
    field_visit(organization, (5, 5, 5), days_ago=0)


def add_old_field_visit(organization):
    field_visit(organization, (5, 5, 5), days_ago=int(365.25 * 5))


def add_match(organization):
    match(organization, OrganizationFactory(kind="csr"))


def add_self_point(organization):
    """Answers that carry points: a first questionnaire answered well, or one more answer earning
    points in the one submitted."""
    response = Response.objects.filter(organization=organization).first()
    if response is None:
        self_evaluation(organization, (True, True, 5000))
    else:
        Answer.objects.filter(response=response, question__key="annual_report").update(boolean=True)


def add_training(organization):
    event = WorkshopFactory(starts_on=TODAY - datetime.timedelta(days=60))
    application = Application.objects.create(event=event, organization=organization, applicant=UserFactory(),
                                             position="coo", job_title="x", motivation="x", internet_use="x",
                                             status="accepted")
    Attendance.objects.create(application=application, day=event.starts_on)


BASES = {
    "nothing": lambda organization: None,
    "weak ratings": lambda organization: rate(organization, *[(1, 2, 1)] * 15),
    "strong field visit": lambda organization: field_visit(organization, (5, 5, 5), days_ago=30),
    "weak old visit and good ratings": lambda organization: (
        field_visit(organization, (0, 1, 0), days_ago=900), rate(organization, *[(4, 5, 4)] * 35)),
    "mixed everything": lambda organization: (
        rate(organization, *[(5, 3, 4)] * 8), field_visit(organization, (3, 2, 4), days_ago=400),
        self_evaluation(organization, (False, True, 150)), match(organization, OrganizationFactory(kind="csr"))),
}
ADDITIONS = {
    "a five-star rating": (add_rating, ("public_trust", "financial", "influence")),
    "a fresh 5/5 field visit": (add_field_visit, ("public_trust", "financial", "influence")),
    "an old 5/5 field visit": (add_old_field_visit, ("public_trust", "financial", "influence")),
    "a confirmed match with a new partner": (add_match, ("influence",)),
    "a self-evaluation answer that earns points": (add_self_point, ()),
    "a workshop attended": (add_training, ()),  # trainings are shown, not scored
}


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("addition", ADDITIONS)
def test_more_positive_evidence_never_lowers_any_score(base, addition):
    organization = OrganizationFactory()
    BASES[base](organization)
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    before = TrustScore.objects.filter(organization=organization).first()
    add, raised = ADDITIONS[addition]
    add(organization)
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    after = TrustScore.objects.filter(organization=organization).first()
    if before is None:
        if after is None:  # a workshop alone is no evidence of trustworthiness
            assert addition == "a workshop attended"
            return
        before_values = {name: Decimal(N) for name in ("public_trust", "financial", "influence", "overall")}
        before_points = 0
    else:
        before_values = {name: getattr(before, name) for name in ("public_trust", "financial", "influence", "overall")}
        before_points = before.evidence["evidence_points"]
    for name, value in before_values.items():
        assert getattr(after, name) >= value, f"{addition} lowered {name} ({base})"
    for name in raised:
        if before_values[name] < 99:
            assert getattr(after, name) > before_values[name], f"{addition} did not raise {name} ({base})"
    assert after.evidence["evidence_points"] >= before_points


def test_government_and_academic_bodies_get_no_score():
    for kind in ("government", "academic", "other"):
        body = OrganizationFactory(kind=kind)
        field_visit(body, (5, 5, 5), days_ago=10)
        self_evaluation(body, (True, True, 5000))
        organization_recompute(organization_id=body.pk, asof=TODAY)
        assert not TrustScore.objects.filter(organization=body).exists()
    # An organization that changes kind loses its score at the next recompute.
    ngo = OrganizationFactory()
    field_visit(ngo, (4, 4, 4), days_ago=10)
    assert score(ngo)
    Organization.objects.filter(pk=ngo.pk).update(kind="government")
    scores_recompute_all(asof=TODAY)
    assert not TrustScore.objects.filter(organization=ngo).exists()
    assert not TrustSummary.objects.filter(organization=ngo).exists()


def test_grade_bands_and_confidence_from_evidence():
    organization = OrganizationFactory()
    field_visit(organization, (5, 5, 5), days_ago=10)
    rate(organization, *[(5, 5, 5)] * 30)
    self_evaluation(organization, (True, True, 5000))
    # Method v3: the best of every other source, with nothing disclosed, falls just short of an A.
    assert score(organization).grade == "B"
    for kind in ("governance", "annual_report", "finance_summary", "donors", "project", "project", "project"):
        Disclosure.objects.create(organization=organization, kind=kind, year=TODAY.year - 1, title=kind,
                                  published_on=TODAY, status="verified", reviewed_at=timezone.now())
    result = score(organization)
    assert result.transparency_index == 100
    assert result.overall >= 85 and result.grade == "A"
    assert result.confidence == "high" and result.evidence["evidence_points"] == 5
    assert result.confidence_label == "High"


def test_hidden_and_held_ratings_do_not_count():
    organization = OrganizationFactory()
    rate(organization, (1, 1, 1))
    Rating.objects.update(status="held")
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    assert not TrustScore.objects.filter(organization=organization).exists()


def test_full_recompute_equals_single_recomputes_and_is_idempotent():
    organizations = [OrganizationFactory() for _ in range(5)]
    rate(organizations[0], (4, 2, 5), (3, 3, 3))
    field_visit(organizations[1], (2, 4, 3), days_ago=400)
    self_evaluation(organizations[2], (True, False, 50))
    match(organizations[3], OrganizationFactory(kind="government"))  # a partner, not scored itself
    # organizations[4] has no evidence.
    for organization in organizations:
        organization_recompute(organization_id=organization.pk, asof=TODAY)
    columns = ("organization_id", "overall", "public_trust", "financial", "influence", "grade", "confidence",
               *TrustScore.SOURCE_SCORE_FIELDS, "evidence_points", "method_version")
    single = {row["organization_id"]: row for row in TrustScore.objects.values(*columns)}
    TrustScore.objects.all().delete()
    TrustScoreHistory.objects.all().delete()
    first_run = scores_recompute_all(asof=TODAY, refresh_summaries=True)
    assert first_run["scored"] == first_run["evaluated"] == first_run["history"] == 4
    first = {row["organization_id"]: row for row in TrustScore.objects.values(*columns)}
    computed = dict(TrustScore.objects.values_list("organization_id", "computed_at"))
    second_run = scores_recompute_all(asof=TODAY)
    second = {row["organization_id"]: row for row in TrustScore.objects.values(*columns)}
    assert single == first == second
    # Unchanged scores are not rewritten and add no history.
    assert second_run == {"scored": 0, "removed": 0, "history": 0, "evaluated": 4}
    assert dict(TrustScore.objects.values_list("organization_id", "computed_at")) == computed
    assert TrustScoreHistory.objects.count() == 4
    summary = dict(TrustSummary.objects.values_list("organization_id", "grade"))
    assert organizations[4].pk not in summary and all(summary[o.pk] for o in organizations[:4])
    assert {pk: (row["grade"], row["overall"]) for pk, row in second.items()} == dict(
        (pk, (grade, score)) for pk, grade, score in TrustSummary.objects.values_list("organization_id", "grade", "score"))


def test_history_grows_only_when_a_score_changes():
    organization = OrganizationFactory()
    rate(organization, (4, 4, 4))
    scores_recompute_all(asof=TODAY - datetime.timedelta(days=2), refresh_summaries=True)
    scores_recompute_all(asof=TODAY - datetime.timedelta(days=1))
    assert TrustScoreHistory.objects.filter(organization=organization).count() == 1
    rate(organization, (5, 5, 5))
    scores_recompute_all(asof=TODAY, refresh_summaries=True)
    days = list(TrustScoreHistory.objects.filter(organization=organization).values_list("day", flat=True))
    assert days == [TODAY - datetime.timedelta(days=2), TODAY]


def test_each_score_and_history_row_records_its_method_version(monkeypatch):
    organization = OrganizationFactory()
    rate(organization, (4, 4, 4))
    current = method.METHOD_VERSION
    assert score(organization).method_version == current
    monkeypatch.setattr(method, "METHOD_VERSION", "v9")
    result = scores_recompute_all(asof=TODAY + datetime.timedelta(days=1))
    assert result["scored"] == 1 and result["history"] == 1  # same numbers, new method: rewritten
    assert TrustScore.objects.get(organization=organization).method_version == "v9"
    versions = list(TrustScoreHistory.objects.filter(organization=organization).order_by("day")
                    .values_list("method_version", flat=True))
    assert versions == [current, "v9"]


def test_scores_disappear_when_the_evidence_does():
    organization = OrganizationFactory()
    rate(organization, (5, 5, 5))
    score(organization)
    Rating.objects.update(status="hidden")
    scores_recompute_all(asof=TODAY, refresh_summaries=True)
    assert not TrustScore.objects.filter(organization=organization).exists()
    assert not TrustSummary.objects.filter(organization=organization).exists()


def test_an_overlapping_full_run_does_nothing(transactional_db):
    """While one full recompute holds the advisory lock, a second one returns at once."""
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FULL_RECOMPUTE_LOCK])
            assert scores_recompute_all(asof=TODAY) is None
            cursor.execute("COMMIT")
    finally:
        other.close()
    assert scores_recompute_all(asof=TODAY) == {"scored": 0, "removed": 0, "history": 0, "evaluated": 0}


def test_recompute_is_one_statement_whatever_the_number_of_organizations(django_assert_max_num_queries):
    for _ in range(20):
        rate(OrganizationFactory(), (4, 4, 4))
    scores_recompute_all(asof=TODAY, refresh_summaries=True)
    TrustScore.objects.all().delete()
    with django_assert_max_num_queries(6):  # savepoint, lock, jit off, work_mem, the statement
        scores_recompute_all(asof=TODAY)
    assert TrustScore.objects.count() == 20
    assert connection.vendor == "postgresql"


def test_the_sql_takes_no_status_literal_or_threshold():
    from evaluation.services.scoring import _scores_sql

    sql = _scores_sql(scoped=False)
    for literal in ("= 'visible'", "= 'approved'", "= 'accepted'", "= 'published'", "= 'submitted'",
                    "= 'self_evaluation'", "= 'multiple'", "= 'yes'", ">= 10", ">= 30", "3 years", " 20 *", "* 25",
                    "0.30", "0.50"):
        assert literal not in sql
