"""The regional TEASC page, as the seeds' minutes use it: for a quarter and a chosen comparator,
every council's items better than the comparator, improving, and both in each of the ten TEASC
sections, with the board's sentence computed (``teasc_sections``); and, for one section, every
item with each council's figure, the comparator's figure and whether it is better and
improving. Councils are listed alphabetically, never by performance (no league tables).

Read from the stored positions and benchmarks in a fixed number of queries, whatever the number
of councils: positions are read as tuples, not model instances, because a national page has
over ten thousand of them."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import OuterRef

from authorities.models import Council
from returns.models import Measure, Period, TeascSection
from scorecard.models import CouncilPosition, Direction, MeasureBenchmark, TeascComparator
from scorecard.selectors.demonstration import is_demonstration_for
from scorecard.selectors.periods import periods_with_comparators
from scorecard.selectors.teasc_sections import (
    AGAINST_WORDS,
    PositionTuple,
    TeascBySection,
    comparator_figure,
    item_counted,
    teasc_of_councils,
)

TEASC_COMPARATORS: dict[str, str] = {c.value: str(c.label) for c in TeascComparator}
SECTIONS: dict[str, str] = {value: str(label) for value, label in TeascSection.choices}
DIRECTION_WORDS: dict[str, str] = {value: str(label) for value, label in Direction.choices}


class PositionRow(NamedTuple):
    """A council's stored position for one measure, with only what the page reads."""

    council_id: int
    measure_id: int
    value: float | None
    direction: str
    same_type_count: int
    same_type_median: float | None


@dataclass(frozen=True)
class TeascCouncilRow:
    council: Council
    teasc: TeascBySection
    is_demonstration: bool


@dataclass(frozen=True)
class ItemFigure:
    """One council's figure for one item, against the comparator. ``better`` is None when the
    figure is not compared (no figure, no comparator figure or no declared better direction)."""

    council: Council
    value: float | None
    against: float | None
    better: bool | None
    direction: str
    is_demonstration: bool

    @property
    def better_words(self) -> str:
        if self.better is None:
            return "Not compared"
        return "Better" if self.better else "Not better"

    @property
    def direction_words(self) -> str:
        return DIRECTION_WORDS.get(self.direction, DIRECTION_WORDS[Direction.UNKNOWN])

    @property
    def better_and_improving(self) -> bool:
        return bool(self.better) and self.direction == Direction.IMPROVING


@dataclass(frozen=True)
class SectionItem:
    measure: Measure
    figures: list[ItemFigure]
    # How many councils' returns the North West median is over (that comparator only).
    median_of: int | None = None


@dataclass(frozen=True)
class TeascOverviewPage:
    period: Period | None
    periods: list[Period]
    comparator: str
    section: str
    rows: list[TeascCouncilRow]
    items: list[SectionItem]

    @property
    def comparator_label(self) -> str:
        return TEASC_COMPARATORS[self.comparator]

    @property
    def against_words(self) -> str:
        """What an item is better than, as the board sentence says it."""
        return AGAINST_WORDS[self.comparator]

    @property
    def section_label(self) -> str:
        return SECTIONS.get(self.section, "")

    @property
    def sections(self) -> list[tuple[str, str]]:
        return list(SECTIONS.items())

    @property
    def has_items_in_no_section(self) -> bool:
        """Some council has compared items in no TEASC section (counted under all sections)."""
        return any(len(r.teasc.sections) > len(SECTIONS) for r in self.rows)

    @property
    def demonstration_count(self) -> int:
        return sum(1 for r in self.rows if r.is_demonstration)


def teasc_overview_periods() -> list[Period]:
    """The quarters the page offers: those with comparators, newest first. One query."""
    return list(periods_with_comparators())


def teasc_overview_get(
    *,
    period: Period | None,
    periods: list[Period],
    comparator: str = TeascComparator.NW_MEDIAN.value,
    section: str = "",
) -> TeascOverviewPage:
    """Every council active in ``period`` (the newest of ``periods`` when None), alphabetically,
    with its TEASC counts by section against ``comparator``; with ``section`` (one of the ten),
    that section's items and each council's figures too. Unknown comparator or section values
    are ignored. Four queries whatever the number of councils."""
    comparator = comparator if comparator in TEASC_COMPARATORS else TeascComparator.NW_MEDIAN
    section = section if section in SECTIONS else ""
    if period is None:
        period = periods[0] if periods else None
    if period is None:
        return TeascOverviewPage(None, periods, comparator, section, [], [])
    councils = list(
        Council.objects.active_between(period.starts_on, period.ends_on)
        .annotate(is_demonstration=is_demonstration_for(period, OuterRef("pk")))
        .order_by("name")
    )
    benchmarks = {b.measure_id: b for b in MeasureBenchmark.objects.filter(period=period)}
    positions: list[PositionTuple] = list(
        CouncilPosition.objects.filter(period=period)
        .order_by()
        .values_list(
            "council_id",
            "measure_id",
            "value",
            "direction",
            "same_type_count",
            "same_type_median",
        )
    )
    measures = Measure.objects.in_bulk({p[1] for p in positions})
    counts = teasc_of_councils(
        councils=councils,
        period=period,
        comparator=TeascComparator(comparator),
        positions=positions,
        measures=measures,
        benchmarks=benchmarks,
    )
    rows = [
        TeascCouncilRow(c, counts[c.pk], bool(getattr(c, "is_demonstration", False)))
        for c in councils
    ]
    items = (
        _section_items(section, rows, positions, measures, benchmarks, comparator)
        if section
        else []
    )
    return TeascOverviewPage(period, periods, comparator, section, rows, items)


def _section_items(
    section: str,
    rows: list[TeascCouncilRow],
    positions: list[PositionTuple],
    measures: dict[int, Measure],
    benchmarks: dict[int, MeasureBenchmark],
    comparator: str,
) -> list[SectionItem]:
    """Each of the section's items that any council has a position for, in the catalogue's
    order, with every council's figure (a council without one is listed as having none)."""
    wanted = {pk for pk, m in measures.items() if m.teasc_section == section}
    found = {(p[0], p[1]): PositionRow(*p) for p in positions if p[1] in wanted}
    ordered = sorted((measures[pk] for pk in wanted), key=lambda m: (m.display_order, m.code))
    return [
        SectionItem(
            measure=m,
            figures=[
                _item_figure(row, found.get((row.council.pk, m.pk)), m, benchmarks, comparator)
                for row in rows
            ],
            median_of=_median_of(benchmarks.get(m.pk), comparator),
        )
        for m in ordered
    ]


def _median_of(benchmark: MeasureBenchmark | None, comparator: str) -> int | None:
    if comparator != TeascComparator.NW_MEDIAN or benchmark is None:
        return None
    return benchmark.nw_count


def _item_figure(
    row: TeascCouncilRow,
    position: PositionRow | None,
    measure: Measure,
    benchmarks: dict[int, MeasureBenchmark],
    comparator: str,
) -> ItemFigure:
    if position is None:
        return ItemFigure(row.council, None, None, None, Direction.UNKNOWN, row.is_demonstration)
    benchmark = benchmarks.get(measure.pk)
    counted = item_counted(position, measure, benchmark, comparator)
    return ItemFigure(
        council=row.council,
        value=position.value,
        against=comparator_figure(position, benchmark, comparator),
        better=counted[1] if counted else None,
        direction=position.direction,
        is_demonstration=row.is_demonstration,
    )
