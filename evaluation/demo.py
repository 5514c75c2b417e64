"""Demo evidence for the trust evaluation: a self-evaluation questionnaire with points, answers,
public ratings, approved field visits; then one full recompute."""

import datetime
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from orgs.models import Organization, OrganizationStatus, TrustSummary
from surveys.models import Answer, Question, Response, Survey

from .models import AnswerPoints, AssessorAssignment, FieldEvaluation, Rating
from .services.scoring import scores_recompute_all

SELF_QUESTIONS = [
    # key, type, zh, en, [(answer, dimension, points)]
    ("annual_report", "yes_no", "机构是否公开发布年度报告？", "Does the organization publish an annual report?",
     [("yes", "public_trust", 3)]),
    ("financial_statements", "yes_no", "是否公开财务报表？", "Does it publish its financial statements?",
     [("yes", "financial", 3), ("yes", "public_trust", 1)]),
    ("audited", "yes_no", "账目是否经过审计？", "Are the accounts audited?", [("yes", "financial", 3)]),
    ("independent_board", "yes_no", "理事会中是否有独立理事？", "Does the board have independent members?",
     [("yes", "financial", 2)]),
    ("complaints", "yes_no", "是否有公开的投诉渠道？", "Is there a public complaints channel?", [("yes", "public_trust", 2)]),
    ("beneficiaries", "number", "过去一年服务了多少人？", "How many people did it serve last year?",
     [(">=100", "influence", 2), (">=1000", "influence", 2)]),
    ("media_coverage", "number", "过去一年被媒体报道了几次？", "How many times did the media cover it last year?",
     [(">=1", "influence", 1), (">=5", "influence", 2)]),
]


def _self_survey(year):
    survey, created = Survey.objects.get_or_create(slug=f"self-evaluation-{year}", defaults={
        "kind": "self_evaluation", "edition": year, "title_zh": f"{year}年机构自评问卷",
        "title_en": f"{year} self-evaluation", "opens_on": datetime.date(year, 1, 1),
        "closes_on": datetime.date(year, 12, 31), "status": "open",
    })
    if created:
        for position, (key, kind, zh, en, rules) in enumerate(SELF_QUESTIONS):
            Question.objects.create(survey=survey, key=key, position=position, type=kind, text_zh=zh, text_en=en)
            for answer, dimension, points in rules:
                if answer.startswith(">="):
                    AnswerPoints.objects.create(survey=survey, question_key=key, min_number=Decimal(answer[2:]),
                                                dimension=dimension, points=points)
                else:
                    AnswerPoints.objects.create(survey=survey, question_key=key, answer_value=answer,
                                                dimension=dimension, points=points)
    return survey, created


def _raters(count, password):
    User = get_user_model()
    raters = []
    for number in range(1, count + 1):
        email = f"rater{number:02d}@demo.ngo20.org"
        user, created = User.objects.get_or_create(email=email, defaults={"display_name": f"志愿者{number}"})
        if created:
            user.set_password(password)
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        raters.append(user)
    return raters


@transaction.atomic
def demo_evaluation_load(*, password):
    today = timezone.localdate()
    survey, created = _self_survey(today.year)
    rng = random.Random(2028)
    organizations = list(Organization.objects.filter(status=OrganizationStatus.PUBLISHED,
                                                     kind__in=["ngo", "foundation", "csr"]).order_by("slug"))
    if created:
        questions = list(survey.questions.order_by("position"))
        for organization in organizations[::3]:
            response = Response.objects.create(survey=survey, organization=organization, status="submitted",
                                               submitted_at=timezone.now())
            rows = []
            for question in questions:
                if question.type == "yes_no":
                    rows.append(Answer(response=response, question=question, boolean=rng.random() < 0.55))
                else:
                    rows.append(Answer(response=response, question=question, number=Decimal(rng.choice([0, 3, 50, 300, 2000]))))
            Answer.objects.bulk_create(rows)
    if not Rating.objects.exists():
        raters = _raters(30, password)
        for organization in organizations[:60]:
            base = rng.uniform(2.2, 4.6)
            for rater in rng.sample(raters, rng.randint(0, 25)):
                public_trust, financial, influence = (max(1, min(5, round(rng.gauss(base, 0.8)))) for _ in range(3))
                rating = Rating.objects.create(user=rater, organization=organization, public_trust=public_trust,
                                               financial=financial, influence=influence,
                                               comment=rng.choice(["", "", "活动很用心。", "财务公开透明。"]))
                # Spread over the past year, as real ratings come: a first rating made today must
                # not look like the 25th of a burst.
                rated = timezone.now() - datetime.timedelta(days=rng.uniform(2, 365))
                Rating.objects.filter(pk=rating.pk).update(created_at=rated, updated_at=rated)
    User = get_user_model()
    assessor = User.objects.filter(email="assessor@demo.ngo20.org").first()
    lead = User.objects.filter(is_superuser=True).order_by("pk").first()
    if assessor and lead and not FieldEvaluation.objects.exists():
        for organization in organizations[:12]:
            AssessorAssignment.objects.get_or_create(organization=organization, assessor=assessor,
                                                     defaults={"assigned_by": lead})
            visit = today - datetime.timedelta(days=rng.randint(30, 1500))
            FieldEvaluation.objects.create(
                organization=organization, assessor=assessor, visit_date=visit,
                score_public_trust=rng.randint(2, 5), score_financial=rng.randint(1, 5), score_influence=rng.randint(2, 5),
                evidence="查看了年度报告、财务凭证和活动记录。", recommendation="建议公开审计报告。",
                status="approved", approved_by=lead, approved_at=timezone.now(),
            )
    # History a few days back, then today, so profiles show a small chart.
    # The ratings above were written directly: the first run rebuilds the rating summaries.
    for days_ago in (60, 30, 7, 0):
        scores_recompute_all(asof=today - datetime.timedelta(days=days_ago), refresh_summaries=days_ago == 60)
    return {"scored": TrustSummary.objects.count()}
