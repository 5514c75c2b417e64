"""The funders' list download: no organization name can come out as a live formula."""

import io

import pytest
from openpyxl import load_workbook

from tests.common.checks import FORMULAS, assert_no_formula, assert_text_cell, csv_rows

from .test_funders import scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile():
    return [scored(name, 4) for name in FORMULAS[:4]]


def test_funders_xlsx_carries_no_formula_and_keeps_numbers(client, hostile):
    content = client.get("/en/trust/funders/export.xlsx").content

    assert_no_formula(content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == set(FORMULAS[:4])
    for organization in hostile:
        row = rows[organization.name]
        assert_text_cell(row[0], organization.name)
        assert isinstance(row[4].value, (int, float)) and row[4].data_type == "n"  # the overall score
        assert row[-1].value == f"http://testserver/en/orgs/{organization.slug}/"  # the profile, last


def test_funders_csv_neutralises_formulas(client, hostile):
    response = client.get("/en/trust/funders/export.csv")

    rows = csv_rows(response.content)
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + name for name in FORMULAS[:4])
    assert all(row[-1].startswith("http://testserver/en/orgs/") for row in rows[1:])


def test_an_unknown_format_is_not_found(client, hostile):
    assert client.get("/en/trust/funders/export.pdf").status_code == 404
