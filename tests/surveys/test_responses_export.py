"""The survey responses download: answers that look like formulas stay text, numbers stay numbers."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from surveys.models import Answer, Response
from tests.common.checks import FORMULAS, assert_no_formula, assert_text_cell, csv_rows
from tests.orgs.factories import OrganizationFactory, UserFactory

from .factories import full_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(client):
    survey, questions = full_survey(slug="formulas")
    for index, text in enumerate(FORMULAS[:4]):
        response = Response.objects.create(survey=survey, organization=OrganizationFactory(name=text),
                                           status="submitted", submitted_at=timezone.now())
        Answer.objects.bulk_create([
            Answer(response=response, question=questions["name"], text=text),
            Answer(response=response, question=questions["staff"], number=Decimal(index - 2)),
        ])
    client.force_login(UserFactory(groups=["trainers"]))
    return survey


def test_responses_xlsx_carries_no_formula_and_keeps_numbers(client, hostile):
    content = client.get("/en/surveys/formulas/export.xlsx").content

    assert_no_formula(content)
    sheet = load_workbook(io.BytesIO(content))["Responses"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 4
    for row in rows:
        assert_text_cell(row["Organization"], row["name"].value)
        assert_text_cell(row["name"], row["name"].value)
        assert row["Web address"].value.startswith("http://testserver/en/orgs/")
        assert row["staff"].data_type == "n"
    assert sorted(row["staff"].value for row in rows) == [-2, -1, 0, 1]  # negative numbers are fine


def test_responses_csv_neutralises_formulas(client, hostile):
    response = client.get("/en/surveys/formulas/export.csv")

    rows = csv_rows(b"".join(response.streaming_content))
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert sorted(record["name"] for record in records) == sorted("'" + text for text in FORMULAS[:4])
    assert sorted(record["Organization"] for record in records) == sorted("'" + text for text in FORMULAS[:4])
    assert sorted(record["staff"] for record in records) == ["-1", "-2", "0", "1"]
