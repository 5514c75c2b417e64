"""Self-evaluation points: refused for questions that do not exist, copied into a new edition so
the newest self-evaluation counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation.models import AnswerPoints, TrustScore
from evaluation.services.points import answer_points_copy_to_edition, answer_points_save
from evaluation.services.scoring import organization_recompute
from surveys.models import Choice
from surveys.services.editions import survey_copy_to_new_edition
from tests.evaluation.test_scoring import self_evaluation, self_survey
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_points_for_a_question_key_that_does_not_exist_are_refused():
    survey = self_survey()
    with pytest.raises(ValidationError) as error:
        AnswerPoints(survey=survey, question_key="anual_report", answer_value="yes", dimension="public_trust",
                     points=3).full_clean()
    assert "question_key" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        AnswerPoints(survey=survey, question_key="annual_report", answer_value="maybe", dimension="public_trust",
                     points=3).full_clean()
    assert "answer_value" in error.value.message_dict
    with pytest.raises(ValidationError):
        AnswerPoints(survey=survey, question_key="annual_report", min_number=3, dimension="public_trust",
                     points=3).full_clean()
    # A choice the question offers is accepted.
    question = survey.questions.create(key="reports", type="single", text_zh="报告", position=5)
    Choice.objects.create(question=question, value="yearly", position=0, label_zh="每年")
    AnswerPoints(survey=survey, question_key="reports", answer_value="yearly", dimension="public_trust",
                 points=1).full_clean()


def test_the_save_service_checks_the_key_and_the_permission():
    survey = self_survey()
    admin = UserFactory(is_superuser=True)
    with pytest.raises(ValidationError):
        answer_points_save(points=AnswerPoints(survey=survey, question_key="nope", answer_value="yes",
                                               dimension="financial", points=1), user=admin)
    with pytest.raises(PermissionDenied):
        answer_points_save(points=AnswerPoints(survey=survey, question_key="audited", answer_value="yes",
                                               dimension="financial", points=1), user=UserFactory())
    assert AnswerPoints.objects.filter(survey=survey).count() == 4


def test_the_admin_refuses_points_for_an_unknown_key(client):
    survey = self_survey()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.post("/en/admin/evaluation/answerpoints/add/", {
        "survey": survey.pk, "question_key": "no_such_question", "answer_value": "yes", "dimension": "financial",
        "points": 2})
    assert page.status_code == 200 and "no question with the key" in page.content.decode()
    assert AnswerPoints.objects.filter(survey=survey).count() == 4


def test_a_new_edition_gets_the_points_and_its_answers_count():
    survey = self_survey()
    trainer = UserFactory(is_superuser=True)
    copy = survey_copy_to_new_edition(survey=survey, user=trainer)

    def rows(questionnaire):
        return sorted(AnswerPoints.objects.filter(survey=questionnaire).values_list(
            "question_key", "answer_value", "min_number", "dimension", "points"))

    assert rows(copy) == rows(survey) and len(rows(copy)) == 4
    # The newest edition's self-evaluation is the one that counts, and it carries its points.
    organization = OrganizationFactory()
    self_evaluation(organization, (False, False, 0), survey=survey)
    self_evaluation(organization, (True, True, 5000), survey=copy)
    organization_recompute(organization_id=organization.pk, asof=timezone.localdate())
    scores = TrustScore.objects.get(organization=organization).evidence["self"]["scores"]
    assert scores == [100.0, 100.0, 100.0]
    # Copying again changes nothing; keys the new edition dropped are not copied.
    assert answer_points_copy_to_edition(source=survey, copy=copy) == 0
    copy.questions.filter(key="audited").delete()
    AnswerPoints.objects.filter(survey=copy).delete()
    assert answer_points_copy_to_edition(source=survey, copy=copy) == 3
