"""The reciprocity ledger's chart: days given and received by each council in a financial year,
as a server-drawn SVG of paired horizontal bars, with the threshold for a disproportionate
share (MoU 2.1 g) drawn as a labelled line.

It draws with the portal's chart pieces (``sli_portal/charts.py``), so the portal's bar charts
look and read alike.
Meaning is never carried by colour alone: "given" and "received" each have their own fill
pattern and a legend, every bar carries its figure as text and a ``<title>`` in words, a
flagged council's name says so in words, and the page shows the same figures in a table
(:func:`chart_figures` is what both read).
"""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

from sli_portal.charts import Category, fill, join, legend, svg_chart
from support.ledger import Ledger, LedgerRow

WIDTH, LABEL_X, BAR_LEFT, BAR_RIGHT = 760, 8, 236, 700
BAR, GAP, ROW = 14, 2, 38
GIVEN = Category(
    "given", "Days given", "#1d70b8", '<path d="M0,6 L6,0" stroke="#ffffff" stroke-width="1.5"/>'
)
RECEIVED = Category(
    "received", "Days received", "#f3f2f1", '<circle cx="3" cy="3" r="1.2" fill="#0b0c0c"/>'
)
SERIES = (GIVEN, RECEIVED)


def _days(value: Decimal) -> str:
    return f"{value:.1f}"


def chart_figures(row: LedgerRow) -> tuple[Decimal, Decimal]:
    """What the chart draws for a council and the table's counted columns show: counted days
    (officer + member; actual where recorded, else planned) given and received."""
    return row.given.total, row.received.total


def _bar(
    ident: str, row: LedgerRow, series: Category, value: Decimal, y: float, scale: float
) -> SafeString:
    width = float(value) * scale
    verb = "gave" if series is GIVEN else "received"
    words = f"{row.council.name} {verb} {_days(value)} days"
    return format_html(
        '<g data-council="{}" data-series="{}" data-days="{}"><title>{}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#0b0c0c" '
        'stroke-width="1"/><text x="{}" y="{}" font-size="12" fill="#0b0c0c">{} {}</text></g>',
        row.council.slug,
        series.key,
        _days(value),
        words,
        BAR_LEFT,
        y,
        round(width, 1),
        BAR,
        fill(ident, series),
        round(BAR_LEFT + width + 4, 1),
        y + BAR - 3,
        "gave" if series is GIVEN else "received",
        _days(value),
    )


def _council(ident: str, row: LedgerRow, top: float, scale: float) -> SafeString:
    given, received = chart_figures(row)
    name = format_html(
        '<text x="{}" y="{}" font-size="13" fill="#0b0c0c"{}>{}</text>',
        LABEL_X,
        top + BAR + 4,
        SafeString(' font-weight="bold"') if row.flagged else "",
        row.council.name,
    )
    flag = (
        format_html(
            '<text x="{}" y="{}" font-size="11" fill="#0b0c0c">Over the threshold</text>',
            LABEL_X,
            top + BAR + 18,
        )
        if row.flagged
        else SafeString("")
    )
    return format_html(
        "{}{}{}{}",
        name,
        flag,
        _bar(ident, row, GIVEN, given, top, scale),
        _bar(ident, row, RECEIVED, received, top + BAR + GAP, scale),
    )


def _threshold(ledger: Ledger, top: float, bottom: float, scale: float) -> SafeString:
    if ledger.threshold <= 0:
        return SafeString("")
    x = round(BAR_LEFT + float(ledger.threshold) * scale, 1)
    return format_html(
        '<g data-threshold="{}"><title>Threshold: {} days given ({} times the regional median '
        'of {})</title><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="2" '
        'stroke-dasharray="6 3"/><text x="{}" y="{}" font-size="12" text-anchor="middle" '
        'fill="#0b0c0c">Threshold {}</text></g>',
        _days(ledger.threshold),
        _days(ledger.threshold),
        ledger.multiple.normalize(),
        _days(ledger.median),
        x,
        top - 4,
        x,
        bottom,
        x,
        top - 8,
        _days(ledger.threshold),
    )


def ledger_chart(ledger: Ledger, *, ident: str = "ledger") -> SafeString:
    """Two bars per council (days given, then days received), the threshold above which a
    council gives a disproportionate share as a dashed line, flagged councils named in bold
    with "Over the threshold" beneath. The SVG's ``<title>`` and ``<desc>`` are its text
    alternative; the ledger table gives every figure."""
    if not ledger.rows:
        return format_html(
            '<p class="govuk-body">No councils were active in {}.</p>', ledger.year_label
        )
    largest = max(
        [ledger.threshold, *(value for row in ledger.rows for value in chart_figures(row))]
    )
    # Leave room after the longest bar for its figure.
    scale = (BAR_RIGHT - BAR_LEFT - 70) / float(largest) if largest > 0 else 0.0
    key, top = legend(ident, SERIES, width=WIDTH)
    top += 24
    bars = join(_council(ident, row, top + i * ROW, scale) for i, row in enumerate(ledger.rows))
    bottom = top + len(ledger.rows) * ROW
    flagged = ", ".join(row.council.name for row in ledger.flagged) or "none"
    return svg_chart(
        ident=ident,
        css_class="app-ledger-chart",
        width=WIDTH,
        height=bottom + 8,
        title=f"Days given and received by each council, {ledger.year_label}",
        description=(
            f"Paired bars for {len(ledger.rows)} councils: days given, then days received. The "
            f"regional median of days given is {_days(ledger.median)}; the threshold for a "
            f"disproportionate share is {_days(ledger.threshold)} days. Over the threshold: "
            f"{flagged}. The table that follows gives every figure."
        ),
        categories=SERIES,
        body=key + _threshold(ledger, top, bottom, scale) + bars,
    )
