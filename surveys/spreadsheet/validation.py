"""Checking the rows of a workbook and turning them into unsaved survey, section, question and
choice objects (a plan); every problem is reported with its sheet and row, and nothing is saved here."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import CHOICE_TYPES, Choice, Question, QuestionType, Section, Survey, SurveyKind, SurveyStatus
from .cells import Cells, Problems, as_text, show
from .layout import CHOICES_SHEET, QUESTIONS_SHEET, REQUIRED_SURVEY_FIELDS, SURVEY_FIELDS, SURVEY_SHEET
from .parsing import read_workbook


@dataclass
class QuestionPlan:
    cells: Cells
    question: Question
    section_title: tuple | None
    show_if_key: str
    choices: list = field(default_factory=list)  # of (cells, Choice)
    condition: "QuestionPlan | None" = None  # the earlier question that shows this one


def _survey_cells(rows, problems):
    """The survey sheet's field/value rows as one record, each field keeping its own row."""
    cells = {}
    for row in rows:
        number, name = row["field"][0], as_text(row["field"][1]).lower()
        if not name:
            problems.add(SURVEY_SHEET, number, _("the field name is empty."))
        elif name not in SURVEY_FIELDS:
            problems.add(
                SURVEY_SHEET,
                number,
                _("unknown field '%(field)s'; the fields are %(fields)s.")
                % {"field": show(name), "fields": ", ".join(SURVEY_FIELDS)},
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
    cells = Cells(SURVEY_SHEET, problems, _survey_cells(rows, problems))
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
        cells = Cells(QUESTIONS_SHEET, problems, row, row=row["key"][0])
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
            QuestionPlan(
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
        cells = Cells(CHOICES_SHEET, problems, row, row=row["question_key"][0])
        key, value = cells.text("question_key"), cells.text("value")
        plan = by_key.get(key)
        if plan is None:
            cells.problem(
                "question_key",
                _("question_key '%(key)s' is not the key of any question in the questions sheet.") % {"key": show(key)}
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
                % {"value": show(value), "key": key, "row": seen_values[key, value]},
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
            cells.problem("show_if_key", message % {"key": show(key)})
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
            sections.append((Cells(cells.sheet, cells.problems, cells.cells, row=cells.row), current))
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


@dataclass
class DefinitionPlan:
    """A checked definition, ready to be saved: the survey, its sections (with the cells they came
    from) and one plan per question, in order."""

    survey: Survey
    sections: list
    questions: list


def definition_plan(*, file, slug=None) -> DefinitionPlan:
    """Read and check a workbook. Raises ValidationError listing every problem ("questions, row 7:
    …"); saves nothing."""
    sheets = read_workbook(file)
    problems = Problems()
    survey = _check_survey(sheets.survey, slug, problems)
    plans = _check_questions(sheets.questions, problems)
    _check_choices(sheets.choices, plans, problems)
    _check_conditions(plans)
    sections = _sections(plans)
    _full_clean_all(sections, plans)
    problems.raise_if_any()
    return DefinitionPlan(survey=survey, sections=sections, questions=plans)
