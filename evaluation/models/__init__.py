"""Models of the trust evaluation: ratings, field evaluations, self-evaluation points, scores."""

from .disclosures import Disclosure, DisclosureKind, DisclosureStatus
from .field import (
    AssessorAssignment,
    FieldEvaluation,
    FieldEvaluationAttachment,
    FieldEvaluationStatus,
)
from .ratings import Rating, RatingFlag, RatingStatus, RatingSummary
from .scores import AnswerPoints, Dimension, Shortlist, TrustScore, TrustScoreHistory

__all__ = [
    "AnswerPoints",
    "AssessorAssignment",
    "Dimension",
    "Disclosure",
    "DisclosureKind",
    "DisclosureStatus",
    "FieldEvaluation",
    "FieldEvaluationAttachment",
    "FieldEvaluationStatus",
    "Rating",
    "RatingFlag",
    "RatingStatus",
    "RatingSummary",
    "Shortlist",
    "TrustScore",
    "TrustScoreHistory",
]
