"""The survey definition download: texts that look like formulas stay text and import back unchanged."""

import pytest
from django.utils import translation

from common.exports import is_formula_like
from surveys.models import Question, QuestionType
from surveys.services.definitions import survey_definition_from_xlsx
from tests.common.checks import FORMULAS, assert_no_formula, assert_text_cell, xlsx_cells
from tests.orgs.factories import UserFactory

from .factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_definition_export_carries_no_formula_and_imports_back(client):
    survey = SurveyFactory(slug="formulas", title_zh=FORMULAS[0])
    for text in FORMULAS:
        QuestionFactory(survey=survey, type=QuestionType.SHORT_TEXT, text_zh=text.strip(), help_en=text)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post("/en/admin/surveys/survey/", {"action": "export_definition", "_selected_action": [survey.pk]})

    assert response["Content-Disposition"] == 'attachment; filename="formulas-definition.xlsx"'
    assert_no_formula(response.content)
    formula_like = [cell for cell in xlsx_cells(response.content) if is_formula_like(cell.value)]
    assert len(formula_like) == 1 + 6 + 5  # the title, the texts, the help texts but "\r=1+1" (read as "\n=1+1")
    for cell in formula_like:
        assert_text_cell(cell, cell.value)
    with translation.override("en"):
        copy = survey_definition_from_xlsx(file=response.content, slug="formulas-copy")
    assert copy.title_zh == FORMULAS[0]
    texts = list(Question.objects.filter(survey=copy).order_by("position").values_list("text_zh", flat=True))
    assert texts == [text.strip() for text in FORMULAS]
