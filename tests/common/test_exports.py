"""The export helper every download goes through: names the file, BOM, formula guard, links."""

import datetime
from decimal import Decimal

import pytest

from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.exports import Column, Export, Sheet, csv_value, is_formula_like

from .checks import FORMULAS, assert_no_formula, assert_text_cell, csv_rows, xlsx_cells


class Sample(Export):
    filename = "sample-2026"

    def __init__(self, rows, **kwargs):
        super().__init__(**kwargs)
        self.rows = rows

    def sheets(self):
        columns = [Column(_("Organization")), Column("amount"), Column("profile", link=True)]
        yield Sheet(title=_("Evaluated organizations"), columns=columns, rows=self.rows)
        yield Sheet(title="second: [notes]?", columns=[Column("note", wrap=True)], rows=[["=1+1"]])


@pytest.mark.parametrize("text", FORMULAS)
def test_every_dangerous_first_character_is_formula_like(text):
    assert is_formula_like(text)
    assert csv_value(text) == "'" + text


@pytest.mark.parametrize("value", ["-3", "+1.5", "-0.25", "公益", "a=b", "", "1-2"])
def test_plain_numbers_and_ordinary_text_are_left_alone(value):
    assert not is_formula_like(value)
    assert csv_value(value) == value


def test_numbers_are_never_touched():
    assert csv_value(-5) == -5
    assert csv_value(Decimal("-2.5")) == Decimal("-2.5")
    assert csv_value(None) == ""
    assert not is_formula_like(-5)


def test_csv_has_bom_filename_translated_labels_absolute_links_and_no_formula():
    request = RequestFactory().get("/")
    rows = [[text, -5, "/en/orgs/x/"] for text in FORMULAS] + [["普通机构", Decimal("3.5"), ""]]
    with translation.override("zh-hans"):
        response = Sample(rows, request=request).response("csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sample-2026.csv"'
    parsed = csv_rows(response.content)
    assert parsed[0] == ["机构", "amount", "profile"]
    assert [row[0] for row in parsed[1:-1]] == ["'" + text for text in FORMULAS]
    assert parsed[1][1:] == ["-5", "http://testserver/en/orgs/x/"]
    assert parsed[-1] == ["普通机构", "3.5", ""]


def test_xlsx_keeps_text_as_text_numbers_as_numbers_and_no_formula():
    rows = [[text, -5, "/en/orgs/x/"] for text in FORMULAS] + [["普通机构", Decimal("3.5"), ""]]
    with translation.override("en"):
        response = Sample(rows).response("xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="sample-2026.xlsx"'
    assert_no_formula(response.content)
    cells = xlsx_cells(response.content)
    by_coordinate = {(cell.parent.title, cell.coordinate): cell for cell in cells}
    for row, text in enumerate(FORMULAS, start=2):
        assert_text_cell(by_coordinate["Evaluated organizations", f"A{row}"], text)
        amount = by_coordinate["Evaluated organizations", f"B{row}"]
        assert amount.value == -5 and amount.data_type == "n"
        # Without a request the site's address comes from SITE_URL.
        assert by_coordinate["Evaluated organizations", f"C{row}"].value.endswith("/en/orgs/x/")
        assert by_coordinate["Evaluated organizations", f"C{row}"].value.startswith("http")
    assert by_coordinate["Evaluated organizations", "A1"].value == "Organization"
    assert by_coordinate["Evaluated organizations", "A1"].font.bold
    assert by_coordinate["Evaluated organizations", "B8"].value == 3.5
    # Excel refuses []:*?/\ in sheet names.
    note = by_coordinate["second   notes", "A2"]
    assert_text_cell(note, "=1+1")
    assert note.alignment.wrap_text


def test_an_unknown_format_is_a_missing_page_not_an_error():
    with pytest.raises(Http404):
        Sample([]).response("pdf")


def test_a_row_with_the_wrong_number_of_values_is_a_programming_error():
    with pytest.raises(ValueError, match="2 values for 3 columns"):
        Sample([["a", 1]]).response("csv")


def test_aware_datetimes_are_written_in_china_time():
    class Times(Export):
        def sheets(self):
            yield Sheet(title="t", columns=[Column("at")], rows=[[datetime.datetime(2026, 1, 1, 4, 30, tzinfo=datetime.UTC)]])

    cells = xlsx_cells(Times().response("xlsx").content)
    assert cells[1].value == datetime.datetime(2026, 1, 1, 12, 30)
    assert csv_rows(Times().response("csv").content)[1] == ["2026-01-01 12:30:00"]
