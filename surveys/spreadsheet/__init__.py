"""A survey definition as an Excel workbook, out and back in.

Trainers prepare next year's questionnaire in Excel or WPS rather than in the admin: they export
a survey, edit the three sheets (survey, questions, choices) and import the file as a new draft.
Only the definition travels, never responses. An import checks the whole file first and lists
every problem with its sheet and row, then creates everything in one transaction, so a bad file
creates nothing.

- layout.py: sheet and column names, widths, bounds on an upload
- export.py: the definition as a workbook (through common.exports)
- cells.py: one cell as a value of its column's kind; problems with their sheet and row
- parsing.py: an uploaded file into rows of raw cells
- validation.py: the rows checked and turned into an unsaved plan
- the write, saving a plan in one transaction: surveys.services.definitions
"""

from .export import SurveyDefinitionExport, survey_definition_to_xlsx
from .layout import (
    CHOICE_COLUMNS,
    MAX_CHOICES,
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    QUESTION_COLUMNS,
    SURVEY_FIELDS,
)
from .validation import DefinitionPlan, definition_plan

__all__ = [
    "CHOICE_COLUMNS",
    "MAX_CHOICES",
    "MAX_FILE_BYTES",
    "MAX_QUESTIONS",
    "QUESTION_COLUMNS",
    "SURVEY_FIELDS",
    "DefinitionPlan",
    "SurveyDefinitionExport",
    "definition_plan",
    "survey_definition_to_xlsx",
]
