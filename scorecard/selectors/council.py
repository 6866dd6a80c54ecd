"""A council's figures page: its accepted figures for a quarter beside the NW and England
comparators, and the list of councils."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from returns.models import Measure, Period
from scorecard.models import CouncilPosition, MeasureBenchmark, PublishedPosition, TeascComparator
from scorecard.selectors.comparators import Comparator, figure_comparators
from scorecard.selectors.council_scorecard import neighbour_positions
from scorecard.selectors.demonstration import demonstration_council_ids
from scorecard.selectors.periods import periods_with_comparators
from scorecard.selectors.presentation import PositionWords, choice_words
from scorecard.selectors.teasc_sections import TeascBySection, teasc_of_positions


def council_list() -> QuerySet[Council]:
    return Council.objects.select_related("sub_region").order_by("sub_region__name", "name")


@dataclass(frozen=True)
class MeasureRow(PositionWords):
    measure: Measure
    benchmark: MeasureBenchmark
    position: CouncilPosition | None
    council: Council
    neighbours: PublishedPosition | None
    period_label: str

    @property
    def comparators(self) -> list[Comparator]:
        return figure_comparators(
            council=self.council,
            benchmark=self.benchmark,
            position=self.position,
            neighbours=self.neighbours,
            period_label=self.period_label,
        )

    @property
    def direction_words(self) -> str:
        return choice_words(self.position, "direction") if self.position else ""

    @property
    def unit_words(self) -> str:
        return self.measure.unit_label or choice_words(self.measure, "unit")

    @property
    def tier_words(self) -> str:
        return choice_words(self.measure, "tier")

    @property
    def teasc_section_words(self) -> str:
        return choice_words(self.measure, "teasc_section")


@dataclass(frozen=True)
class CouncilPage:
    council: Council
    period: Period | None
    periods: list[Period]
    rows: list[MeasureRow]
    is_demonstration: bool
    show_ranks: bool
    # Other councils whose demonstration figures are in this quarter's NW comparators.
    demonstration_others: int = 0
    # No quarter was asked for: the page opened on the latest quarter with figures.
    opened_on_latest: bool = False
    # TEASC per section against the North West median of councils' returns.
    teasc: TeascBySection | None = None


def _teasc_by_section(
    council: Council,
    period: Period,
    positions: dict[int, CouncilPosition],
    benchmarks: list[MeasureBenchmark],
) -> TeascBySection:
    """TEASC per section against the North West median of councils' returns, from the page's
    own positions and benchmarks (no query)."""
    return teasc_of_positions(
        council=council,
        period=period,
        comparator=TeascComparator.NW_MEDIAN,
        positions=[
            (positions[b.measure_id], b.measure) for b in benchmarks if b.measure_id in positions
        ],
        benchmarks={b.measure_id: b for b in benchmarks},
    )


def council_page_get(
    *, council: Council, period: Period | None, fetched_by: AnyUser
) -> CouncilPage:
    """A council's accepted figures for a quarter beside the NW and England comparators.
    Ranks only for signed-in users: public pages never show a league table. Fixed queries."""
    periods = list(periods_with_comparators())
    opened_on_latest = period is None and bool(periods)
    if period is None and periods:
        period = next((p for p in periods if council.is_active_on(p.ends_on)), periods[0])
    rows: list[MeasureRow] = []
    is_demo = False
    others = 0
    teasc = None
    if period is not None:
        positions = {
            p.measure_id: p for p in CouncilPosition.objects.filter(council=council, period=period)
        }
        benchmarks = list(
            MeasureBenchmark.objects.filter(period=period, measure__in_return=True)
            .select_related("measure")
            .order_by("measure__display_order", "measure__code")
        )
        neighbours = neighbour_positions(
            council_ids=[council.pk], year=period.year, measures=[b.measure for b in benchmarks]
        )
        rows = [
            MeasureRow(
                b.measure,
                b,
                positions.get(b.measure_id),
                council,
                neighbours.get((council.pk, b.measure_id)),
                period.label,
            )
            for b in benchmarks
        ]
        teasc = _teasc_by_section(council, period, positions, benchmarks)
        demo = demonstration_council_ids(period)
        is_demo = council.pk in demo
        others = len(demo - {council.pk})
    return CouncilPage(
        council=council,
        period=period,
        periods=periods,
        rows=rows,
        is_demonstration=is_demo,
        show_ranks=bool(access.can_see_ranks(fetched_by)),
        demonstration_others=others,
        opened_on_latest=opened_on_latest,
        teasc=teasc,
    )
