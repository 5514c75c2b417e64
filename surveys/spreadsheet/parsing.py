"""Reading an uploaded workbook into rows of raw cells, within the size bounds, refusing what
is not a readable .xlsx with the three sheets and their columns."""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .cells import Problems, as_text, is_empty
from .layout import (
    CHOICE_COLUMNS,
    CHOICES_SHEET,
    MAX_CHOICES,
    MAX_FILE_BYTES,
    MAX_HEADER_COLUMNS,
    MAX_QUESTIONS,
    MAX_SCANNED_ROWS,
    MAX_SURVEY_ROWS,
    QUESTION_COLUMNS,
    QUESTIONS_SHEET,
    SURVEY_COLUMNS,
    SURVEY_SHEET,
)


@dataclass
class Sheets:
    survey: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    choices: list = field(default_factory=list)


def _file_bytes(file):
    """The upload's content, read at most once and never beyond the size limit."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
    else:
        if getattr(file, "seekable", lambda: False)():
            file.seek(0)
        data = file.read(MAX_FILE_BYTES + 1)
    if not isinstance(data, bytes) or not data:
        raise ValidationError(_("The file is empty or not an Excel workbook (.xlsx)."))
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is too large; the limit is %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    return data


def _unreadable():
    return ValidationError(
        _(
            "The file could not be read as an Excel workbook (.xlsx). "
            "Save it as .xlsx in Excel or WPS (not .xls or .csv) and try again."
        )
    )


def _find_sheet(workbook, name):
    for title in workbook.sheetnames:
        if title.strip().lower() == name:
            sheet = workbook[title]
            # A chart sheet has the name but no cells.
            return sheet if hasattr(sheet, "iter_rows") else None
    return None


def _header(sheet):
    for values in sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True):
        return [as_text(value).lower() for value in values]
    return []


def _read_table(workbook, name, columns, max_rows, problems, too_many):
    """The non-blank rows of a sheet, each as {column: (row number, value)}, in order."""
    sheet = _find_sheet(workbook, name)
    if sheet is None:
        problems.add(name, None, _("this sheet is missing from the workbook."))
        return []
    # Some programs write a wrong size into the file; read-only mode would trust it and cut rows off.
    sheet.reset_dimensions()
    header = _header(sheet)
    missing = [column for column in columns if column not in header]
    if missing:
        problems.add(
            name,
            1,
            _("the header is missing the column(s) %(columns)s; the first row must name %(all)s.")
            % {"columns": ", ".join(missing), "all": ", ".join(columns)},
        )
        return []
    repeated = [column for column in columns if header.count(column) > 1]
    for column in repeated:
        problems.add(name, 1, _("the column '%(column)s' appears twice.") % {"column": column})
    if repeated:
        return []
    index = {column: header.index(column) for column in columns}
    rows = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=2, max_col=max(index.values()) + 1, values_only=True), start=2
    ):
        if number > MAX_SCANNED_ROWS:
            problems.add(
                name, None, _("the sheet is longer than %(count)s rows; delete the rows below the data.")
                % {"count": MAX_SCANNED_ROWS},
            )
            return []
        cells = {column: values[i] if i < len(values) else None for column, i in index.items()}
        if all(is_empty(value) for value in cells.values()):
            continue  # blank rows (and columns a trainer added for notes) are ignored
        if len(rows) == max_rows:
            problems.add(name, None, too_many)
            return []
        rows.append({column: (number, value) for column, value in cells.items()})
    return rows


def read_workbook(file):
    data = _file_bytes(file)
    problems = Problems()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors all mean "not a readable .xlsx"
        raise _unreadable() from exc
    try:
        sheets = Sheets(
            survey=_read_table(
                workbook, SURVEY_SHEET, SURVEY_COLUMNS, MAX_SURVEY_ROWS, problems,
                _("the sheet has more than %(count)s rows.") % {"count": MAX_SURVEY_ROWS},
            ),
            questions=_read_table(
                workbook, QUESTIONS_SHEET, QUESTION_COLUMNS, MAX_QUESTIONS, problems,
                _("the file has more than %(count)s questions.") % {"count": MAX_QUESTIONS},
            ),
            choices=_read_table(
                workbook, CHOICES_SHEET, CHOICE_COLUMNS, MAX_CHOICES, problems,
                _("the file has more than %(count)s choices.") % {"count": MAX_CHOICES},
            ),
        )
    except Exception as exc:  # a sheet's XML can be broken even when the workbook opened
        raise _unreadable() from exc
    finally:
        workbook.close()
    # Without the right sheets and columns, row-by-row messages would only be noise.
    problems.raise_if_any()
    return sheets
