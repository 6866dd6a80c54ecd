"""The Planning Group's chart of how every council's plan is going: one stacked bar per plan,
its actions by status in the plan's latest quarter with progress, drawn as server-rendered SVG.

Drawn with the portal's chart pieces (``sli_portal/charts.py``), like the self-assessment
report's chart, so the two look and read alike; the page shows the same figures, in the same
order, in a table.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from improvement_plans.selectors import PlanSummary
from sli_portal.charts import Category, join, legend, plural, stacked_bar, svg_chart

WIDTH, LABEL_X, BAR_LEFT, BAR_RIGHT = 760, 8, 200, 744
ROW, BAR = 30, 20

CATEGORIES = [
    Category("complete", "Complete", "#1d70b8", ""),
    Category(
        "on_track",
        "On track",
        "#cce2d8",
        '<circle cx="3" cy="3" r="1.2" fill="#0b0c0c"/>',
    ),
    Category("at_risk", "At risk", "#fff7bf", '<path d="M0,3 L6,3" stroke="#0b0c0c"/>'),
    Category(
        "off_track",
        "Off track",
        "#f4cdc6",
        '<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#0b0c0c" stroke-width="1.2"/>',
    ),
    Category(
        "not_started",
        "Not started",
        "#f3f2f1",
        '<path d="M3,0 L3,6" stroke="#505a5f" stroke-width="1"/>',
    ),
    Category("no_update", "No update this quarter", "#ffffff", "", dashed=True),
]


def status_columns(summary: PlanSummary) -> list[int]:
    """A plan's action counts in the order of :data:`CATEGORIES`: what the chart draws and the
    table shows."""
    return [summary.status_counts.get(c.key, 0) for c in CATEGORIES]


def _bar(ident: str, y: int, summary: PlanSummary) -> SafeString:
    name = summary.plan.council.name
    quarter = summary.period.label if summary.period else "no progress yet"
    label = format_html(
        '<text x="{}" y="{}" font-size="13" fill="#0b0c0c">{}</text>'
        '<text x="{}" y="{}" font-size="11" fill="#505a5f">{}</text>',
        LABEL_X,
        y + 9,
        name,
        LABEL_X,
        y + 21,
        f"{summary.actions} actions, {quarter}",
    )
    return label + stacked_bar(
        ident=ident,
        y=y,
        left=BAR_LEFT,
        right=BAR_RIGHT,
        height=BAR,
        categories=CATEGORIES,
        counts=status_columns(summary),
        total=summary.actions,
        words=lambda category, count: f"{name}: {category.label}, {plural(count, 'action')}",
        data={"council": summary.plan.council.slug},
    )


def status_chart(summaries: list[PlanSummary], *, ident: str = "plan-status") -> SafeString:
    """One bar per plan, its full length the plan's live actions, stacked by the status each
    action had in the plan's latest quarter with progress. The SVG's ``<title>`` and
    ``<desc>`` are its text alternative."""
    if not summaries:
        return SafeString('<p class="govuk-body">No council has a plan yet.</p>')
    key, top = legend(ident, CATEGORIES, width=WIDTH)
    top += 8
    bars = join(_bar(ident, top + i * ROW, s) for i, s in enumerate(summaries))
    return svg_chart(
        ident=ident,
        css_class="app-plan-status-chart",
        width=WIDTH,
        height=top + len(summaries) * ROW + 4,
        title=f"Actions by status in the latest quarter of {len(summaries)} councils' plans",
        description=(
            "Stacked bars, one per council's plan, each the whole of its actions: from the "
            f"left, {', '.join(c.label for c in CATEGORIES)}. The tables that follow give every "
            "figure."
        ),
        categories=CATEGORIES,
        body=key + bars,
    )
