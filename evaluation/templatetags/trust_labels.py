"""{{ score.confidence|confidence_label }}: the translated label of a confidence code."""

from django import template

from ..labels import confidence_label as _confidence_label

register = template.Library()


@register.filter
def confidence_label(code):
    return _confidence_label(code)
