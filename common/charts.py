"""Survey result charts drawn on the server as inline SVG: no JavaScript, nothing to download.

Every function is pure (no database, no clock, no randomness): the same arguments give the same string.
They return a ``SafeString`` to drop into a template as ``{{ chart }}``; every piece of text in it
(titles, labels, series names) is escaped here, because it comes from what people typed into a survey.

Accessibility: the ``<svg>`` has ``role="img"``, is labelled by its ``<title>`` and described by a
``<desc>`` that lists the data in words, so a screen reader gets the numbers, not a picture.
Each chart needs an ``id_prefix`` unique on the page (e.g. ``f"q{question.pk}"``) for those two ids.

Size: the drawing is ``VIEW_WIDTH`` units wide with ``width="100%"``, so it scales to the container;
the page's CSS can cap it (``svg.chart { max-width: 40rem }``). Text is measured approximately
(``text_width``): CJK characters as 1em, everything else as 0.55em, which is enough to wrap labels
and to keep them from running into each other.
"""

import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

Number = int | float | Decimal

FONT_FAMILY = 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
BRAND = "#0b6e4f"
INK = "#1d2a2f"  # text: 14.7:1 on white
MUTED = "#55656b"  # axis labels: 6.1:1 on white
GRID = "#d5dde0"
# Series colours: all at least 4.5:1 on white (they also colour value labels), told apart under
# deuteranopia/protanopia/tritanopia; line charts add a dash pattern per series so colour is not the only cue.
PALETTE = ("#0b6e4f", "#b34700", "#4a3a9a", "#aa3377", "#1d2a2f")
DASHES = (None, "7 4", "2 3")

VIEW_WIDTH = 400  # phones show it about 340px wide: 14-unit text stays about 12px
PAD = 8
TITLE_SIZE, TITLE_LINE = 15, 20
LABEL_SIZE, LABEL_LINE = 14, 18
SMALL_SIZE, SMALL_LINE = 12, 15

# Characters XML 1.0 forbids even when escaped; user text can carry them (pasted from other programs).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MAX_LABEL_CHARS = 400  # longer labels are cut before measuring; at most a few lines are shown anyway
ELLIPSIS = "…"


def _(message):
    """gettext, falling back to the message where Django's apps are not loaded (plain unit tests, scripts)."""
    try:
        return gettext(message)
    except (AppRegistryNotReady, ImproperlyConfigured):
        return message


# --- Text: cleaning, measuring, wrapping -------------------------------------------------------------


def clean_text(value) -> str:
    """Any label as one line of text: XML-safe characters, runs of whitespace collapsed."""
    return " ".join(_XML_INVALID.sub("", str(value)).split())


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def char_width(char: str, font_size: float) -> float:
    if unicodedata.combining(char):
        return 0.0
    return font_size * (1.0 if _is_wide(char) else 0.55)


def text_width(text: str, font_size: float) -> float:
    """Approximate rendered width: CJK (wide) characters 1em, others 0.55em."""
    return sum(char_width(char, font_size) for char in text)


def truncate_text(text: str, max_width: float, font_size: float, *, force: bool = False) -> str:
    """The text cut to fit ``max_width``, ending with an ellipsis when something was cut (or ``force``)."""
    if not force and text_width(text, font_size) <= max_width:
        return text
    room = max_width - font_size  # keep a full em for the ellipsis
    kept, width = [], 0.0
    for char in text:
        width += char_width(char, font_size)
        if width > room:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS


