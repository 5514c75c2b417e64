"""The workbook's layout: sheet and column names (the import's keys, never translated), column
widths, and the bounds on what one upload may hold."""

import re

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
