"""Every CSV and XLSX the platform hands out, written one way.

An export declares its file name and its sheets (a title, the columns, the rows); this module does
the rest the same way for all of them, as pretix's exporter base does:

- CSV is UTF-8 with a byte order mark, so Excel and WPS show the Chinese; only the first sheet is
  written. XLSX goes through openpyxl in write-only mode, one row in memory at a time.
- A text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
  return) is neutralised in both formats, by `is_formula_like` in one place. CSV has no cell types,
  so the text gets a leading apostrophe, the mark Excel itself uses for "this is text". XLSX keeps
  the text exactly and stores it as a text cell marked with that same apostrophe prefix
  (`quotePrefix`): never a formula, not even after someone edits the cell, and a survey definition
  still imports back unchanged. Numbers, dates and booleans are left as they are.
- A column marked `link` holds a path on this site and is written as an absolute URL.
- Labels are translated when the file is written (pass gettext_lazy strings).
"""

import csv
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import urljoin

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# What Excel, WPS and LibreOffice may read as the start of a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-3", "+1.5") is harmless and stays as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAPPED = Alignment(wrap_text=True, vertical="top")


def is_formula_like(value) -> bool:
    """True for a text a spreadsheet could run as a formula; only text can be one."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value)


def _clean_text(value: str) -> str:
    """Control characters (NUL and the like) have no place in a cell; XLSX refuses them."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def csv_value(value):
    """A value as written into a CSV cell: text neutralised, None empty, everything else as is."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)) or hasattr(value, "as_tuple"):  # numbers, Decimal
        return value
    text = _clean_text(str(value))
    return "'" + text if is_formula_like(text) else text


@dataclass(frozen=True)
class Column:
    """One column: its label (translated when written) and how it is shown."""

    label: str
    width: int | None = None  # in characters; by default from the label
    wrap: bool = False  # long text, wrapped in XLSX
    link: bool = False  # a path on this site, written as an absolute URL


@dataclass
class Sheet:
    """A title, the columns and the rows (sequences of values in column order, any iterable)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    # openpyxl DataValidation objects (drop-down lists) for this sheet, XLSX only.
    validations: list = field(default_factory=list)


def sheet_title(title) -> str:
    """What Excel accepts as a sheet name: at most 31 characters, none of []:*?/\\."""
    return _SHEET_TITLE_FORBIDDEN.sub(" ", str(title))[:31].strip() or "Sheet"


class Export:
    """The base of every download. A subclass sets `filename` (without extension) and yields its
    sheets from `sheets()`; views and admin actions call `response(file_format)`.

    `streaming` sends the CSV while it is being written (for exports that may be long).
    """

    filename = "export"
    streaming = False

    def __init__(self, *, request=None):
        self.request = request

    def sheets(self) -> Iterable[Sheet]:
        raise NotImplementedError

    # --- Values ---------------------------------------------------------------------------------

    def absolute_url(self, path):
        """A path on this site as a full address: from the request, else from settings.SITE_URL."""
        if not path:
            return ""
        if self.request is not None:
            return self.request.build_absolute_uri(path)
        return urljoin(settings.SITE_URL, path)

    def _values(self, columns, row):
        values = list(row)
        if len(values) != len(columns):
            raise ValueError(f"{self.filename}: a row has {len(values)} values for {len(columns)} columns")
        for index, (column, value) in enumerate(zip(columns, values, strict=True)):
            if column.link:
                values[index] = self.absolute_url(value)
            elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
                # Shown in China time, as on the site; XLSX cannot hold a time zone.
                values[index] = timezone.make_naive(value)
            elif isinstance(value, Promise):
                values[index] = str(value)  # a translated label, in the language of the download
        return values

    # --- CSV ------------------------------------------------------------------------------------

    def csv_lines(self):
        """The CSV file as text pieces: the byte order mark, then one line per row.

        The header is written before the first piece is asked for, in the request's language."""
        sheet = next(iter(self.sheets()))
        writer = csv.writer(_Echo())
        header = writer.writerow([csv_value(str(column.label)) for column in sheet.columns])

        def pieces():
            yield "\ufeff"  # byte order mark: Excel then reads the file as UTF-8
            yield header
            for row in sheet.rows:
                yield writer.writerow([csv_value(value) for value in self._values(sheet.columns, row)])

        return pieces()

    def csv_response(self):
        if self.streaming:
            response = StreamingHttpResponse(self.csv_lines(), content_type=CSV_CONTENT_TYPE)
        else:
            response = HttpResponse("".join(self.csv_lines()), content_type=CSV_CONTENT_TYPE)
        return self._attach(response, "csv")

    # --- XLSX -----------------------------------------------------------------------------------

    def xlsx_workbook(self):
        workbook = Workbook(write_only=True)
        for sheet in self.sheets():
            self._write_sheet(workbook.create_sheet(title=sheet_title(sheet.title)), sheet)
        return workbook

    def xlsx_bytes(self) -> bytes:
        buffer = BytesIO()
        self.xlsx_workbook().save(buffer)
        return buffer.getvalue()

    def xlsx_response(self):
        response = HttpResponse(self.xlsx_bytes(), content_type=XLSX_CONTENT_TYPE)
        return self._attach(response, "xlsx")

    def _write_sheet(self, worksheet, sheet):
        columns = list(sheet.columns)
        labels = [str(column.label) for column in columns]
        # Column sizes and the frozen header must be set before the first row is written.
        for index, (column, label) in enumerate(zip(columns, labels, strict=True), start=1):
            width = column.width or min(max(len(label) + 4, 12), 60)
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = "A2"
        for validation in sheet.validations:
            worksheet.data_validations.append(validation)
        header = []
        for label in labels:
            cell = self._xlsx_cell(worksheet, label, as_cell=True)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            header.append(cell)
        worksheet.append(header)
        wrapped = [column.wrap for column in columns]
        for row in sheet.rows:
            values = self._values(columns, row)
            worksheet.append([
                self._xlsx_cell(worksheet, value, wrap=wrap) for value, wrap in zip(values, wrapped, strict=True)
            ])

    @staticmethod
    def _xlsx_cell(worksheet, value, *, wrap=False, as_cell=False):
        """The value as openpyxl should store it: plain values as they are (fast), a cell object
        only where a style or the formula guard is needed."""
        if isinstance(value, str):
            value = _clean_text(value)
        formula_like = is_formula_like(value)
        if not (formula_like or wrap or as_cell):
            return value
        cell = WriteOnlyCell(worksheet, value=value)
        if formula_like:
            # openpyxl takes a text starting with "=" for a formula; store it as text, marked as
            # Excel marks a text typed with a leading apostrophe.
            cell.data_type = "s"
            cell.quotePrefix = True
        if wrap:
            cell.alignment = WRAPPED
        return cell

    # --- Response -------------------------------------------------------------------------------

    def response(self, file_format):
        if file_format not in FORMATS:
            raise Http404(_("There is no download in this format."))  # export.pdf: a missing page, not an error
        return self.xlsx_response() if file_format == "xlsx" else self.csv_response()

    def _attach(self, response, extension):
        response["Content-Disposition"] = content_disposition_header(True, f"{self.filename}.{extension}")
        return response


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value