def _tokens(text: str) -> list[str]:
    """Words of Latin text, single CJK characters (a line may break between any two) and spaces."""
    tokens, word = [], ""
    for char in text:
        if char == " " or _is_wide(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def wrap_text(text: str, max_width: float, font_size: float, max_lines: int = 2) -> list[str]:
    """Lines of at most ``max_width``; past ``max_lines`` the last line ends with an ellipsis.

    Breaks at spaces, or between CJK characters; a word wider than a line is split where it overflows.
    """
    text = clean_text(text)
    clipped = len(text) > _MAX_LABEL_CHARS
    text = text[:_MAX_LABEL_CHARS]
    lines, line, width = [], "", 0.0
    for token in _tokens(text):
        if token == " ":
            if line:
                line += " "
                width += char_width(" ", font_size)
            continue
        token_width = text_width(token, font_size)
        if width + token_width <= max_width:
            line, width = line + token, width + token_width
            continue
        if line.strip():
            lines.append(line.rstrip())
            line, width = "", 0.0
        for char in token:  # only splits when the token alone is wider than a line
            w = char_width(char, font_size)
            if width + w > max_width and line:
                lines.append(line)
                line, width = "", 0.0
            line, width = line + char, width + w
    if line.strip():
        lines.append(line.rstrip())
    if not lines:
        return [""]
    if len(lines) > max_lines or clipped:
        lines = lines[:max_lines]
        lines[-1] = truncate_text(lines[-1], max_width, font_size, force=True)
    return lines


# --- Numbers ------------------------------------------------------------------------------------------


def _to_decimal(value) -> Decimal | None:
    """int, float or Decimal as a finite Decimal; None (or NaN/infinity) as None."""
    if value is None:
        return None
    if isinstance(value, float):
        value = repr(value)  # the shortest text that round-trips: 0.1 stays 0.1
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value, places: int = 2) -> str:
    """A number for people: at most ``places`` decimals, no trailing zeros, thousands separated.

    >>> format_number(Decimal("10.00")), format_number(2.5), format_number(12345)
    ('10', '2.5', '12,345')
    """
    number = _to_decimal(value)
    if number is None:
        return ""
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(number, ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_percent(part, total) -> str:
    """``part`` as a share of ``total``, one decimal at most: 1 of 3 → ``33.3%``."""
    part, total = _to_decimal(part) or Decimal(0), _to_decimal(total) or Decimal(0)
    if total <= 0:
        return "0%"
    return format_number(part * 100 / total, places=1) + "%"


def format_range(lower, upper) -> str:
    """A histogram bin compactly: ``0–9``; ``5`` when both ends are equal; ``100+`` when open above."""
    low, high = format_number(lower), format_number(upper)
    if upper is None or high == "":
        return f"{low}+"
    if lower is None or low == "":
        return f"≤{high}"
    return low if low == high else f"{low}–{high}"


def _amount(value) -> float:
    """A value as a length to draw: missing and negative values draw as nothing."""
    number = _to_decimal(value)
    return max(float(number), 0.0) if number is not None else 0.0


def _nice_step(span: float, target: int = 4, integer: bool = False) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``target`` ticks."""
    raw = span / target if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in multiples if m * magnitude >= raw * (1 - 1e-9))
    return max(step, 1.0) if integer else step


def _ticks(top: float, integer: bool = False) -> list[float]:
    """Tick values from 0 up to a round number at or above ``top``."""
    step = _nice_step(top, integer=integer)
    count = max(1, math.ceil(top / step - 1e-9))
    return [round(i * step, 10) for i in range(count + 1)]


# --- SVG markup ---------------------------------------------------------------------------------------


def _coord(value: float) -> str:
    """A coordinate with at most two decimals, so output is short and stable."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _tag(name: str, content: str | None = None, **attrs) -> str:
    """One element; attribute names in Python style (``font_size``, ``class_``), values escaped.

    ``content`` must already be markup (escape text with ``escape`` first).
    """
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = _coord(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{escape(value)}"')
    attr_text = "".join(parts)
    if content is None:
        return f"<{name}{attr_text}/>"
    return f"<{name}{attr_text}>{content}</{name}>"


def _text(lines: Sequence[str], *, x: float, y: float, size: float, line_height: float, **attrs) -> str:
    """A <text> with one <tspan> per line; ``y`` is the baseline of the first line."""
    if len(lines) == 1:
        return _tag("text", escape(lines[0]), x=x, y=y, font_size=size, **attrs)
    spans = "".join(
        _tag("tspan", escape(line), x=x, y=y + i * line_height) for i, line in enumerate(lines)
    )
    return _tag("text", spans, x=x, y=y, font_size=size, **attrs)


def _safe_id(id_prefix) -> str:
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", str(id_prefix))
    return prefix if prefix[:1].isalpha() else f"chart-{prefix}"


def _title_block(title: str, show_title: bool, y: float) -> tuple[list[str], float]:
    """The visible title's markup and the y below it."""
    if not show_title:
        return [], y
    lines = wrap_text(title, VIEW_WIDTH - 2 * PAD, TITLE_SIZE * 1.1, max_lines=3)  # bold runs about 10% wider
    markup = _text(
        lines, x=PAD, y=y + TITLE_SIZE, size=TITLE_SIZE, line_height=TITLE_LINE, font_weight="bold", fill=INK
    )
    return [markup], y + len(lines) * TITLE_LINE + 8


def _svg(*, kind: str, id_prefix, title: str, desc: str, height: float, body: Sequence[str]) -> SafeString:
    prefix = _safe_id(id_prefix)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" '
        f'viewBox="0 0 {VIEW_WIDTH} {_coord(math.ceil(height))}" width="100%" role="img" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        f'font-family="{escape(FONT_FAMILY)}">'
    )
    return mark_safe(
        "\n".join(
            [
                root,
                _tag("title", escape(title), id=title_id),
                _tag("desc", escape(desc), id=desc_id),
                *body,
                "</svg>",
            ]
        )
    )


def empty_chart(*, title, id_prefix, empty_text: str | None = None, show_title: bool = True) -> SafeString:
    """A small box saying there is nothing to show yet; ``empty_text`` defaults to "No answers yet", translated."""
    title = clean_text(title)
    message = clean_text(_("No answers yet") if empty_text is None else empty_text)
    body, y = _title_block(title, show_title, PAD)
    box_height = 48
    body.append(
        _tag(
            "rect", x=PAD + 0.5, y=y + 0.5, width=VIEW_WIDTH - 2 * PAD - 1, height=box_height, rx=6,
            fill="none", stroke=GRID, stroke_dasharray="4 4",
        )
    )
    lines = [truncate_text(message, VIEW_WIDTH - 4 * PAD, LABEL_SIZE)]
    body.append(
        _text(lines, x=VIEW_WIDTH / 2, y=y + box_height / 2 + LABEL_SIZE * 0.35, size=LABEL_SIZE,
              line_height=LABEL_LINE, fill=MUTED, text_anchor="middle", class_="empty")
    )
    return _svg(kind="empty", id_prefix=id_prefix, title=title, desc=message, height=y + box_height + PAD, body=body)


# --- Charts -------------------------------------------------------------------------------------------


def bar_chart(
    *,
    items: Sequence[tuple[str, Number]],
    title: str,
    id_prefix: str,
    unit: str = "",
    max_value: Number | None = None,
    show_percent: bool = False,
    percent_of: Number | None = None,
    empty_text: str | None = None,
    show_title: bool = True,
) -> SafeString:
    """Horizontal bars, one per (label, value), the label above its bar (full width, good on phones).

    Each bar ends with its value plus ``unit`` (appended as given: ``"人"``, ``" people"``) and, with
    ``show_percent``, its share of the total. Bars are scaled to ``max_value`` (default: the largest value);
    labels wrap to three lines, then end with an ellipsis, the full label staying in the bar's tooltip.
    """
    title = clean_text(title)
    rows = [(clean_text(label), _to_decimal(value) or Decimal(0)) for label, value in items]
    if not rows:
        return empty_chart(title=title, id_prefix=id_prefix, empty_text=empty_text, show_title=show_title)

    # Multiple choice: shares of the respondents (percent_of), which may add up to over 100%.
    total = percent_of if percent_of is not None else sum(value for _label, value in rows)
    values_text = []
    for _label, value in rows:
        text = format_number(value) + unit
        if show_percent:
            text += f" ({format_percent(value, total)})"
        values_text.append(text)

    scale = _amount(max_value) or max(_amount(value) for _label, value in rows)
    value_room = max(text_width(text, LABEL_SIZE) for text in values_text) + 8
    bar_room = max(VIEW_WIDTH - 2 * PAD - value_room, VIEW_WIDTH / 3)
    bar_height = 18

    body, y = _title_block(title, show_title, PAD)
    for (label, value), value_text in zip(rows, values_text):
        lines = wrap_text(label, VIEW_WIDTH - 2 * PAD, LABEL_SIZE, max_lines=3)
        label_markup = _text(lines, x=PAD, y=y + LABEL_SIZE, size=LABEL_SIZE, line_height=LABEL_LINE, fill=INK)
        y += len(lines) * LABEL_LINE + 4
        width = bar_room * min(_amount(value) / scale, 1.0) if scale else 0.0
        bar = _tag("rect", x=PAD, y=y, width=width, height=bar_height, fill=BRAND, class_="bar")
        value_markup = _text(
            [value_text], x=PAD + width + 6, y=y + bar_height / 2 + LABEL_SIZE * 0.35, size=LABEL_SIZE,
            line_height=LABEL_LINE, fill=INK, class_="value",
        )
        tooltip = _tag("title", escape(f"{label}: {value_text}"))
        body.append(_tag("g", "".join([tooltip, label_markup, bar, value_markup]), class_="item"))
        y += bar_height + 12

    desc = "; ".join(f"{label}: {text}" for (label, _value), text in zip(rows, values_text)) + "."
    if show_percent:
        desc += " " + _("Total: %(total)s") % {"total": format_number(total) + unit}
    return _svg(kind="bar", id_prefix=id_prefix, title=title, desc=desc, height=y - 12 + PAD, body=body)


def _range_label(text: str, center: float, base: float, rotate: bool) -> str:
    """A histogram bin's range under its bar, level or turned 45° (its end under the bar's middle)."""
    if not rotate:
        return _text([text], x=center, y=base + SMALL_SIZE + 4, size=SMALL_SIZE, line_height=SMALL_LINE, fill=INK,
                     text_anchor="middle", class_="range")
    y = base + SMALL_SIZE
    return _text([text], x=center, y=y, size=SMALL_SIZE, line_height=SMALL_LINE, fill=INK, text_anchor="end",
                 transform=f"rotate(-45 {_coord(center)} {_coord(y - 4)})", class_="range")


def histogram(
    *,
    bins: Sequence[tuple[Number | None, Number | None, int]],
    title: str,
    id_prefix: str,
    empty_text: str | None = None,
    show_title: bool = True,
) -> SafeString:
    """Vertical bars for numeric answers, one per (lower, upper, count) bin, labelled ``0–9``, ``10–19``…

    Counts are written above the bars when they fit; with many narrow bins a count axis replaces them.
    Bin labels that are too wide for their bar are turned 45°, and only every few bins if still crowded.
    """
    title = clean_text(title)
    rows = [(format_range(lower, upper), _amount(count), format_number(count)) for lower, upper, count in bins]
    if not rows or not any(count for _r, count, _t in rows):
        return empty_chart(title=title, id_prefix=id_prefix, empty_text=empty_text, show_title=show_title)

    top = max(count for _r, count, _t in rows)
    counts_width = max(text_width(text, SMALL_SIZE) for _r, _c, text in rows)
    counts_fit = counts_width <= (VIEW_WIDTH - 2 * PAD) / len(rows) - 2
    ticks = [] if counts_fit else _ticks(top, integer=True)  # a count axis instead of counts on the bars
    axis_room = 0.0
    if ticks:
        top = ticks[-1]
        axis_room = max(text_width(format_number(t), SMALL_SIZE) for t in ticks) + 6

    range_width = max(text_width(text, SMALL_SIZE) for text, _c, _t in rows)
    slot = (VIEW_WIDTH - 2 * PAD - axis_room) / len(rows)
    rotate = range_width > slot - 4
    left = PAD + axis_room
    label_every = 1
    if rotate:
        # A turned label reaches down-left of its bar by 0.71 of its length (plus 10% for measuring errors):
        # move the bars right until none is cut off. Narrower slots need more room, so repeat a few times.
        reaches = [text_width(text, SMALL_SIZE) * 0.71 * 1.1 for text, _c, _t in rows]
        for _repeat in range(3):
            slot = (VIEW_WIDTH - PAD - left) / len(rows)
            left = max(PAD + axis_room, *(PAD + reach - slot * (i + 0.5) for i, reach in enumerate(reaches)))
        slot = (VIEW_WIDTH - PAD - left) / len(rows)
        # turned 45°, labels are slot × 0.71 apart: label every few bins if they would overlap
        label_every = math.ceil(SMALL_SIZE * 0.9 / (slot * 0.71))

    body, y = _title_block(title, show_title, PAD)
    plot_top = y + (SMALL_LINE if counts_fit else SMALL_SIZE / 2)
    plot_height = 160
    base = plot_top + plot_height

    for tick in ticks:
        ty = base - plot_height * tick / top
        body.append(_tag("line", x1=left, y1=ty, x2=VIEW_WIDTH - PAD, y2=ty, stroke=GRID, stroke_width=1))
        body.append(_text([format_number(tick)], x=left - 6, y=ty + SMALL_SIZE * 0.35, size=SMALL_SIZE,
                          line_height=SMALL_LINE, fill=MUTED, text_anchor="end"))

    bar_width = slot * 0.86
    for i, (range_text, count, count_text) in enumerate(rows):
        center = left + slot * (i + 0.5)
        height = plot_height * count / top
        parts = [
            _tag("title", escape(f"{range_text}: {count_text}")),
            _tag("rect", x=center - bar_width / 2, y=base - height, width=bar_width, height=height, fill=BRAND,
                 class_="bar"),
        ]
        if counts_fit:
            parts.append(_text([count_text], x=center, y=base - height - 4, size=SMALL_SIZE, line_height=SMALL_LINE,
                               fill=INK, text_anchor="middle", class_="value"))
        if i % label_every == 0:  # a skipped range is still in the bar's tooltip and in the description
            parts.append(_range_label(range_text, center, base, rotate))
        body.append(_tag("g", "".join(parts), class_="item"))
    body.append(_tag("line", x1=left, y1=base, x2=VIEW_WIDTH - PAD, y2=base, stroke=MUTED, stroke_width=1))

    label_room = range_width * 0.71 * 1.1 + SMALL_SIZE if rotate else SMALL_LINE + 4
    desc = "; ".join(f"{range_text}: {count_text}" for range_text, _c, count_text in rows) + "."
    return _svg(kind="histogram", id_prefix=id_prefix, title=title, desc=desc, height=base + label_room + PAD,
                body=body)


def _legend(entries: Sequence[tuple[int, str]], y: float, swatch) -> tuple[list[str], float]:
    """Legend entries (series index, name) laid out in rows that wrap; returns markup and the y below.

    ``swatch(index, x, y_middle)`` draws an entry's key.
    """
    markup, x, row_y = [], PAD, y
    key_width, gap = 22, 14
    for index, name in entries:
        name = truncate_text(name, VIEW_WIDTH - 2 * PAD - key_width - 6, LABEL_SIZE)
        width = key_width + 6 + text_width(name, LABEL_SIZE)
        if x > PAD and x + width > VIEW_WIDTH - PAD:
            x, row_y = PAD, row_y + LABEL_LINE + 4
        middle = row_y + LABEL_LINE / 2
        markup.append(
            _tag("g", swatch(index, x, middle) + _text(
                [name], x=x + key_width + 6, y=middle + LABEL_SIZE * 0.35, size=LABEL_SIZE, line_height=LABEL_LINE,
                fill=INK), class_="legend-item")
        )
        x += width + gap
    return markup, row_y + LABEL_LINE + 4


def _series_style(index: int) -> tuple[str, str | None]:
    return PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]


