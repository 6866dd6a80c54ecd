"""The Regional Account's chart: a council's key measures against the North West, England and
its CIPFA nearest neighbours, as server-drawn SVG. Its text alternative is the SVG's own
<title> and <desc> (WeasyPrint tags the SVG as a Figure and uses the title as its /Alt), and the
same figures follow in a table. Markers differ by shape, never by colour alone."""

from dataclasses import replace

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from reports.assembly import CouncilSection, KeyMeasure, format_figure
from sli_portal import charts

register = template.Library()

# Text at 14 units prints at 10 pt at least: the chart is drawn 640 units across about 170 mm
# of the page. The scale starts far enough right for a code of a dozen characters and the
# figure at the scale's left end side by side.
WIDTH, LABEL, LEFT, RIGHT, ROW, TOP, TEXT = 640, 8, 160, 570, 18, 20, 14


def _axis(row: KeyMeasure) -> charts.Axis | None:
    """The measure's one scale across the region (the same on every council's chart), drawn
    so that better is always to the right."""
    if row.scale is None:
        return None
    axis = charts.Axis.spanning(row.scale, left=LEFT, right=RIGHT, pad_share=0.08)
    return replace(axis, flipped=not row.higher_is_better) if axis else None


def _ends(row: KeyMeasure, axis: charts.Axis, y: float) -> list[SafeString]:
    """The scale's figures at each end: worse on the left, better on the right."""
    places = row.measure.decimal_places
    worse, better = (axis.low, axis.high) if row.higher_is_better else (axis.high, axis.low)
    return [
        charts.text(
            LEFT - 4, round(y + 4, 1), format_figure(worse, places), size=TEXT, anchor="end"
        ),
        charts.text(RIGHT + 4, round(y + 4, 1), format_figure(better, places), size=TEXT),
    ]


def _row(index: int, row: KeyMeasure) -> SafeString:
    y = TOP + index * ROW + ROW / 2
    parts = [
        charts.text(LABEL, round(y + 4, 1), row.measure.code, size=TEXT),
        charts.line(LEFT, y, RIGHT, y, colour=charts.RULE),
    ]
    axis = _axis(row)
    if axis is not None:
        parts += _ends(row, axis, y) + _marks(row, axis, y)
    return charts.join(parts)


def _marks(row: KeyMeasure, axis: charts.Axis, y: float) -> list[SafeString]:
    """The middle half of NW councils, the NW median, England, the nearest neighbours and the
    council, each by its own shape."""
    x = axis.x
    parts = []
    if row.raw_nw_lower is not None and row.raw_nw_upper is not None:
        # Where lower is better the scale runs high to low, so the upper quartile is on the left.
        ends = sorted((x(row.raw_nw_lower), x(row.raw_nw_upper)))
        parts.append(charts.band(ends[0], ends[1], top=y - 5, height=10))
    if row.raw_nw_median is not None:
        median = x(row.raw_nw_median)
        parts.append(charts.line(median, y - 7, median, y + 7, width=3))
    if row.raw_england is not None:
        cx = x(row.raw_england)
        parts.append(_outline_shape(cx, y - 6, cx + 6, y, cx, y + 6, cx - 6, y))
    if row.raw_neighbours is not None:
        cx = x(row.raw_neighbours)
        parts.append(_outline_shape(cx, y - 6, cx + 6, y + 5, cx - 6, y + 5))
    if row.raw_value is not None:
        parts.append(charts.dot(x(row.raw_value), y))
    return parts


def _outline_shape(*corners: float) -> SafeString:
    """A white shape outlined in black (England's diamond, the neighbours' triangle)."""
    points = " ".join(f"{corners[i]},{corners[i + 1]}" for i in range(0, len(corners), 2))
    return format_html(
        '<polygon points="{}" fill="{}" stroke="{}" stroke-width="1.5"></polygon>',
        points,
        charts.WHITE,
        charts.INK,
    )


@register.simple_tag
def comparison_chart(section: CouncilSection) -> SafeString:
    """One row per key measure, each on the measure's one scale across the region (measures
    have different units), its lowest and highest figures at the ends, better always to the
    right: the shaded box is the middle half of North West councils, the bar the NW median, the diamond
    England, the triangle the CIPFA nearest neighbours' median, the filled circle the council."""
    if not section.measures:
        return format_html("<p>No key measures to chart.</p>")
    height = TOP * 2 + ROW * len(section.measures)
    ident = section.anchor
    return format_html(
        '<svg role="img" aria-labelledby="{0}-chart-title {0}-chart-desc" viewBox="0 0 {1} {2}" '
        'width="100%" font-family="Arial, Helvetica, sans-serif" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{0}-chart-title">{3}</title>'
        '<desc id="{0}-chart-desc">{4}</desc>{5}</svg>',
        ident,
        WIDTH,
        height,
        section.chart_title,
        section.chart_description,
        charts.join(
            [
                charts.text(LEFT, 14, "Worse", size=TEXT),
                charts.text(RIGHT, 14, "Better \u2192", size=TEXT, anchor="end"),
                *(_row(i, r) for i, r in enumerate(section.measures)),
            ]
        ),
    )
