"""Survey charts: inline SVG that parses, is accessible, escapes user text and draws the numbers right.

No database: the chart functions are pure.
"""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString

from common.charts import (
    bar_chart,
    format_number,
    format_percent,
    format_range,
    histogram,
    line_chart,
    stacked_share_bar,
    text_width,
    wrap_text,
)

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "<script>alert(\"x\")</script> & 'Co' 公益"


def parse(svg):
    return ET.fromstring(str(svg))


def by_class(root, tag, css_class):
    return [el for el in root.iter(SVG + tag) if css_class in el.get("class", "").split()]


def texts(root, css_class):
    return ["".join(el.itertext()) for el in by_class(root, "text", css_class)]


def widths(root, css_class="bar"):
    return [float(rect.get("width")) for rect in by_class(root, "rect", css_class)]


def heights(root):
    return [float(rect.get("height")) for rect in by_class(root, "rect", "bar")]


CHARTS = {
    "bar": lambda label, prefix="c": bar_chart(items=[(label, 3), ("B", 1)], title=label, id_prefix=prefix),
    "histogram": lambda label, prefix="c": histogram(bins=[(0, 9, 2), (10, 19, 5)], title=label, id_prefix=prefix),
    "line": lambda label, prefix="c": line_chart(
        series=[(label, [10, 20]), ("B", [5, None])], x_labels=["2024", label], title=label, id_prefix=prefix
    ),
    "share": lambda label, prefix="c": stacked_share_bar(parts=[(label, 3), ("否", 1)], title=label, id_prefix=prefix),
}
DATA_LABELS = {"bar", "line", "share"}  # charts that also show the label in the data (a histogram's are numbers)


# --- Every chart ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CHARTS)
def test_chart_is_an_accessible_scalable_svg(kind):
    svg = CHARTS[kind]("Staff 员工", prefix="q7")
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 ")
    title = root.find(SVG + "title")
    assert title is not None and title.text == "Staff 员工"
    assert root.get("aria-labelledby") == title.get("id") == "q7-title"
    desc = root.find(SVG + "desc")
    assert root.get("aria-describedby") == desc.get("id") == "q7-desc"
    assert desc.text
    if kind in DATA_LABELS:
        assert "Staff 员工" in desc.text  # the data, labels included, in words
    assert "Noto Sans CJK SC" in root.get("font-family")


@pytest.mark.parametrize("kind", CHARTS)
def test_user_text_is_escaped(kind):
    svg = CHARTS[kind](NASTY)
    assert "<script>" not in svg
    root = parse(svg)  # would fail on a raw < or &
    assert root.find(SVG + "title").text == NASTY
    if kind in DATA_LABELS:
        assert NASTY in root.find(SVG + "desc").text
        tooltips = list(root.iter(SVG + "title"))[1:]  # after the chart's own title
        assert any(NASTY in tooltip.text for tooltip in tooltips)
        assert any(NASTY in "".join(text.itertext()) for text in root.iter(SVG + "text"))


@pytest.mark.parametrize("kind", CHARTS)
def test_characters_xml_forbids_are_dropped(kind):
    root = parse(CHARTS[kind]("bad\x00 \x0bchars\x1f"))
    assert root.find(SVG + "title").text == "bad chars"


@pytest.mark.parametrize("kind", CHARTS)
def test_output_is_deterministic(kind):
    assert CHARTS[kind]("同一个 same") == CHARTS[kind]("同一个 same")


def test_id_prefix_makes_ids_unique_and_safe():
    first, second = parse(CHARTS["bar"]("A", prefix="q1")), parse(CHARTS["bar"]("A", prefix="q2"))
    assert first.find(SVG + "title").get("id") != second.find(SVG + "title").get("id")
    odd = parse(CHARTS["bar"]("A", prefix='1 "x"<y>'))
    title_id = odd.find(SVG + "title").get("id")
    assert odd.get("aria-labelledby") == title_id and title_id[0].isalpha() and " " not in title_id


# --- Bar chart --------------------------------------------------------------------------------------------


def test_bar_lengths_are_proportional_to_values():
    root = parse(bar_chart(items=[("A", 10), ("B", 20), ("C", 5), ("D", 0)], title="T", id_prefix="b"))
    a, b, c, d = widths(root)
    assert b > 0 and a == pytest.approx(b / 2, abs=0.01) and c == pytest.approx(b / 4, abs=0.01) and d == 0


def test_bar_values_may_be_decimal_or_float():
    root = parse(bar_chart(items=[("A", Decimal("1.50")), ("B", 3.0)], title="T", id_prefix="b"))
    a, b = widths(root)
    assert a == pytest.approx(b / 2, abs=0.01)
    assert texts(root, "value") == ["1.5", "3"]


