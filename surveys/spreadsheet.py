"""A survey definition as an Excel workbook, out and back in.

Trainers prepare next year's questionnaire in Excel or WPS rather than in the admin: they export
a survey, edit the three sheets (survey, questions, choices) and import the file as a new draft.
Only the definition travels, never responses. An import checks the whole file first and lists
every problem with its sheet and row, then creates everything in one transaction, so a bad file
creates nothing.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.exports import Column, Export, Sheet

from .models import (
    CHOICE_TYPES,
    Choice,
    Question,
    QuestionType,
    Section,
    Survey,
    SurveyKind,
    SurveyStatus,
)

SURVEY_SHEET = "survey"
QUESTIONS_SHEET = "questions"
CHOICES_SHEET = "choices"
SHEET_ORDER = [SURVEY_SHEET, QUESTIONS_SHEET, CHOICES_SHEET]

SURVEY_FIELDS = [
    "slug",
    "kind",
    "edition",
    "title_zh",
    "title_en",
    "intro_zh",
    "intro_en",
    "opens_on",
    "closes_on",
    "reminder_offsets",
    "results_public",
]
# Rows the survey sheet must have; the others may be left out and take the model's default.
REQUIRED_SURVEY_FIELDS = ["slug", "kind", "edition", "title_zh", "opens_on", "closes_on"]
SURVEY_COLUMNS = ["field", "value"]

QUESTION_COLUMNS = [
    "section_zh",
    "section_en",
    "key",
    "type",
    "required",
    "text_zh",
    "text_en",
    "help_zh",
    "help_en",
    "scale_min",
    "scale_max",
    "scale_min_label_zh",
    "scale_min_label_en",
    "scale_max_label_zh",
    "scale_max_label_en",
    "number_min",
    "number_max",
    "show_if_key",
    "show_if_values",
    "in_profile_summary",
]
CHOICE_COLUMNS = ["question_key", "value", "label_zh", "label_en"]

# Column widths in characters: wide for the texts a trainer edits, narrow for codes and numbers.
COLUMN_WIDTHS = {
    "field": 20,
    "value": 60,
    "section_zh": 24,
    "section_en": 24,
    "key": 22,
    "type": 12,
    "required": 10,
    "text_zh": 50,
    "text_en": 50,
    "help_zh": 36,
    "help_en": 36,
    "show_if_key": 22,
    "show_if_values": 22,
    "in_profile_summary": 18,
    "question_key": 22,
    "label_zh": 36,
    "label_en": 36,
}
DEFAULT_WIDTH = 14
WRAPPED_COLUMNS = {"value", "text_zh", "text_en", "help_zh", "help_en", "label_zh", "label_en"}
YES_NO_COLUMNS = {"required", "in_profile_summary"}

# Bounds on the work one upload can cause: the largest real questionnaire has about a hundred
# questions, so these leave room while keeping a hostile file from tying up a worker.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 500
MAX_CHOICES = 5000
MAX_SURVEY_ROWS = 50
MAX_HEADER_COLUMNS = 100
MAX_SCANNED_ROWS = 20_000  # blank rows included
MAX_MESSAGES = 50  # a page of 500 messages helps nobody; the first ones show the pattern

YES_WORDS = {"yes", "y", "true", "1", "是"}
NO_WORDS = {"no", "n", "false", "0", "否"}
LIST_SEPARATORS = re.compile(r"[,，;；、]")
DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
INTEGER_RE = re.compile(r"^[+-]?\d+$")


# --- Export -------------------------------------------------------------------------------------


class SurveyDefinitionExport(Export):
    """The survey's definition (no responses) as an .xlsx workbook that imports back unchanged.

    Sheet and column names are the import's keys, so they are not translated."""

    def __init__(self, *, survey, request=None):
        super().__init__(request=request)
        self.survey = survey
        self.filename = f"{survey.slug}-definition"

    def sheets(self):
        questions = list(
            self.survey.questions.select_related("section", "show_if_question")
            .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
            .order_by("position", "id")
        )
        survey_dropdowns, question_dropdowns = _dropdowns(len(questions))
        yield Sheet(SURVEY_SHEET, _columns(SURVEY_COLUMNS), _survey_rows(self.survey), survey_dropdowns)
        yield Sheet(QUESTIONS_SHEET, _columns(QUESTION_COLUMNS), map(_question_row, questions), question_dropdowns)
        yield Sheet(CHOICES_SHEET, _columns(CHOICE_COLUMNS), _choice_rows(questions))


