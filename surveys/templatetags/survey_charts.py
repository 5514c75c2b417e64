"""Template tags drawing a results item as an inline SVG chart (common/charts.py)."""

from django import template
from django.utils.translation import gettext as _

from common import charts
from ..models import QuestionType

register = template.Library()


@register.simple_tag
def question_chart(item):
    """The chart that suits the question: bars for choices and scales, a histogram for numbers,
    a share bar for yes / no."""
    question = item["question"]
    prefix = f"chart-{question.key}"
    title = question.text
    empty = _("No answers yet")
    if question.type == QuestionType.YES_NO:
        if not item["yes"] and not item["no"]:
            return charts.empty_chart(title=title, id_prefix=prefix, empty_text=empty, show_title=False)
        return charts.stacked_share_bar(
            parts=[(_("Yes"), item["yes"]), (_("No"), item["no"])], title=title, id_prefix=prefix, show_title=False
        )
    if question.type == QuestionType.NUMBER:
        if not item.get("bins"):
            return charts.empty_chart(title=title, id_prefix=prefix, empty_text=empty, show_title=False)
        return charts.histogram(bins=item["bins"], title=title, id_prefix=prefix, show_title=False)
    if "bars" in item:
        return charts.bar_chart(
            items=item["bars"],
            title=title,
            id_prefix=prefix,
            show_percent=True,
            percent_of=item["answered"],
            empty_text=empty,
            show_title=False,
        )
    return ""


@register.simple_tag
def trend_chart(trend):
    question = trend["question"]
    unit = "" if question.type in (QuestionType.NUMBER, QuestionType.SCALE) else "%"
    series = [(_("Average") if name == "__mean__" else name, values) for name, values in trend["series"]]
    return charts.line_chart(
        series=series,
        x_labels=[str(year) for year in trend["years"]],
        title=question.text,
        id_prefix=f"trend-{question.key}",
        unit=unit,
        show_title=False,
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
