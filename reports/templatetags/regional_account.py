"""The Regional Account's chart: a council's key measures against the North West, England and
its CIPFA nearest neighbours, as server-drawn SVG. Its text alternative is the SVG's own
<title> and <desc> (WeasyPrint tags the SVG as a Figure and uses the title as its /Alt), and the
same figures follow in a table. Markers differ by shape, never by colour alone."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reports.assembly import CouncilSection, KeyMeasure

register = template.Library()

WIDTH, LABEL, LEFT, RIGHT, ROW, TOP = 640, 8, 70, 620, 22, 6


def _scale(row: KeyMeasure) -> tuple[float, float] | None:
    marks = [
        v
        for v in (
            row.raw_value,
            row.raw_nw_median,
            row.raw_nw_lower,
            row.raw_nw_upper,
            row.raw_england,
            row.raw_neighbours,
        )
        if v is not None
    ]
    if not marks:
        return None
    low, high = min(marks), max(marks)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    return low - pad, high + pad


def _row(index: int, row: KeyMeasure) -> SafeString:
    y = TOP + index * ROW + ROW / 2
    parts = [
        format_html(
            '<text x="{}" y="{}" font-size="12" fill="#0b0c0c">{}</text>',
            LABEL,
            round(y + 4, 1),
            row.measure.code,
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"></line>',
            LEFT,
            y,
            RIGHT,
            y,
        ),
    ]
    scale = _scale(row)
    if scale is None:
        return format_html_join("", "{}", ((p,) for p in parts))
    low, high = scale

    def x(value: float) -> float:
        return round(LEFT + (value - low) / (high - low) * (RIGHT - LEFT), 1)

    if row.raw_nw_lower is not None and row.raw_nw_upper is not None:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="12" fill="#f3f2f1" stroke="#505a5f" '
                'stroke-width="1"></rect>',
                x(row.raw_nw_lower),
                y - 6,
                max(x(row.raw_nw_upper) - x(row.raw_nw_lower), 1),
            )
        )
    if row.raw_nw_median is not None:
        parts.append(
            format_html(
                '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#0b0c0c" '
                'stroke-width="3"></line>',
                x(row.raw_nw_median),
                y - 8,
                y + 8,
            )
        )
    if row.raw_england is not None:
        cx = x(row.raw_england)
        parts.append(
            format_html(
                '<polygon points="{},{} {},{} {},{} {},{}" fill="#ffffff" stroke="#0b0c0c" '
                'stroke-width="1.5"></polygon>',
                cx,
                y - 6,
                cx + 6,
                y,
                cx,
                y + 6,
                cx - 6,
                y,
            )
        )
    if row.raw_neighbours is not None:
        cx = x(row.raw_neighbours)
        parts.append(
            format_html(
                '<polygon points="{},{} {},{} {},{}" fill="#ffffff" stroke="#0b0c0c" '
                'stroke-width="1.5"></polygon>',
                cx,
                y - 6,
                cx + 6,
                y + 5,
                cx - 6,
                y + 5,
            )
        )
    if row.raw_value is not None:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" fill="#1d70b8" stroke="#0b0c0c" '
                'stroke-width="1"></circle>',
                x(row.raw_value),
                y,
            )
        )
    return format_html_join("", "{}", ((p,) for p in parts))


@register.simple_tag
def comparison_chart(section: CouncilSection) -> SafeString:
    """One row per key measure, each on its own scale (measures have different units): the
    shaded box is the middle half of North West councils, the bar the NW median, the diamond
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
        format_html_join("", "{}", ((_row(i, r),) for i, r in enumerate(section.measures))),
    )
