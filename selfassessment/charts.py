"""The regional report's chart: how the councils stand on each standard, as a server-drawn SVG
stacked bar chart used by the page and the PDF alike.

Drawn with the portal's chart pieces (``sli_portal/charts.py``), so meaning is never carried by
colour alone; the page and PDF show the same figures in a table built from the same
:func:`distribution_columns`.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from selfassessment.models import level_label
from selfassessment.selectors import RegionalReport, StandardDistribution
from sli_portal.charts import Category, join, legend, plural, stacked_bar, svg_chart

WIDTH, LABEL_X, BAR_LEFT, BAR_RIGHT = 760, 8, 72, 744
ROW, BAR = 26, 18

_PATTERNS = {
    "0": '<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#0b0c0c" stroke-width="1.2"/>',
    "1": '<path d="M0,3 L6,3" stroke="#0b0c0c" stroke-width="1"/>',
    "2": '<circle cx="3" cy="3" r="1.2" fill="#0b0c0c"/>',
    "3": '<path d="M0,0 L6,6 M6,0 L0,6" stroke="#0b0c0c" stroke-width="0.8"/>',
    "4": "",
    "not_answered": "",
    "not_submitted": '<path d="M3,0 L3,6" stroke="#505a5f" stroke-width="1"/>',
}
_FILLS = {
    "0": "#f4cdc6",
    "1": "#fff7bf",
    "2": "#cce2d8",
    "3": "#bfd7ed",
    "4": "#1d70b8",
    "not_answered": "#ffffff",
    "not_submitted": "#f3f2f1",
}


def categories(levels: list[int]) -> list[Category]:
    """The chart's and the table's columns, in order: below Level 1, each level, not answered,
    not submitted."""
    keys = [(str(level), level_label(level)) for level in levels] + [
        ("not_answered", "Not answered"),
        ("not_submitted", "Not submitted"),
    ]
    return [
        Category(key, label, _FILLS[key], _PATTERNS[key], dashed=key == "not_answered")
        for key, label in keys
    ]


def distribution_columns(distribution: StandardDistribution, levels: list[int]) -> list[int]:
    """The counts of one standard in the order of :func:`categories`: what a table row shows
    and what the chart draws."""
    return [distribution.counts.get(level, 0) for level in levels] + [
        distribution.not_answered,
        distribution.not_submitted,
    ]


def _bar(
    y: int, distribution: StandardDistribution, report: RegionalReport, ident: str
) -> SafeString:
    code = distribution.standard.code
    label = format_html(
        '<text x="{}" y="{}" font-size="13" fill="#0b0c0c">{}</text>', LABEL_X, y + BAR - 4, code
    )
    return label + stacked_bar(
        ident=ident,
        y=y,
        left=BAR_LEFT,
        right=BAR_RIGHT,
        height=BAR,
        categories=categories(report.levels),
        counts=distribution_columns(distribution, report.levels),
        total=len(report.councils),
        words=lambda category, count: f"{code}: {category.label}, {plural(count, 'council')}",
        data={"standard": code},
    )


def distribution_chart(report: RegionalReport, *, ident: str = "distribution") -> SafeString:
    """One bar per standard, its length the councils of the review, stacked by the number at
    each effective level, then those that submitted without answering it and those that did
    not submit. The SVG's ``<title>`` and ``<desc>`` are its text alternative."""
    cats = categories(report.levels)
    if not report.distributions:
        return format_html('<p class="govuk-body">The review has no standards yet.</p>')
    total = len(report.councils)
    key, top = legend(ident, cats, width=WIDTH)
    top += 8
    bars = join(_bar(top + i * ROW, d, report, ident) for i, d in enumerate(report.distributions))
    return svg_chart(
        ident=ident,
        css_class="app-distribution-chart",
        width=WIDTH,
        height=top + len(report.distributions) * ROW + 4,
        title=f"Levels of {total} councils on each standard of {report.review}",
        description=(
            f"Stacked bars, one per standard, each the {total} councils of the review: from the "
            f"left, {', '.join(c.label for c in cats)}. {report.submitted} of {total} councils "
            "submitted. The table that follows gives every figure."
        ),
        categories=cats,
        body=key + bars,
    )
