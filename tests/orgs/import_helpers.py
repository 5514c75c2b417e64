"""Spreadsheets for the import tests, the journey and the bench."""

import csv
import io

from openpyxl import Workbook

from common.credit_codes import check_character
from orgs.imports.columns import template_headers


def credit_code(serial, kind="2", division="510104"):
    """A well-formed code of a body registered with civil affairs (second character: its kind)."""
    first17 = f"5{kind}{division}MJ{serial:07d}"
    return first17 + check_character(first17)


def sheet_rows(rows):
    """Rows as {header without *: value} → lists in the template's column order."""
    headers = [header.rstrip("*") for header in template_headers()]
    return [headers] + [[row.get(header, "") for header in headers] for row in rows]


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(sheet_rows(rows))
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in sheet_rows(rows):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
