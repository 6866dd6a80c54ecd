"""The portal's charts: server-drawn SVG that reads the same on a page and in a PDF. Bar charts,
and figures placed along an axis (:class:`Axis`) with the marks the scorecard and the Regional
Account draw on one: a shaded band, lines, dots and labels.

Meaning is never carried by colour alone (WCAG 2.2 1.4.1): each :class:`Category` has its own
fill pattern, :func:`legend` names it in words, every segment wide enough carries its count as
text and each has a ``<title>`` in words; the SVG's ``<title>`` and ``<desc>`` are its text
alternative, and every page that shows a chart also shows its figures in a table. The apps draw
their own charts (the regional self-assessment report, the plans' progress, the reciprocity
ledger) from these pieces.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

INK, SECONDARY_INK, WHITE = "#0b0c0c", "#505a5f", "#ffffff"
BAND_FILL, COUNCIL_FILL, RULE = "#f3f2f1", "#1d70b8", "#b1b4b6"
# The colours of the figures-along-an-axis charts (the Regional Account's and the scorecard's):
# GOV.UK black, greys and white, and one blue for the council. One hue only, so no reader has
# to tell two colours apart: every mark differs by shape and outline (filled circle, ringed
# circle, diamond, triangle, thick bar, shaded box) and is named in words beside the chart.
SAFE_PALETTE = frozenset({INK, SECONDARY_INK, WHITE, BAND_FILL, COUNCIL_FILL, RULE})
# Narrower segments have no room for their count; their <title> and the table still give it.
MIN_LABEL_WIDTH = 18
LEGEND_ROW, LEGEND_TOP, LEGEND_PER_ROW = 24, 8, 4


@dataclass(frozen=True)
class Category:
    """One series or stacked segment: its key, label, fill colour and pattern."""

    key: str
    label: str
    fill: str
    pattern: str = ""  # SVG shapes drawn on a 6 x 6 tile, or "" for a plain fill
    dashed: bool = False  # an outline only, for "nothing recorded"


def join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def pattern_defs(ident: str, categories: Sequence[Category]) -> SafeString:
    """The ``<pattern>`` definitions the fills refer to, for the SVG's ``<defs>``."""
    return format_html_join(
        "",
        '<pattern id="{}-{}" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="{}"/>{}</pattern>',
        (
            (ident, c.key, c.fill, SafeString(c.pattern))  # the apps' own constant shapes
            for c in categories
            if c.pattern
        ),
    )


def fill(ident: str, category: Category) -> str:
    return f"url(#{ident}-{category.key})" if category.pattern else category.fill


def _outline(category: Category) -> SafeString:
    return SafeString(' stroke-dasharray="3 2"') if category.dashed else SafeString("")


def legend(ident: str, categories: Sequence[Category], *, width: int) -> tuple[SafeString, int]:
    """The legend in rows of four; returns the markup and the height it takes."""
    column = (width - 16) // LEGEND_PER_ROW
    parts = []
    for index, category in enumerate(categories):
        x = 8 + (index % LEGEND_PER_ROW) * column
        y = LEGEND_TOP + (index // LEGEND_PER_ROW) * LEGEND_ROW
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="16" height="16" fill="{}" stroke="{}" '
                'stroke-width="1"{}/><text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                x,
                y,
                fill(ident, category),
                INK,
                _outline(category),
                x + 22,
                y + 13,
                INK,
                category.label,
            )
        )
    rows = (len(categories) + LEGEND_PER_ROW - 1) // LEGEND_PER_ROW
    return join(parts), rows * LEGEND_ROW + LEGEND_TOP


def count_label(x: float, y: float, width: float, count: int) -> SafeString:
    """The count on a white box, so it reads the same over every fill and pattern."""
    if width < MIN_LABEL_WIDTH:
        return SafeString("")
    middle = round(x + width / 2, 1)
    box = 8 + 7 * len(str(count))
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="14" fill="{}"/>'
        '<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="{}">{}</text>',
        round(middle - box / 2, 1),
        y + 2,
        box,
        WHITE,
        middle,
        y + 13,
        INK,
        count,
    )