def survey_definition_to_xlsx(*, survey) -> bytes:
    """The survey's definition as .xlsx bytes (see SurveyDefinitionExport)."""
    return SurveyDefinitionExport(survey=survey).xlsx_bytes()


def _columns(names):
    return [Column(name, width=COLUMN_WIDTHS.get(name, DEFAULT_WIDTH), wrap=name in WRAPPED_COLUMNS) for name in names]


def _yes_no(value):
    return "yes" if value else "no"


def _survey_rows(survey):
    values = {
        "slug": survey.slug,
        "kind": survey.kind,
        "edition": survey.edition,
        "title_zh": survey.title_zh,
        "title_en": survey.title_en,
        "intro_zh": survey.intro_zh,
        "intro_en": survey.intro_en,
        # ISO text rather than date cells: Excel and WPS show date cells in the computer's locale.
        "opens_on": survey.opens_on.isoformat(),
        "closes_on": survey.closes_on.isoformat(),
        "reminder_offsets": ", ".join(str(days) for days in survey.reminder_offsets),
        "results_public": _yes_no(survey.results_public),
    }
    return [[name, values[name]] for name in SURVEY_FIELDS]


def _question_row(question):
    section = question.section
    condition = question.show_if_question
    is_scale = question.type == QuestionType.SCALE
    # The scale range only means something for scale questions; elsewhere it is written only when
    # it differs from the default, so the sheet stays readable and still imports back unchanged.
    show_scale_min = is_scale or question.scale_min != Question._meta.get_field("scale_min").default
    show_scale_max = is_scale or question.scale_max != Question._meta.get_field("scale_max").default
    values = {
        "section_zh": section.title_zh if section else "",
        "section_en": section.title_en if section else "",
        "key": question.key,
        "type": question.type,
        "required": _yes_no(question.required),
        "text_zh": question.text_zh,
        "text_en": question.text_en,
        "help_zh": question.help_zh,
        "help_en": question.help_en,
        "scale_min": question.scale_min if show_scale_min else None,
        "scale_max": question.scale_max if show_scale_max else None,
        "scale_min_label_zh": question.scale_min_label_zh,
        "scale_min_label_en": question.scale_min_label_en,
        "scale_max_label_zh": question.scale_max_label_zh,
        "scale_max_label_en": question.scale_max_label_en,
        "number_min": question.number_min,
        "number_max": question.number_max,
        "show_if_key": condition.key if condition else "",
        "show_if_values": ", ".join(question.show_if_values) if condition else "",
        "in_profile_summary": _yes_no(question.in_profile_summary),
    }
    return [values[name] for name in QUESTION_COLUMNS]


def _choice_rows(questions):
    for question in questions:
        for choice in question.choices.all():
            yield [question.key, choice.value, choice.label_zh, choice.label_en]


def _dropdowns(question_count):
    """Drop-down lists for the coded columns, so a trainer picks a valid type instead of typing one."""
    last_row = max(question_count + 1, 200)  # room for the questions a trainer adds
    question_validations = []
    dropdowns = {"type": ",".join(QuestionType.values), **{name: "yes,no" for name in YES_NO_COLUMNS}}
    for name, options in dropdowns.items():
        letter = get_column_letter(QUESTION_COLUMNS.index(name) + 1)
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}{last_row}")
        question_validations.append(validation)
    survey_validations = []
    for name, options in {"kind": ",".join(SurveyKind.values), "results_public": "yes,no"}.items():
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.add(f"B{SURVEY_FIELDS.index(name) + 2}")
        survey_validations.append(validation)
    return survey_validations, question_validations


# --- Import: problems ---------------------------------------------------------------------------


class _Problems:
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


class _BadCell(Exception):
    """A cell that cannot be read as the column's kind of value; the message has %(column)s and
    %(value)s placeholders, filled in by whoever knows the column."""


def _show(value):
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