def test_max_value_sets_the_scale():
    items = [("A", 10), ("B", 20)]
    own = widths(parse(bar_chart(items=items, title="T", id_prefix="b")))
    scaled = widths(parse(bar_chart(items=items, title="T", id_prefix="b", max_value=40)))
    assert scaled == pytest.approx([w / 2 for w in own], abs=0.01)


def test_values_with_unit_and_percentages_of_the_total():
    root = parse(bar_chart(items=[("Yes", 1), ("No", 2)], title="T", id_prefix="b", unit="人", show_percent=True))
    assert texts(root, "value") == ["1人 (33.3%)", "2人 (66.7%)"]
    root = parse(bar_chart(items=[("a", 50), ("b", 30), ("c", 20)], title="T", id_prefix="b", show_percent=True))
    assert texts(root, "value") == ["50 (50%)", "30 (30%)", "20 (20%)"]
    assert "a: 50 (50%); b: 30 (30%); c: 20 (20%)." in root.find(SVG + "desc").text


def test_percentages_only_when_asked():
    root = parse(bar_chart(items=[("a", 1), ("b", 3)], title="T", id_prefix="b"))
    assert texts(root, "value") == ["1", "3"]


def test_long_label_is_cut_with_an_ellipsis_but_kept_whole_in_the_tooltip():
    label = "这是一个非常非常长的选项标签，" * 10
    root = parse(bar_chart(items=[(label, 1)], title="T", id_prefix="b"))
    item = by_class(root, "g", "item")[0]
    shown = "".join(next(item.iter(SVG + "text")).itertext())
    assert shown.endswith("…") and len(shown) < len(label)
    assert item.find(SVG + "title").text == f"{label}: 1"


def test_no_items_gives_the_empty_state():
    root = parse(bar_chart(items=[], title="Q", id_prefix="b", empty_text="暂无回答"))
    assert "chart-empty" in root.get("class")
    assert texts(root, "empty") == ["暂无回答"]
    assert root.find(SVG + "desc").text == "暂无回答"
    assert root.get("role") == "img" and root.find(SVG + "title").text == "Q"
    assert not by_class(root, "rect", "bar")
    assert texts(parse(bar_chart(items=[], title="Q", id_prefix="b")), "empty") == ["No answers yet"]


# --- Histogram ----------------------------------------------------------------------------------------------


def test_histogram_has_one_bar_per_bin_with_heights_proportional_to_counts():
    bins = [(0, 9, 4), (10, 19, 8), (20, 29, 2), (30, 39, 0)]
    root = parse(histogram(bins=bins, title="Staff", id_prefix="h"))
    h = heights(root)
    assert len(h) == 4
    assert h[0] == pytest.approx(h[1] / 2, abs=0.01) and h[2] == pytest.approx(h[1] / 4, abs=0.01) and h[3] == 0
    assert texts(root, "range") == ["0–9", "10–19", "20–29", "30–39"]
    assert texts(root, "value") == ["4", "8", "2", "0"]
    bottoms = {float(r.get("y")) + float(r.get("height")) for r in by_class(root, "rect", "bar")}
    assert len(bottoms) == 1  # all bars stand on the same baseline


def test_histogram_labels_format_decimals_compactly():
    bins = [(Decimal("0.00"), Decimal("9.50"), 1), (Decimal("10.00"), Decimal("19.00"), 2), (Decimal("20"), None, 1)]
    root = parse(histogram(bins=bins, title="Budget", id_prefix="h"))
    assert texts(root, "range") == ["0–9.5", "10–19", "20+"]


def test_histogram_with_many_bins_still_draws_every_bar():
    bins = [(i * 1000, i * 1000 + 999, 1000 + i * 100) for i in range(30)]
    root = parse(histogram(bins=bins, title="Many", id_prefix="h"))
    h = heights(root)
    assert len(h) == 30 and h[20] == pytest.approx(h[0] * 3, abs=0.01)
    shown = texts(root, "range")
    assert shown[0] == "0–999" and 10 <= len(shown) < 30  # every few bins, so turned labels don't overlap
    assert texts(root, "value") == []  # counts too wide for the bars: an axis gives the scale instead
    assert "29,000–29,999: 3,900" in root.find(SVG + "desc").text


def test_histogram_without_answers_gives_the_empty_state():
    assert "chart-empty" in parse(histogram(bins=[], title="T", id_prefix="h")).get("class")
    assert "chart-empty" in parse(histogram(bins=[(0, 9, 0)], title="T", id_prefix="h")).get("class")


# --- Line chart ------------------------------------------------------------------------------------------


