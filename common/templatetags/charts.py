"""Template tags for the SVG charts in common/charts.py, for pages that build chart data in the
template's context rather than in a view."""

from django import template

from common import charts

register = template.Library()


@register.simple_tag
def bar_chart(items, title, id_prefix="chart", **options):
    """Horizontal bars for (label, value) pairs, drawn on the server as inline SVG."""
    return charts.bar_chart(items=items, title=title, id_prefix=id_prefix, **options)


@register.simple_tag
def line_chart(series, x_labels, title, id_prefix="chart", **options):
    """Lines over x_labels for (name, values) series, drawn on the server as inline SVG."""
    return charts.line_chart(series=series, x_labels=x_labels, title=title, id_prefix=id_prefix, **options)
