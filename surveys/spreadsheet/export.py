"""A survey's definition (no responses) as a workbook, through the platform's export helper."""

from django.db.models import Prefetch
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.exports import Column, Export, Sheet

from ..models import Choice, Question, QuestionType, SurveyKind
from .cells import yes_no
from .layout import (
    CHOICE_COLUMNS,
    CHOICES_SHEET,
    COLUMN_WIDTHS,
    DEFAULT_WIDTH,
    QUESTION_COLUMNS,
    QUESTIONS_SHEET,
    SURVEY_COLUMNS,
    SURVEY_FIELDS,
    SURVEY_SHEET,
    WRAPPED_COLUMNS,
    YES_NO_COLUMNS,
)


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
        "results_public": yes_no(survey.results_public),
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
        "required": yes_no(question.required),
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
        "in_profile_summary": yes_no(question.in_profile_summary),
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