# --- Import: cell values ------------------------------------------------------------------------


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a key or value typed as 2024 arrives as the number 2024.0
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def _as_integer(value):
    if isinstance(value, bool):
        raise _BadCell(_("%(column)s '%(value)s' is not a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and INTEGER_RE.match(value.strip()):
        return int(value.strip())
    raise _BadCell(_("%(column)s '%(value)s' is not a whole number."))


def _as_decimal(value):
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise _BadCell(_("%(column)s '%(value)s' is not a number."))
    try:
        # str() first: Decimal(0.1) would carry the float's binary error into the database.
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise _BadCell(_("%(column)s '%(value)s' is not a number.")) from exc
    if not number.is_finite():
        raise _BadCell(_("%(column)s '%(value)s' is not a number."))
    return number


def _as_boolean(value):
    if isinstance(value, bool):
        return value
    word = _as_text(value).lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise _BadCell(_("%(column)s '%(value)s' must be yes or no."))


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
    raise _BadCell(_("%(column)s '%(value)s' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01."))


def _as_list(value):
    """Comma-separated items; Chinese commas and semicolons are accepted too."""
    return [item.strip() for item in LIST_SEPARATORS.split(_as_text(value)) if item.strip()]


def _as_integer_list(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [_as_integer(value)]  # a single number typed into the cell
    numbers = []
    for item in _as_list(value):
        if not item.isdigit():
            raise _BadCell(_("%(column)s '%(value)s' must be whole numbers separated by commas, e.g. 14, 7, 2."))
        numbers.append(int(item))
    return numbers


class _Cells:
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
        if _is_empty(value):
            return default
        try:
            return convert(value)
        except _BadCell as bad:
            self.problem(column, str(bad) % {"column": column, "value": _show(value)})
            return default

    def text(self, column):
        return _as_text(self.raw(column))

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
                % {"column": column, "value": _show(self.text(column)), "allowed": ", ".join(allowed)},
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


# --- Import: reading the workbook ---------------------------------------------------------------


@dataclass
class _Sheets:
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
        return [_as_text(value).lower() for value in values]
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
        if all(_is_empty(value) for value in cells.values()):
            continue  # blank rows (and columns a trainer added for notes) are ignored
        if len(rows) == max_rows:
            problems.add(name, None, too_many)
            return []
        rows.append({column: (number, value) for column, value in cells.items()})
    return rows


def _read_workbook(file):
    data = _file_bytes(file)
    problems = _Problems()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors all mean "not a readable .xlsx"
        raise _unreadable() from exc
    try:
        sheets = _Sheets(
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


# --- Import: checking ---------------------------------------------------------------------------


@dataclass
class _QuestionPlan:
    cells: _Cells
    question: Question
    section_title: tuple | None
    show_if_key: str
    choices: list = field(default_factory=list)  # of (cells, Choice)
    condition: "_QuestionPlan | None" = None  # the earlier question that shows this one


def _survey_cells(rows, problems):
    """The survey sheet's field/value rows as one record, each field keeping its own row."""
    cells = {}
    for row in rows:
        number, name = row["field"][0], _as_text(row["field"][1]).lower()
        if not name:
            problems.add(SURVEY_SHEET, number, _("the field name is empty."))
        elif name not in SURVEY_FIELDS:
            problems.add(
                SURVEY_SHEET,
                number,
                _("unknown field '%(field)s'; the fields are %(fields)s.")
                % {"field": _show(name), "fields": ", ".join(SURVEY_FIELDS)},
            )
        elif name in cells:
            problems.add(
                SURVEY_SHEET, number,
                _("the field %(field)s is already given in row %(row)s.") % {"field": name, "row": cells[name][0]},
            )
        else:
            cells[name] = row["value"]
    return cells


def _check_survey(rows, slug, problems):
    cells = _Cells(SURVEY_SHEET, problems, _survey_cells(rows, problems))
    for name in REQUIRED_SURVEY_FIELDS:
        if name not in cells.cells and not (name == "slug" and slug):
            cells.problem(name, _("there is no row for the field %(field)s.") % {"field": name})
    survey = Survey(
        slug=slug or cells.text("slug"),
        kind=cells.one_of("kind", SurveyKind.values),
        edition=cells.integer("edition"),
        title_zh=cells.text("title_zh"),
        title_en=cells.text("title_en"),
        intro_zh=cells.text("intro_zh"),
        intro_en=cells.text("intro_en"),
        opens_on=cells.date("opens_on"),
        closes_on=cells.date("closes_on"),
        results_public=cells.boolean("results_public", default=False),
        status=SurveyStatus.DRAFT,  # an import is always reviewed before it is opened
    )
    if "reminder_offsets" in cells.cells:
        # Without the row the model's default reminders apply; an empty cell means no reminders.
        survey.reminder_offsets = cells.integers("reminder_offsets", default=[])
    if slug:
        # The slug given by the caller overrides the sheet's; its problems belong to no row.
        cells.cells.pop("slug", None)
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        cells.problem("closes_on", _("closes_on is before opens_on."))
    if survey.slug and Survey.objects.filter(slug=survey.slug).exists():
        cells.problem(
            "slug",
            _("a survey with the address '%(slug)s' already exists; choose another slug.") % {"slug": survey.slug},
        )
    # Uniqueness of the slug is checked just above, with a clearer message.
    cells.full_clean(survey, validate_unique=False)
    return survey


def _check_questions(rows, problems):
    plans, seen = [], {}
    for row in rows:
        cells = _Cells(QUESTIONS_SHEET, problems, row, row=row["key"][0])
        key = cells.text("key")
        if key in seen:
            message = _("the key '%(key)s' is already used in row %(row)s.")
            cells.problem("key", message % {"key": key, "row": seen[key]})
        elif key:
            seen[key] = cells.row
        question = Question(
            key=key,
            type=cells.one_of("type", QuestionType.values),
            required=cells.boolean("required", default=True),
            text_zh=cells.text("text_zh"),
            text_en=cells.text("text_en"),
            help_zh=cells.text("help_zh"),
            help_en=cells.text("help_en"),
            scale_min=cells.integer("scale_min", default=Question._meta.get_field("scale_min").default),
            scale_max=cells.integer("scale_max", default=Question._meta.get_field("scale_max").default),
            scale_min_label_zh=cells.text("scale_min_label_zh"),
            scale_min_label_en=cells.text("scale_min_label_en"),
            scale_max_label_zh=cells.text("scale_max_label_zh"),
            scale_max_label_en=cells.text("scale_max_label_en"),
            number_min=cells.decimal("number_min"),
            number_max=cells.decimal("number_max"),
            show_if_values=cells.items("show_if_values"),
            in_profile_summary=cells.boolean("in_profile_summary", default=False),
            position=len(plans),
        )
        _check_ranges(cells, question)
        section_title = (cells.text("section_zh"), cells.text("section_en"))
        plans.append(
            _QuestionPlan(
                cells=cells,
                question=question,
                section_title=section_title if any(section_title) else None,
                show_if_key=cells.text("show_if_key"),
            )
        )
    return plans


def _check_ranges(cells, question):
    # Checked here with plain words; the constraints would only say "question_scale_range is violated".
    if "scale_min" not in cells.failed and "scale_max" not in cells.failed:
        if question.scale_max <= question.scale_min:
            cells.problem("scale_max", _("scale_max must be larger than scale_min."))
    if question.number_min is not None and question.number_max is not None:
        if question.number_max < question.number_min:
            cells.problem("number_max", _("number_max must not be smaller than number_min."))


def _check_choices(rows, plans, problems):
    by_key = {plan.question.key: plan for plan in plans if plan.question.key}
    seen_values = {}  # (question key, value) -> row
    refused = set()  # questions already told they take no choices
    for row in rows:
        cells = _Cells(CHOICES_SHEET, problems, row, row=row["question_key"][0])
        key, value = cells.text("question_key"), cells.text("value")
        plan = by_key.get(key)
        if plan is None:
            cells.problem(
                "question_key",
                _("question_key '%(key)s' is not the key of any question in the questions sheet.") % {"key": _show(key)}
                if key
                else _("question_key is empty."),
            )
            continue
        question_type = plan.question.type
        if question_type and question_type not in CHOICE_TYPES:
            if key not in refused:
                refused.add(key)
                cells.problem(
                    "question_key",
                    _("question '%(key)s' is of type %(type)s; only single and multiple questions have choices.")
                    % {"key": key, "type": question_type},
                )
            continue
        if (key, value) in seen_values:
            cells.problem(
                "value",
                _("the value '%(value)s' is already a choice of question '%(key)s' in row %(row)s.")
                % {"value": _show(value), "key": key, "row": seen_values[key, value]},
            )
        elif value:
            seen_values[key, value] = cells.row
        choice = Choice(value=value, label_zh=cells.text("label_zh"), label_en=cells.text("label_en"))
        choice.position = len(plan.choices)
        plan.choices.append((cells, choice))
    for plan in plans:
        if plan.question.type in CHOICE_TYPES and not plan.choices:
            plan.cells.problem(
                "type",
                _("question '%(key)s' is a %(type)s question but has no rows in the choices sheet.")
                % {"key": plan.question.key, "type": plan.question.type},
            )


def _condition_values(target):
    if target.question.type == QuestionType.YES_NO:
        return ["yes", "no"]
    return [choice.value for _cells, choice in target.choices]


def _check_conditions(plans):
    """A skip condition points to an earlier question and names answers that question can have."""
    earlier, all_keys = {}, {plan.question.key for plan in plans}
    for plan in plans:
        cells, question, key = plan.cells, plan.question, plan.show_if_key
        if not key:
            if question.show_if_values:
                cells.problem("show_if_values", _("show_if_values is filled in but show_if_key is empty."))
            if question.key:
                earlier.setdefault(question.key, plan)
            continue
        target = earlier.get(key)
        if target is None:
            if key in all_keys:
                message = _("show_if_key '%(key)s' must be the key of an earlier question.")
            else:
                message = _("show_if_key '%(key)s' is not the key of any question.")
            cells.problem("show_if_key", message % {"key": _show(key)})
        elif target.question.type not in (*CHOICE_TYPES, QuestionType.YES_NO):
            if target.question.type:
                cells.problem(
                    "show_if_key",
                    _("show_if_key '%(key)s' is a %(type)s question; a condition needs a single, multiple "
                      "or yes_no question.") % {"key": key, "type": target.question.type},
                )
        elif not question.show_if_values:
            cells.problem("show_if_values", _("show_if_values is empty; give the answers that show this question."))
        else:
            if target.question.type == QuestionType.YES_NO:
                question.show_if_values = [value.lower() for value in question.show_if_values]
            allowed = _condition_values(target)
            unknown = [value for value in question.show_if_values if value not in allowed]
            if unknown:
                cells.problem(
                    "show_if_values",
                    _("show_if_values %(values)s: not among the answers of '%(key)s' (%(allowed)s).")
                    % {"values": ", ".join(unknown), "key": key, "allowed": ", ".join(allowed)},
                )
            plan.condition = target
        if question.key:
            earlier.setdefault(question.key, plan)


def _sections(plans):
    """One section per run of consecutive questions with the same section title."""
    sections, previous_title, current = [], None, None
    for plan in plans:
        if plan.section_title is None:
            current = None
        elif plan.section_title != previous_title:
            title_zh, title_en = plan.section_title
            current = Section(title_zh=title_zh, title_en=title_en, position=len(sections))
            # A section's own cells, so its problems do not hide the question's (and the reverse).
            cells = plan.cells
            sections.append((_Cells(cells.sheet, cells.problems, cells.cells, row=cells.row), current))
        previous_title = plan.section_title
        plan.question.section = current
    return sections


def _full_clean_all(sections, plans):
    # survey, section and condition are checked above or set once the rows exist.
    for cells, section in sections:
        cells.full_clean(section, exclude=["survey"], columns={"title_zh": "section_zh", "title_en": "section_en"})
    for plan in plans:
        plan.cells.full_clean(
            plan.question,
            exclude=["survey", "section", "show_if_question"],
            columns={"show_if_question": "show_if_key"},
        )
        for cells, choice in plan.choices:
            cells.full_clean(choice, exclude=["question"])


# --- Import: writing ----------------------------------------------------------------------------


def _create(survey, sections, plans):
    try:
        with transaction.atomic():
            survey.save()
            for _cells, section in sections:
                section.survey = survey
            Section.objects.bulk_create([section for _cells, section in sections])
            questions = [plan.question for plan in plans]
            for question in questions:
                question.survey = survey
            Question.objects.bulk_create(questions)  # sections have ids now; conditions need these ids
            conditional = []
            for plan in plans:
                if plan.condition is not None:
                    plan.question.show_if_question = plan.condition.question
                    conditional.append(plan.question)
            Question.objects.bulk_update(conditional, ["show_if_question"])
            choices = []
            for plan in plans:
                for _cells, choice in plan.choices:
                    choice.question = plan.question
                    choices.append(choice)
            Choice.objects.bulk_create(choices)
    except IntegrityError as exc:
        # The slug was checked before; only a simultaneous import of the same slug gets here.
        if not Survey.objects.filter(slug=survey.slug).exists():
            raise
        raise ValidationError(
            _("A survey with the address %(slug)s already exists.") % {"slug": survey.slug}
        ) from exc
    return survey


def survey_definition_from_xlsx(*, file, slug=None) -> Survey:
    """A new draft survey from a workbook made by `survey_definition_to_xlsx` (or by hand).

    `file` is an uploaded file, any binary file object, or bytes; `slug` replaces the sheet's slug.
    Raises ValidationError listing every problem ("questions, row 7: …"); then nothing is created.
    """
    sheets = _read_workbook(file)
    problems = _Problems()
    survey = _check_survey(sheets.survey, slug, problems)
    plans = _check_questions(sheets.questions, problems)
    _check_choices(sheets.choices, plans, problems)
    _check_conditions(plans)
    sections = _sections(plans)
    _full_clean_all(sections, plans)
    problems.raise_if_any()
    return _create(survey, sections, plans)
