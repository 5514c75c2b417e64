"""The trust score on known data: shrinkage, decay, the self cap, matches, grades, confidence;
set-based recompute equal to the single-organization one, idempotent, locked."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from evaluation import method
from evaluation.models import (
    AnswerPoints,
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
from orgs.models import Organization
from surveys.models import Answer, Question, Response, Survey
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


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


def score(organization):
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    return TrustScore.objects.get(organization=organization)


def expected(*sources):
    """sources: (weight, value) including the neutral start."""
    sources = [(Decimal(str(w)), Decimal(str(v))) for w, v in sources]
    return round(sum(w * v for w, v in sources) / sum(w for w, _ in sources), 1)


def test_a_few_ratings_are_shrunk_toward_the_middle():
    organization = OrganizationFactory()
    rate(organization, (5, 5, 5), (5, 5, 5))
    result = score(organization)
    # Bayesian average (10 × 3 + 10) / 12 = 3.333…, i.e. 58.3 on 0–100; weight 0.3 × 2 / 12.
    bayes = (Decimal(30) + 10) / 12
    public = (bayes - 1) * 25
    assert result.public_trust == expected((method.WEIGHT_NEUTRAL, 50), (Decimal("0.3") * 2 / 12, public))
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
    assert fresh_score.overall == expected((method.WEIGHT_NEUTRAL, 50), (method.WEIGHT_FIELD, 100))
    assert old_score.overall == expected((method.WEIGHT_NEUTRAL, 50), (method.WEIGHT_FIELD / 4, 100))
    assert fresh_score.confidence == "medium" and old_score.confidence == "low"


def test_unapproved_field_evaluations_do_not_count():
    organization = OrganizationFactory()
    visit = field_visit(organization, (5, 5, 5), days_ago=10)
    FieldEvaluation.objects.filter(pk=visit.pk).update(status="submitted", approved_at=None, approved_by=None)
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    assert not TrustScore.objects.filter(organization=organization).exists()


def self_evaluation(organization, answers):
    survey, _ = Survey.objects.get_or_create(slug="self-2026", defaults={
        "kind": "self_evaluation", "edition": 2026, "title_zh": "自评", "opens_on": TODAY.replace(month=1, day=1),
        "closes_on": TODAY.replace(month=12, day=31), "status": "open"})
    if not survey.questions.exists():
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
    response = Response.objects.create(survey=survey, organization=organization, status="submitted",
                                       submitted_at=timezone.now())
    questions = {q.key: q for q in survey.questions.all()}
    Answer.objects.create(response=response, question=questions["annual_report"], boolean=answers[0])
    Answer.objects.create(response=response, question=questions["audited"], boolean=answers[1])
    Answer.objects.create(response=response, question=questions["beneficiaries"], number=answers[2])


def test_self_evaluation_alone_is_capped_near_the_middle():
    organization = OrganizationFactory()
    self_evaluation(organization, (True, True, 5000))
    result = score(organization)
    # Perfect self-reported answers: 100 on each dimension, but only weight 0.2 against the neutral 0.2.
    assert result.public_trust == result.financial == result.influence == Decimal("75.0")
    assert result.grade == "B" and result.confidence == "low"
    half = OrganizationFactory()
    self_evaluation(half, (False, True, 500))
    halfway = score(half)
    assert (halfway.public_trust, halfway.financial, halfway.influence) == (Decimal("25.0"), Decimal("75.0"), Decimal("50.0"))


def test_confirmed_matches_raise_social_influence_only():
    organization = OrganizationFactory()
    rate(organization, (3, 3, 3))
    base = score(organization)
    for _ in range(5):
        need = PostFactory(organization=organization, kind="need")
        offer = PostFactory(organization=OrganizationFactory(kind="csr"), kind="offer")
        Match.objects.create(need=need, offer=offer, status="accepted", need_confirmed_at=timezone.now(),
                             offer_confirmed_at=timezone.now(), decided_at=timezone.now())
    with_matches = score(organization)
    assert with_matches.influence > base.influence
    assert (with_matches.public_trust, with_matches.financial) == (base.public_trust, base.financial)
    assert with_matches.evidence["matches"]["count"] == 5


def test_grade_bands_and_confidence_from_evidence():
    organization = OrganizationFactory()
    field_visit(organization, (5, 5, 5), days_ago=10)
    rate(organization, *[(5, 5, 5)] * 30)
    self_evaluation(organization, (True, True, 5000))
    result = score(organization)
    assert result.overall >= 85 and result.grade == "A"
    assert result.confidence == "high" and result.evidence["evidence_points"] == 5


def test_hidden_and_held_ratings_do_not_count():
    organization = OrganizationFactory()
    rate(organization, (1, 1, 1))
    Rating.objects.update(status="held")
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    assert not TrustScore.objects.filter(organization=organization).exists()


def test_full_recompute_equals_single_recomputes_and_is_idempotent():
    organizations = [OrganizationFactory() for _ in range(4)]
    rate(organizations[0], (4, 2, 5), (3, 3, 3))
    field_visit(organizations[1], (2, 4, 3), days_ago=400)
    self_evaluation(organizations[2], (True, False, 50))
    # organizations[3] has no evidence.
    for organization in organizations:
        organization_recompute(organization_id=organization.pk, asof=TODAY)
    single = {row["organization_id"]: row for row in TrustScore.objects.values(
        "organization_id", "overall", "public_trust", "financial", "influence", "grade", "confidence")}
    assert scores_recompute_all(asof=TODAY)["scored"] == 3
    first = {row["organization_id"]: row for row in TrustScore.objects.values(
        "organization_id", "overall", "public_trust", "financial", "influence", "grade", "confidence")}
    scores_recompute_all(asof=TODAY)
    second = {row["organization_id"]: row for row in TrustScore.objects.values(
        "organization_id", "overall", "public_trust", "financial", "influence", "grade", "confidence")}
    assert single == first == second
    assert TrustScoreHistory.objects.filter(day=TODAY).count() == 3
    summary = dict(Organization.objects.filter(pk__in=[o.pk for o in organizations]).values_list("pk", "trust_grade"))
    assert summary[organizations[3].pk] == "" and all(summary[o.pk] for o in organizations[:3])


def test_scores_disappear_when_the_evidence_does():
    organization = OrganizationFactory()
    rate(organization, (5, 5, 5))
    score(organization)
    Rating.objects.update(status="hidden")
    scores_recompute_all(asof=TODAY)
    assert not TrustScore.objects.filter(organization=organization).exists()
    assert Organization.objects.get(pk=organization.pk).trust_grade == ""


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
    assert scores_recompute_all(asof=TODAY) == {"scored": 0, "removed": 0}


def test_recompute_is_one_statement_whatever_the_number_of_organizations(django_assert_max_num_queries):
    for _ in range(20):
        rate(OrganizationFactory(), (4, 4, 4))
    with django_assert_max_num_queries(4):  # savepoint, lock, the statement
        scores_recompute_all(asof=TODAY)
    assert TrustScore.objects.count() == 20
    assert connection.vendor == "postgresql"
