"""{% load lists %}{{ names|join_list }} or {% list_separator %}: lists in the page language's way."""

from django import template

from ..lists import join_list as _join_list
from ..lists import list_separator as _list_separator

register = template.Library()


@register.filter
def join_list(items):
    return _join_list(items or [])


@register.simple_tag
def list_separator():
    """The separator alone, for lists built in a {% for %} loop."""
    return _list_separator()
