"""Models of the surveys app, split by topic."""

from .definitions import (
    CHOICE_TYPES,
    SURVEY_TRANSITIONS,
    Choice,
    Question,
    QuestionType,
    Section,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from .responses import Answer, Invitation, Response, ResponseStatus

__all__ = [
    "CHOICE_TYPES",
    "SURVEY_TRANSITIONS",
    "Answer",
    "Choice",
    "Invitation",
    "Question",
    "QuestionType",
    "Response",
    "ResponseStatus",
    "Section",
    "Survey",
    "SurveyKind",
    "SurveyStatus",
]
