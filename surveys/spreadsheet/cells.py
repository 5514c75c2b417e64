"""Reading one cell as the column's kind of value, and collecting every problem with its sheet
and row, so a trainer sees all that is wrong with a file at once."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from .layout import DATE_RE, INTEGER_RE, LIST_SEPARATORS, MAX_MESSAGES, NO_WORDS, SHEET_ORDER, YES_WORDS


def yes_no(value):
    return "yes" if value else "no"


class Problems:
    """Everything wrong with the file, sorted by sheet and row when reported."""

    def __init__(self):
        self._items = []

    def add(self, sheet, row, message):
        if row is None:
            text = _("%(sheet)s: %(problem)s") % {"sheet": sheet, "problem": message}
        else:
            text = _("%(sheet)s, row %(row)s: %(problem)s") % {"sheet": sheet, "row": row, "problem": message}
        self._items.append((SHEET_ORDER.index(sheet), row or 0, len(self._items), text))

    def raise_if_any(self):
        if not self._items:
            return
        messages = [text for *_order, text in sorted(self._items)]
        if len(messages) > MAX_MESSAGES:
            rest = len(messages) - MAX_MESSAGES
            messages = messages[:MAX_MESSAGES] + [_("… and %(count)s more problems.") % {"count": rest}]
        raise ValidationError(messages)


class BadCell(Exception):
    """A cell that cannot be read as the column's kind of value; the message has %(column)s and
    %(value)s placeholders, filled in by whoever knows the column."""


def show(value):
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a key or value typed as 2024 arrives as the number 2024.0
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def _as_integer(value):
    if isinstance(value, bool):
        raise BadCell(_("%(column)s '%(value)s' is not a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and INTEGER_RE.match(value.strip()):
        return int(value.strip())
    raise BadCell(_("%(column)s '%(value)s' is not a whole number."))


def _as_decimal(value):
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise BadCell(_("%(column)s '%(value)s' is not a number."))
    try:
        # str() first: Decimal(0.1) would carry the float's binary error into the database.
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise BadCell(_("%(column)s '%(value)s' is not a number.")) from exc
    if not number.is_finite():
        raise BadCell(_("%(column)s '%(value)s' is not a number."))
    return number


def _as_boolean(value):
    if isinstance(value, bool):
        return value
    word = as_text(value).lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise BadCell(_("%(column)s '%(value)s' must be yes or no."))


def _as_date(value):
    # Date cells arrive as datetimes at midnight; typed text as 2025-03-01 (or 2025/3/1, common in China).
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    match = DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise BadCell(_("%(column)s '%(value)s' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01."))


def _as_list(value):
    """Comma-separated items; Chinese commas and semicolons are accepted too."""
    return [item.strip() for item in LIST_SEPARATORS.split(as_text(value)) if item.strip()]


def _as_integer_list(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [_as_integer(value)]  # a single number typed into the cell
    numbers = []
    for item in _as_list(value):
        if not item.isdigit():
            raise BadCell(_("%(column)s '%(value)s' must be whole numbers separated by commas, e.g. 14, 7, 2."))
        numbers.append(int(item))
    return numbers


class Cells:
    """The cells of one record and the row each came from, so that every problem, including the
    model's own validation errors, is reported at the right row."""

    def __init__(self, sheet, problems, cells, row=None):
        self.sheet = sheet
        self.problems = problems
        self.cells = cells  # column -> (row number, raw value)
        self.row = row
        self.failed = set()  # columns already reported, left out of full_clean

    def row_of(self, column):
        return self.cells[column][0] if column in self.cells else self.row

    def raw(self, column):
        return self.cells.get(column, (None, None))[1]

    def problem(self, column, message):
        if column is not None:
            self.failed.add(column)
        self.problems.add(self.sheet, self.row_of(column), message)

    def _convert(self, column, convert, default):
        value = self.raw(column)
        if is_empty(value):
            return default
        try:
            return convert(value)
        except BadCell as bad:
            self.problem(column, str(bad) % {"column": column, "value": show(value)})
            return default

    def text(self, column):
        return as_text(self.raw(column))

    def integer(self, column, default=None):
        return self._convert(column, _as_integer, default)

    def decimal(self, column):
        return self._convert(column, _as_decimal, None)

    def boolean(self, column, default):
        return self._convert(column, _as_boolean, default)

    def date(self, column):
        return self._convert(column, _as_date, None)

    def items(self, column):
        return self._convert(column, _as_list, [])

    def integers(self, column, default):
        return self._convert(column, _as_integer_list, default)

    def one_of(self, column, allowed):
        value = self.text(column).lower()
        if value and value not in allowed:
            self.problem(
                column,
                _("%(column)s '%(value)s' is not one of %(allowed)s.")
                % {"column": column, "value": show(self.text(column)), "allowed": ", ".join(allowed)},
            )
            return ""
        return value

    def report_model_errors(self, error, columns=None):
        """full_clean's errors, each under the column it belongs to."""
        columns = columns or {}
        for name, messages in error.message_dict.items():
            column = None if name == NON_FIELD_ERRORS else columns.get(name, name)
            for message in messages:
                text = message if column is None else f"{column}: {message}"
                self.problem(column, text)

    def full_clean(self, instance, *, exclude=(), columns=None, **options):
        """Run the model's validation, leaving out what is already reported or not yet known."""
        columns = columns or {}
        fields_by_column = {columns.get(f.name, f.name): f.name for f in instance._meta.fields}
        already = {fields_by_column[column] for column in self.failed if column in fields_by_column}
        try:
            instance.full_clean(exclude=[*exclude, *already], **options)
        except ValidationError as error:
            self.report_model_errors(error, columns)
