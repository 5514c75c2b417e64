"""Lists joined the way the reader's language writes them: 环境保护、教育助学 / Environment, Education."""

from django.utils.translation import get_language

SEPARATORS = {"zh": "、", "en": ", "}


def list_separator(language=None):
    language = (language or get_language() or "zh-hans").split("-")[0]
    return SEPARATORS.get(language, ", ")


def join_list(items):
    """Join the items' text with the active language's separator."""
    return list_separator().join(str(item) for item in items)
