"""Reading an uploaded spreadsheet one row at a time (bounded memory, whatever its length)."""

import codecs
import csv
import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .columns import header_map

# A sheet longer than this is refused: split it (the check and the import stay within minutes).
MAX_ROWS = 20000
MAX_CELL = 5000


class SheetError(Exception):
    """The file cannot be read as a sheet of organizations (the message says why)."""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:MAX_CELL]


def _csv_text(binary):
    """CSV saved by Excel in China is often GB18030, elsewhere UTF-8 (with or without BOM)."""
    head = binary.read(65536)
    binary.seek(0)
    encoding = "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        encoding = "gb18030"
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")


def _rows(binary, kind):
    if kind == "csv":
        yield from csv.reader(_csv_text(binary))
        return
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetError(_("This file is not an Excel workbook (.xlsx) that can be read.")) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def file_kind(name):
    lower = (name or "").lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".xlsx"):
        return "xlsx"
    return None


def read_sheet(binary, kind):
    """Yield (row number as the spreadsheet shows it, {column key: text}) for every non-empty row.
    Raises SheetError for a file without the required headers or with too many rows."""
    rows = _rows(binary, kind)
    try:
        headers = next(rows)
    except StopIteration as exc:
        raise SheetError(_("The file is empty.")) from exc
    except (csv.Error, UnicodeError) as exc:
        raise SheetError(_("This file cannot be read as CSV.")) from exc
    columns = header_map(headers)
    if "name" not in columns.values() or "province" not in columns.values():
        raise SheetError(_("The first row must hold the column headers of the template; at least 名称 (name) "
                           "and 省份 (province) are needed."))
    count = 0
    try:
        for number, row in enumerate(rows, start=2):
            values = {key: _text(row[index]) if index < len(row) else "" for index, key in columns.items()}
            if not any(values.values()):
                continue
            count += 1
            if count > MAX_ROWS:
                raise SheetError(_("The file has more than %(max)s rows: split it into smaller files.")
                                 % {"max": MAX_ROWS})
            yield number, values
    except csv.Error as exc:
        raise SheetError(_("This file cannot be read as CSV.")) from exc