def path_segments(series_group):
    """The path's subpaths as lists of (x, y) points."""
    path = series_group.find(SVG + "path")
    if path is None:
        return []
    segments = []
    tokens = path.get("d").replace("M", " M ").replace("L", " L ").split()
    for i in range(0, len(tokens), 3):
        op, x, y = tokens[i], float(tokens[i + 1]), float(tokens[i + 2])
        if op == "M":
            segments.append([])
        segments[-1].append((x, y))
    return segments


def test_line_chart_leaves_a_gap_for_missing_values():
    root = parse(
        line_chart(series=[("A", [10, 20, None, 40, 50])], x_labels=["2021", "2022", "2023", "2024", "2025"],
                   title="T", id_prefix="l")
    )
    group = by_class(root, "g", "series")[0]
    segments = path_segments(group)
    assert [len(segment) for segment in segments] == [2, 2]
    assert len(group.findall(SVG + "circle")) == 4
    (x1, _), (x2, _) = segments[0]
    (x4, _), _last = segments[1]
    assert x4 - x2 == pytest.approx(2 * (x2 - x1), abs=0.01)  # the gap spans the missing year
    assert texts(root, "value") == ["10%", "20%", "40%", "50%"]
    assert "2023 = " in root.find(SVG + "desc").text


def test_line_chart_points_are_placed_by_value():
    root = parse(line_chart(series=[("A", [0, 50, 100])], x_labels=["a", "b", "c"], title="T", id_prefix="l",
                            y_max=100))
    (p0, p1, p2), = path_segments(by_class(root, "g", "series")[0])
    assert p1[1] == pytest.approx((p0[1] + p2[1]) / 2, abs=0.01)
    assert p0[1] > p2[1]  # larger values higher up


def test_line_chart_with_one_x_label_draws_points_only():
    root = parse(line_chart(series=[("A", [40]), ("B", [55])], x_labels=["2025"], title="T", id_prefix="l"))
    groups = by_class(root, "g", "series")
    assert len(groups) == 2
    assert all(group.find(SVG + "path") is None for group in groups)
    assert [len(group.findall(SVG + "circle")) for group in groups] == [1, 1]
    assert sorted(texts(root, "value")) == ["40%", "55%"]


def test_line_chart_legend_wraps_long_series_lists():
    series = [(f"Organisation type number {i}", [i, i + 1]) for i in range(6)]
    root = parse(line_chart(series=series, x_labels=["2024", "2025"], title="T", id_prefix="l", unit=""))
    legend = by_class(root, "g", "legend-item")
    assert len(legend) == 6
    rows = {next(item.iter(SVG + "text")).get("y") for item in legend}
    assert len(rows) > 1


def test_line_chart_without_values_gives_the_empty_state():
    root = parse(line_chart(series=[("A", [None, None])], x_labels=["2024", "2025"], title="T", id_prefix="l"))
    assert "chart-empty" in root.get("class")
    assert "chart-empty" in parse(line_chart(series=[], x_labels=[], title="T", id_prefix="l")).get("class")


# --- Stacked share bar ------------------------------------------------------------------------------------


def test_share_bar_splits_the_full_width_by_share():
    root = parse(stacked_share_bar(parts=[("是", 3), ("否", 1)], title="T", id_prefix="s"))
    yes, no = widths(root, "segment")
    assert yes == pytest.approx(3 * no, abs=0.01)
    assert "是: 3 (75%); 否: 1 (25%)." == root.find(SVG + "desc").text


def test_share_bar_without_answers_gives_the_empty_state():
    root = parse(stacked_share_bar(parts=[("是", 0), ("否", 0)], title="T", id_prefix="s"))
    assert "chart-empty" in root.get("class")


# --- Helpers --------------------------------------------------------------------------------------------


def test_text_width_counts_cjk_as_one_em():
    assert text_width("中文", 10) == 20
    assert text_width("ab", 10) == pytest.approx(11)


def test_wrap_text_breaks_at_spaces_and_between_cjk_characters():
    assert wrap_text("one two three", max_width=45, font_size=10) == ["one two", "three"]
    assert wrap_text("中文标签很长", max_width=30, font_size=10, max_lines=3) == ["中文标", "签很长"]
    lines = wrap_text("word " * 40, max_width=60, font_size=10, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line, 10) <= 60 for line in lines)


def test_number_formats():
    assert format_number(Decimal("10.00")) == "10"
    assert format_number(Decimal("2.50")) == "2.5"
    assert format_number(12345) == "12,345"
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_percent(1, 3) == "33.3%" and format_percent(1, 0) == "0%"
    assert format_range(0, 9) == "0–9" and format_range(Decimal("10.00"), Decimal("19.00")) == "10–19"
    assert format_range(5, 5) == "5" and format_range(100, None) == "100+"
