"""Reads for the scorecard pages: they only read what the comparators module stored."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from returns.models import Measure, Period, Polarity, Return
from scorecard.models import CouncilPosition, Direction, MeasureBenchmark

DIRECTION_COLOURS: dict[str, str] = {
    Direction.IMPROVING: "green",
    Direction.WORSENING: "red",
    Direction.STABLE: "blue",
}
QUARTILE_WORDS = {
    1: "lowest quarter",
    2: "second-lowest quarter",
    3: "second-highest quarter",
    4: "highest quarter",
}


def periods_with_comparators() -> QuerySet[Period]:
    return (
        Period.objects.filter(benchmarks__nw_count__gt=0).distinct().order_by("-year", "-quarter")
    )


def council_list() -> QuerySet[Council]:
    return Council.objects.select_related("sub_region").order_by("sub_region__name", "name")


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    benchmark: MeasureBenchmark
    position: CouncilPosition | None

    @property
    def value(self) -> float | None:
        return self.position.value if self.position else None

    @property
    def quartile_words(self) -> str:
        if self.position is None or self.position.value_quartile is None:
            return "No figure"
        words = f"In the {QUARTILE_WORDS[self.position.value_quartile]} of NW values"
        if not self.measure.has_polarity:
            return words
        good = (
            self.position.value_quartile >= 3
            if self.measure.polarity == Polarity.HIGHER
            else self.position.value_quartile <= 2
        )
        return f"{words} ({'better' if good else 'worse'} half)"

    @property
    def direction_colour(self) -> str:
        if self.position is None:
            return "grey"
        return DIRECTION_COLOURS.get(self.position.direction, "grey")


@dataclass(frozen=True)
class CouncilPage:
    council: Council
    period: Period | None
    periods: list[Period]
    rows: list[MeasureRow]
    is_demonstration: bool
    show_ranks: bool


def council_page_get(
    *, council: Council, period: Period | None, fetched_by: AnyUser
) -> CouncilPage:
    """A council's accepted figures for a quarter beside the NW and England comparators.
    Ranks only for signed-in users: public pages never show a league table. Fixed queries."""
    periods = list(periods_with_comparators())
    if period is None and periods:
        period = next((p for p in periods if council.is_active_on(p.ends_on)), periods[0])
    rows: list[MeasureRow] = []
    is_demo = False
    if period is not None:
        positions = {
            p.measure_id: p for p in CouncilPosition.objects.filter(council=council, period=period)
        }
        benchmarks = (
            MeasureBenchmark.objects.filter(period=period, measure__in_return=True)
            .select_related("measure")
            .order_by("measure__display_order", "measure__code")
        )
        rows = [MeasureRow(b.measure, b, positions.get(b.measure_id)) for b in benchmarks]
        is_demo = Return.objects.filter(
            council=council, period=period, is_demonstration=True
        ).exists()
    return CouncilPage(
        council=council,
        period=period,
        periods=periods,
        rows=rows,
        is_demonstration=is_demo,
        show_ranks=bool(access.can_see_ranks(fetched_by)),
    )
