"""Labels of the trust score's stored codes, in the reader's language (one place for pages,
exports and the admin; the API keeps the codes)."""

from .method import CONFIDENCE, CONFIDENCE_LABELS


def confidence_label(code):
    """'high' → 高 (in Chinese) / High; an unknown code is shown as stored."""
    return str(CONFIDENCE_LABELS.get(code, code or ""))


def confidence_choices():
    return [(level, CONFIDENCE_LABELS[level]) for level, _floor in CONFIDENCE]
