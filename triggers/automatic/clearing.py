"""What clears an automatic flag: the council's figures in the quarter evaluated (or the
published figures the evaluation looked at), for the measures the flag was about, written out
for its history. A flag on figures with no figure in the quarter (a return not yet in, a year
not yet published) is not cleared: missing data has not improved."""

from returns.models import Period, Polarity
from scorecard.models import CouncilPosition
from triggers.automatic.figures import _figure
from triggers.automatic.published import published_clearing
from triggers.automatic.registry import PUBLISHED_FIGURE_KINDS, QUARTERLY_FIGURE_KINDS
from triggers.models import Automatic, Concern

# Kinds on the quarter's figures some of whose evidence may be on published annual figures.
_PARTLY_PUBLISHED = frozenset({Automatic.UNIT_COST_CHANGE})


def _measure_codes(concern: Concern) -> list[str]:
    return sorted(
        {str(item.get("subject", "")).split(":", 1)[-1] for item in concern.evidence_items}
    )


def clearing_figures(concerns: list[Concern], period: Period) -> dict[int, str]:
    """concern id -> the figures that clear it in ``period`` (in words), for each of
    ``concerns`` that the quarter's data clears (at most 6 queries)."""
    on_figures = [c for c in concerns if c.automatic_key in QUARTERLY_FIGURE_KINDS]
    codes = {code for c in on_figures for code in _measure_codes(c)}
    positions = {
        (p.council_id, p.measure.code): p
        for p in CouncilPosition.objects.filter(
            period=period,
            council_id__in={c.council_id for c in on_figures},
            measure__code__in=codes,
            value__isnull=False,
        ).select_related("measure")
    }
    published = published_clearing(
        [c for c in concerns if c.automatic_key in PUBLISHED_FIGURE_KINDS | _PARTLY_PUBLISHED],
        period,
    )
    cleared: dict[int, str] = {}
    for concern in concerns:
        if concern.automatic_key not in QUARTERLY_FIGURE_KINDS | PUBLISHED_FIGURE_KINDS:
            cleared[concern.pk] = f"Nothing of this kind was found for {period.label}."
            continue
        now = [
            _position_words(positions[(concern.council_id, code)])
            for code in _measure_codes(concern)
            if (concern.council_id, code) in positions
        ] + published.get(concern.pk, [])
        if now:
            cleared[concern.pk] = f"Figures for {period.label}: " + "; ".join(now) + "."
    return cleared


def _position_words(position: CouncilPosition) -> str:
    measure = position.measure
    words = f"{measure.code} {_figure(float(position.value or 0), measure)}"
    if position.nw_mads is None or measure.polarity not in (Polarity.HIGHER, Polarity.LOWER):
        return words
    worse_by = -position.nw_mads if measure.polarity == Polarity.HIGHER else position.nw_mads
    side = "worse" if worse_by > 0 else "better"
    return f"{words}, {abs(worse_by):.1f} MADs {side} than the North West median"