def _point_labels(labels: Sequence[tuple[float, int, str]], *, x: float, base: float) -> list[str]:
    """Value labels for the points at one x, given top to bottom as (point y, series index, text).

    Each goes above its point, except that with several series the lowest goes below its point (away
    from the lines above it) when that stays clear of the axis; any that still crowd are pushed down.
    """
    ys = []
    for k, (py, _index, _label) in enumerate(labels):
        y = py - 7
        if k and k == len(labels) - 1 and py + SMALL_SIZE + 5 < base - 2:
            y = py + SMALL_SIZE + 5
        ys.append(max(y, ys[-1] + SMALL_LINE) if ys else y)
    return [
        _text([text], x=x, y=y, size=SMALL_SIZE, line_height=SMALL_LINE, fill=_series_style(index)[0],
              text_anchor="middle", stroke="#fff", stroke_width=3, stroke_linejoin="round", paint_order="stroke",
              class_="value")
        for (_py, index, text), y in zip(labels, ys)
    ]


def line_chart(
    *,
    series: Sequence[tuple[str, Sequence[Number | None]]],
    x_labels: Sequence[str],
    title: str,
    id_prefix: str,
    unit: str = "%",
    y_max: Number | None = None,
    empty_text: str | None = None,
    show_title: bool = True,
) -> SafeString:
    """Trends over the years: one line per (name, values), a value (or None) per x label.

    Points have circle markers and their value written above; None leaves a gap in the line; a single
    x label gives points only. The y axis runs from 0 to ``y_max`` (default: a round number above the
    largest value; larger values are drawn at the top). Series differ by colour and by dash pattern.
    """
    title = clean_text(title)
    x_texts = [clean_text(label) for label in x_labels]
    count = len(x_texts)
    rows = []
    for name, values in series:
        values = list(values)[:count] + [None] * max(0, count - len(values))
        rows.append((clean_text(name), [_to_decimal(v) for v in values]))
    present = [float(v) for _n, values in rows for v in values if v is not None]
    if not count or not present:
        return empty_chart(title=title, id_prefix=id_prefix, empty_text=empty_text, show_title=show_title)

    top = _amount(y_max)
    if top:  # round ticks below y_max, then y_max itself (dropping a round tick crowding it)
        ticks = [t for t in _ticks(top) if t < top]
        if len(ticks) > 1 and top - ticks[-1] < (ticks[1] - ticks[0]) / 2:
            ticks.pop()
        ticks.append(top)
    else:
        ticks = _ticks(max(max(present), 0.0) or 1.0)
    top = ticks[-1]

    body, y = _title_block(title, show_title, PAD)

    def swatch(index, x, middle):
        colour, dash = _series_style(index)
        return _tag("line", x1=x, y1=middle, x2=x + 22, y2=middle, stroke=colour, stroke_width=2.5,
                    stroke_dasharray=dash) + _tag("circle", cx=x + 11, cy=middle, r=3.5, fill=colour)

    legend, y = _legend([(i, name) for i, (name, _v) in enumerate(rows)], y, swatch)
    body.extend(legend)

    tick_texts = [format_number(t) + unit for t in ticks]
    left = PAD + max(text_width(t, SMALL_SIZE) for t in tick_texts) + 6
    right = VIEW_WIDTH - PAD
    slot = (right - left) / count
    plot_top = y + SMALL_LINE + 4
    plot_height = 180
    base = plot_top + plot_height

    def y_of(value: float) -> float:
        return base - plot_height * min(max(value, 0.0), top) / top

    for tick, text in zip(ticks, tick_texts):
        ty = y_of(tick)
        body.append(_tag("line", x1=left, y1=ty, x2=right, y2=ty, stroke=GRID if tick else MUTED, stroke_width=1))
        body.append(_text([text], x=left - 6, y=ty + SMALL_SIZE * 0.35, size=SMALL_SIZE, line_height=SMALL_LINE,
                          fill=MUTED, text_anchor="end"))

    x_lines = [wrap_text(text, slot - 4, SMALL_SIZE, max_lines=2) for text in x_texts]
    for i, lines in enumerate(x_lines):
        body.append(_text(lines, x=left + slot * (i + 0.5), y=base + SMALL_SIZE + 4, size=SMALL_SIZE,
                          line_height=SMALL_LINE, fill=INK, text_anchor="middle", class_="x-label"))

    labels_at = [[] for _ in range(count)]  # per x: (point y, series index, text), to keep labels apart
    for index, (name, values) in enumerate(rows):
        colour, dash = _series_style(index)
        path, pen_down, markers = [], False, []
        for i, value in enumerate(values):
            if value is None:
                pen_down = False
                continue
            px, py = left + slot * (i + 0.5), y_of(float(value))
            path.append(f"{'L' if pen_down else 'M'}{_coord(px)} {_coord(py)}")
            pen_down = True
            markers.append(_tag("circle", cx=px, cy=py, r=3.5, fill=colour, stroke="#fff", stroke_width=1.5))
            labels_at[i].append((py, index, format_number(value) + unit))
        parts = [_tag("title", escape(name))]
        if any(step.startswith("L") for step in path):
            parts.append(_tag("path", d=" ".join(path), fill="none", stroke=colour, stroke_width=2.5,
                              stroke_dasharray=dash, stroke_linejoin="round", stroke_linecap="round", class_="line"))
        parts.extend(markers)
        body.append(_tag("g", "".join(parts), class_="series"))

    for i, labels in enumerate(labels_at):
        body.extend(_point_labels(sorted(labels), x=left + slot * (i + 0.5), base=base))

    no_data = _("no data")
    desc = " ".join(
        f"{name}: "
        + ", ".join(
            f"{x} = {format_number(v) + unit if v is not None else no_data}" for x, v in zip(x_texts, values)
        )
        + "."
        for name, values in rows
    )
    height = base + max(len(lines) for lines in x_lines) * SMALL_LINE + 6 + PAD
    return _svg(kind="line", id_prefix=id_prefix, title=title, desc=desc, height=height, body=body)


