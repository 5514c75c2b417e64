"""Labels of the trust score's stored codes, in the reader's language (one place for pages,
exports and the admin; the API keeps the codes). The labels themselves are the method's."""

from .method import CONFIDENCE
from .method import confidence_label as method_confidence_label


def confidence_label(code):
    """'high' → 高 (in Chinese) / High, as text; an unknown code is shown as stored."""
    return str(method_confidence_label(code or ""))


def confidence_choices():
    return [(level, method_confidence_label(level)) for level, _floor in CONFIDENCE]
