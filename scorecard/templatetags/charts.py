"""Server-rendered SVG charts, usable in pages and PDFs. Every chart has a text alternative in
its ``aria-label`` and the page shows the same figures in a table. Also the scorecard
overview's rating cells, rendered in one call per row because a national overview has nearly
a thousand of them."""

import functools
from collections.abc import Iterable, Sequence

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from scorecard.selectors import OverviewCell
from sli_portal import charts
from sli_portal.figures import format_figure

register = template.Library()

WIDTH, HEIGHT, PAD = 160, 40, 4


def _fmt(value: float | None, places: int) -> str:
    return "no figure" if value is None else format_figure(value, places)


@register.simple_tag
def sparkline(
    trend: Sequence[Sequence[str | float | None]], places: int = 1, label: str = ""
) -> SafeString:
    """A small line chart of a series of [period label, value or None] pairs."""
    points = [(str(p), float(v)) for p, v in trend if v is not None]
    summary = "; ".join(f"{p}: {_fmt(v if v is None else float(v), places)}" for p, v in trend)
    text = f"{label} trend: {summary}" if label else f"Trend: {summary}"
    if len(points) < 2:
        return format_html('<span class="govuk-body-s">Not enough figures for a trend</span>')
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(trend) - 1)
    coords = []
    for index, (_, value) in enumerate(trend):
        if value is None:
            continue
        x = PAD + index * step
        y = HEIGHT - PAD - (float(value) - low) / span * (HEIGHT - 2 * PAD)
        coords.append((round(x, 1), round(y, 1)))
    path = " ".join(f"{x},{y}" for x, y in coords)
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="2.5"></circle>', coords)
    return format_html(
        '<svg class="app-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg"><polyline points="{}" fill="none" stroke="currentColor" '
        'stroke-width="2"></polyline><g fill="currentColor">{}</g></svg>',
        text,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        path,
        dots,
    )


@register.filter
def figure(value: float | None, places: int = 1) -> str:
    """A figure rounded half-up to ``places`` (the measure's decimal places), as every page,
    download and PDF writes it (:func:`sli_portal.figures.format_figure`)."""
    return format_figure(value, int(places))


STRIP_WIDTH, STRIP_HEIGHT, STRIP_LEFT, STRIP_RIGHT = 640, 150, 24, 616
BAND_TOP, BAND_BOTTOM, AXIS_Y = 24, 96, 120
MARKED_LABEL_ROOM = 28


@register.simple_tag
def strip_chart(
    values: list[tuple[str, float | None]],
    *,
    median: float | None = None,
    lower_quartile: float | None = None,
    upper_quartile: float | None = None,
    england: float | None = None,
    places: int = 1,
    label: str = "",
    highlight: str = "",
) -> SafeString:
    """A dot (strip) chart of every council's figure along one axis, with the middle half
    (lower to upper quartile) shaded and the median and England drawn as labelled lines. The
    ``aria-label`` describes the spread in words; the page shows every figure in a table. Dots
    are spread over five rows by their order in ``values`` (alphabetical), not by value. The
    council named ``highlight`` (the reader's) is drawn ringed, on top, and named beneath the
    axis with its figure."""
    median, lower_quartile, upper_quartile, england = (
        _number(v) for v in (median, lower_quartile, upper_quartile, england)
    )
    figures = [(name, float(v)) for name, v in values if v is not None]
    text = _strip_text(figures, median, lower_quartile, upper_quartile, england, places, label)
    marked = next(((i, v) for i, (name, v) in enumerate(figures) if name == highlight), None)
    if marked is not None:
        text = f"{text} {highlight} (marked): {_fmt(marked[1], places)}."
    marks = [v for _, v in figures] + [
        v for v in (median, lower_quartile, upper_quartile, england) if v is not None
    ]
    axis = charts.Axis.spanning(marks, left=STRIP_LEFT, right=STRIP_RIGHT, pad_share=0.04)
    if not figures or axis is None:
        return format_html('<p class="govuk-body-s">{}</p>', "No figures to chart.")
    x = axis.x
    parts = _strip_guides(axis, median, lower_quartile, upper_quartile, england, places)
    for index, (_name, value) in enumerate(figures):
        parts.append(charts.dot(x(value), _dot_y(index), outline=charts.WHITE))
    height = STRIP_HEIGHT
    if marked is not None:
        parts.append(_marked(x(marked[1]), _dot_y(marked[0]), highlight, _fmt(marked[1], places)))
        height += MARKED_LABEL_ROOM
    return format_html(
        '<svg class="app-strip-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" focusable="false" font-family="arial, sans-serif" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        text,
        STRIP_WIDTH,
        height,
        charts.join(parts),
    )