def stacked_share_bar(
    *,
    parts: Sequence[tuple[str, Number]],
    title: str,
    id_prefix: str,
    empty_text: str | None = None,
    show_title: bool = True,
) -> SafeString:
    """One full-width bar split into each part's share of the total (e.g. yes/no), with a legend below.

    Shares are written inside their segment when they fit; the legend always gives count and share.
    """
    title = clean_text(title)
    rows = [(clean_text(label), _amount(count), format_number(count)) for label, count in parts]
    total = sum(count for _l, count, _t in rows)
    if not rows or not total:
        return empty_chart(title=title, id_prefix=id_prefix, empty_text=empty_text, show_title=show_title)

    body, y = _title_block(title, show_title, PAD)
    bar_height, full = 28, VIEW_WIDTH - 2 * PAD
    x = PAD
    entries = []
    for index, (label, count, count_text) in enumerate(rows):
        colour = PALETTE[index % len(PALETTE)]
        share = format_percent(count, total)
        width = full * count / total
        segment = [
            _tag("title", escape(f"{label}: {count_text} ({share})")),
            _tag("rect", x=x, y=y, width=width, height=bar_height, fill=colour, class_="segment"),
        ]
        if text_width(share, LABEL_SIZE) + 8 <= width:
            segment.append(_text([share], x=x + width / 2, y=y + bar_height / 2 + LABEL_SIZE * 0.35, size=LABEL_SIZE,
                                 line_height=LABEL_LINE, fill="#fff", font_weight="bold", text_anchor="middle"))
        body.append(_tag("g", "".join(segment), class_="item"))
        entries.append((index, f"{label} {count_text} ({share})"))
        x += width

    def swatch(index, x, middle):
        return _tag("rect", x=x + 5, y=middle - 6, width=12, height=12, fill=PALETTE[index % len(PALETTE)])

    legend, y = _legend(entries, y + bar_height + 8, swatch)
    body.extend(legend)
    desc = "; ".join(
        f"{label}: {count_text} ({format_percent(count, total)})" for label, count, count_text in rows
    ) + "."
    return _svg(kind="share", id_prefix=id_prefix, title=title, desc=desc, height=y + PAD - 4, body=body)
