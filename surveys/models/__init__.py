"""Models of the surveys app, split by topic."""

from .definitions import (
    CHOICE_TYPES,
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