def _strip_guides(
    axis: charts.Axis,
    median: float | None,
    lower_quartile: float | None,
    upper_quartile: float | None,
    england: float | None,
    places: int,
) -> list[SafeString]:
    """The strip chart's middle-half band, axis with its end figures, median and England."""
    x = axis.x
    parts: list[SafeString] = []
    if lower_quartile is not None and upper_quartile is not None:
        parts.append(
            charts.band(
                x(lower_quartile), x(upper_quartile), top=BAND_TOP, height=BAND_BOTTOM - BAND_TOP
            )
        )
    parts.append(charts.line(STRIP_LEFT, AXIS_Y, STRIP_RIGHT, AXIS_Y))
    for value, anchor in ((axis.low, "start"), (axis.high, "end")):
        parts.append(
            charts.text(x(value), AXIS_Y + 18, _fmt(value, places), size=14, anchor=anchor)
        )
    if median is not None:
        parts.append(_strip_line(x(median), "Median", 14, "", "middle"))
    if england is not None:
        parts.append(_strip_line(x(england), "England", BAND_BOTTOM + 14, "6 4", "middle"))
    return parts


def _dot_y(index: int) -> int:
    return BAND_TOP + 12 + (index % 5) * 12


def _marked(cx: float, cy: int, name: str, figure: str) -> SafeString:
    """The reader's council: a ringed dot on top of the others, a dotted leader down past the
    axis and its name and figure beneath."""
    label_y = AXIS_Y + MARKED_LABEL_ROOM + 10
    anchor = charts.anchor_for(cx, left=STRIP_LEFT, right=STRIP_RIGHT)
    return charts.join(
        [
            charts.line(cx, cy + 9, cx, label_y - 14, dash="2 2"),
            charts.highlighted_dot(cx, cy),
            charts.text(cx, label_y, f"{name}: {figure}", size=14, anchor=anchor),
        ]
    )


def _number(value: object) -> float | None:
    """A figure from the template, or None for a missing one (which a template gives as "")."""
    return float(value) if isinstance(value, int | float) else None


def _strip_line(x: float, name: str, label_y: int, dash: str, anchor: str) -> SafeString:
    return charts.join(
        [
            charts.line(x, BAND_TOP - 4, x, BAND_BOTTOM + 2, width=3, dash=dash),
            charts.text(x, label_y, name, size=14, anchor=anchor),
        ]
    )


def _strip_text(
    figures: list[tuple[str, float]],
    median: float | None,
    lower_quartile: float | None,
    upper_quartile: float | None,
    england: float | None,
    places: int,
    label: str,
) -> str:
    """The chart in words, for its text alternative."""
    if not figures:
        return f"{label}: no figures." if label else "No figures."
    values = [v for _, v in figures]
    words = [
        f"{label}: " if label else "",
        f"{len(figures)} council{'s' if len(figures) != 1 else ''}, ",
        f"from {_fmt(min(values), places)} to {_fmt(max(values), places)}",
    ]
    if lower_quartile is not None and upper_quartile is not None:
        words.append(
            f"; the middle half from {_fmt(lower_quartile, places)} "
            f"to {_fmt(upper_quartile, places)}"
        )
    if median is not None:
        words.append(f"; median {_fmt(median, places)}")
    if england is not None:
        words.append(f"; England {_fmt(england, places)}")
    return "".join(words) + "."


@register.simple_tag
def overview_cells(cells: Iterable[OverviewCell]) -> SafeString:
    """An overview row's rating cells: each the published rating as a word in a GOV.UK tag (its
    colour only repeats the word), the change since the previous quarter in words and, when the
    selector loaded one (Planning Group only), the draft rating marked as not published."""
    # Each part is format_html output, so the joined string is safe too.
    return mark_safe("".join(_overview_cell(cell) for cell in cells))


@functools.lru_cache(maxsize=1024)
def _overview_cell(cell: OverviewCell) -> SafeString:
    return format_html(
        '<td class="govuk-table__cell"><strong class="govuk-tag {}">{}</strong>{}{}</td>',
        cell.tag.css_class,
        cell.tag.label,
        format_html("<br>{}", cell.change_words) if cell.change_words else "",
        format_html("<br><strong>Draft (not published): {}</strong>", cell.draft.label)
        if cell.draft
        else "",
    )