def stacked_bar(
    *,
    ident: str,
    y: float,
    left: float,
    right: float,
    height: int,
    categories: Sequence[Category],
    counts: Sequence[int],
    total: int,
    words: Callable[[Category, int], str],
    data: dict[str, str],
) -> SafeString:
    """One bar from ``left`` to ``right`` standing for ``total``, stacked by ``counts`` in the
    order of ``categories``. ``words`` says a segment in words (its ``<title>``); ``data``
    names the bar in ``data-`` attributes for tests and scripts."""
    attributes = join(format_html(' data-{}="{}"', key, value) for key, value in data.items())
    scale = (right - left) / total if total else 0.0
    parts, x = [], float(left)
    for category, count in zip(categories, counts, strict=True):
        if not count:
            continue
        width = count * scale
        parts.append(
            format_html(
                '<g{} data-category="{}" data-count="{}"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
                'stroke-width="1"{}/>{}</g>',
                attributes,
                category.key,
                count,
                words(category, count),
                round(x, 1),
                y,
                round(width, 1),
                height,
                fill(ident, category),
                INK,
                _outline(category),
                count_label(x, y, width, count),
            )
        )
        x += width
    return join(parts)


def svg_chart(
    *,
    ident: str,
    css_class: str,
    width: int,
    height: float,
    title: str,
    description: str,
    categories: Sequence[Category],
    body: SafeString,
) -> SafeString:
    """The ``<svg>`` itself: an image whose title and description are its text alternative."""
    return format_html(
        '<svg class="{1}" role="img" aria-labelledby="{0}-title {0}-desc" '
        'viewBox="0 0 {2} {3}" width="100%" focusable="false" '
        'font-family="Arial, Helvetica, sans-serif" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-title">{4}</title><desc id="{0}-desc">{5}</desc>'
        "<defs>{6}</defs>{7}</svg>",
        ident,
        css_class,
        width,
        round(height, 1),
        title,
        description,
        pattern_defs(ident, categories),
        body,
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# --- Figures along an axis ----------------------------------------------------------------------


@dataclass(frozen=True)
class Axis:
    """Figures from ``low`` to ``high`` drawn from ``left`` to ``right``, with ``pad`` more on
    each side so that no mark sits on an edge."""

    low: float
    high: float
    pad: float
    left: float
    right: float
    # Drawn high to low from left to right (so that better is always to the right).
    flipped: bool = False

    @classmethod
    def spanning(
        cls, values: Iterable[float], *, left: float, right: float, pad_share: float
    ) -> "Axis | None":
        """The axis for ``values``, padded by ``pad_share`` of their range (a tenth of the
        figure when they are all the same); None when there are none."""
        marks = list(values)
        if not marks:
            return None
        low, high = min(marks), max(marks)
        pad = (high - low) * pad_share or abs(high) * 0.1 or 1.0
        return cls(low, high, pad, left, right)

    def x(self, value: float) -> float:
        start, end = self.low - self.pad, self.high + self.pad
        share = (value - start) / (end - start)
        if self.flipped:
            share = 1 - share
        return round(self.left + share * (self.right - self.left), 1)


def band(x_from: float, x_to: float, *, top: float, height: float) -> SafeString:
    """A shaded band, such as the middle half of a group (its lower to upper quartile)."""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1"></rect>',
        x_from,
        top,
        max(x_to - x_from, 1),
        height,
        BAND_FILL,
        SECONDARY_INK,
    )


def line(
    x1: float, y1: float, x2: float, y2: float, *, colour: str = INK, width: int = 1, dash: str = ""
) -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}></line>',
        x1,
        y1,
        x2,
        y2,
        colour,
        width,
        format_html(' stroke-dasharray="{}"', dash) if dash else "",
    )


def text(x: float, y: float, words: object, *, size: int, anchor: str = "") -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-size="{}"{} fill="{}">{}</text>',
        x,
        y,
        size,
        format_html(' text-anchor="{}"', anchor) if anchor else "",
        INK,
        words,
    )


def dot(cx: float, cy: float, *, outline: str = INK) -> SafeString:
    """A council's figure: a filled circle."""
    return format_html(
        '<circle cx="{}" cy="{}" r="5" fill="{}" stroke="{}" stroke-width="1"></circle>',
        cx,
        cy,
        COUNCIL_FILL,
        outline,
    )


def highlighted_dot(cx: float, cy: float) -> SafeString:
    """The reader's council among the others: the same filled circle inside a thick black
    ring, so it stands out by shape and outline, not by colour alone. Label it in words too."""
    return format_html(
        '<g data-highlighted="true"><circle cx="{0}" cy="{1}" r="9" fill="{2}" stroke="{3}" '
        'stroke-width="3"></circle><circle cx="{0}" cy="{1}" r="4" fill="{4}" stroke="{2}" '
        'stroke-width="1"></circle></g>',
        cx,
        cy,
        WHITE,
        INK,
        COUNCIL_FILL,
    )


def anchor_for(x: float, *, left: float, right: float) -> str:
    """Where a label beside ``x`` starts so that it stays inside ``left`` to ``right``."""
    third = (right - left) / 3
    if x < left + third:
        return "start"
    return "end" if x > right - third else "middle"
