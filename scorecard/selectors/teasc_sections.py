"""TEASC as the Halton minutes use it, section by section: for a council, quarter and chosen
comparator, how many of the council's submitted items in each of the ten TEASC sections are
better than the comparator, how many are improving, and how many both, with the board's sentence
("better and improving on at least X% of submitted items") computed, never typed.

Items are counted as the stored TEASC summary counts them (a figure, a declared better direction
and a comparator: a median of at least 8 councils' returns, or a published figure), so the
sections add up to the summary. Read from the stored positions and benchmarks."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from authorities.models import Council
from returns.models import Measure, Period, Polarity, TeascSection
from scorecard.models import (
    MIN_GROUP_SIZE,
    CouncilPosition,
    Direction,
    MeasureBenchmark,
    TeascComparator,
)

NO_SECTION = "Not in a TEASC section"
AGAINST_WORDS: dict[str, str] = {
    TeascComparator.NW_MEDIAN: "the North West median of councils’ returns",
    TeascComparator.NW_PUBLISHED: "the published North West figure",
    TeascComparator.ENGLAND: "the published England figure",
    TeascComparator.SAME_TYPE: "the median of councils of the same type",
}


class PositionFigures(Protocol):
    """What counting an item reads of a council's stored position: a ``CouncilPosition``, or
    a row of the same fields read as a tuple on pages of every council."""

    @property
    def value(self) -> float | None: ...

    @property
    def direction(self) -> str: ...

    @property
    def same_type_count(self) -> int: ...

    @property
    def same_type_median(self) -> float | None: ...


@dataclass(frozen=True)
class SectionCount:
    """One section's counts (``section`` is the choice's value; "" for items in none)."""

    section: str
    label: str
    items: int = 0
    better: int = 0
    improving: int = 0
    better_and_improving: int = 0


@dataclass(frozen=True)
class TeascBySection:
    council: Council
    period: Period
    comparator: TeascComparator
    sections: list[SectionCount]

    @property
    def items(self) -> int:
        return sum(s.items for s in self.sections)

    @property
    def better(self) -> int:
        return sum(s.better for s in self.sections)

    @property
    def improving(self) -> int:
        return sum(s.improving for s in self.sections)

    @property
    def better_and_improving(self) -> int:
        return sum(s.better_and_improving for s in self.sections)

    @property
    def at_least_percent(self) -> int | None:
        """The whole percentage the share of items better and improving is at least (rounded
        down, so "at least" is true); None without items."""
        if not self.items:
            return None
        return math.floor(100 * self.better_and_improving / self.items)

    @property
    def board_sentence(self) -> str:
        against = AGAINST_WORDS[self.comparator]
        if self.at_least_percent is None:
            return (
                f"{self.council.name}, {self.period.label}: no submitted item could be compared "
                f"with {against}."
            )
        return (
            f"{self.council.name}, {self.period.label}: better than {against} and improving on "
            f"at least {self.at_least_percent}% of submitted items "
            f"({self.better_and_improving} of {self.items})."
        )


def teasc_by_section(
    *,
    council: Council,
    period: Period,
    comparator: TeascComparator = TeascComparator.NW_MEDIAN,
) -> TeascBySection:
    """The council's TEASC counts for ``period`` against ``comparator``, for each of the ten
    sections in the seed's order (and, last, items in no section, if any). Two queries."""
    benchmarks = {b.measure_id: b for b in MeasureBenchmark.objects.filter(period=period)}
    positions = CouncilPosition.objects.filter(council=council, period=period).select_related(
        "measure"
    )
    return teasc_of_positions(
        council=council,
        period=period,
        comparator=comparator,
        positions=[(p, p.measure) for p in positions],
        benchmarks=benchmarks,
    )


def teasc_of_positions(
    *,
    council: Council,
    period: Period,
    comparator: TeascComparator,
    positions: Iterable[tuple[PositionFigures, Measure]],
    benchmarks: Mapping[int, MeasureBenchmark],
) -> TeascBySection:
    """The same counts from positions (each with its measure) and benchmarks already read, by
    measure id: no query."""
    counts: dict[str, list[int]] = {}
    for position, measure in positions:
        found = item_counted(position, measure, benchmarks.get(measure.pk), comparator)
        if found is None:
            continue
        tally = counts.setdefault(measure.teasc_section, [0, 0, 0, 0])
        for index, yes in enumerate(found):
            tally[index] += int(yes)
    return _by_section(council, period, comparator, counts)


# A stored position read as a tuple: council id, measure id, value, direction, same-type count
# and same-type median.
PositionTuple = tuple[int, int, float | None, str, int, float | None]


def teasc_of_councils(
    *,
    councils: Iterable[Council],
    period: Period,
    comparator: TeascComparator,
    positions: Iterable[PositionTuple],
    measures: Mapping[int, Measure],
    benchmarks: Mapping[int, MeasureBenchmark],
) -> dict[int, TeascBySection]:
    """Every council's counts at once, by council id, from positions read as tuples: the same
    rule as :func:`item_counted`, with each measure's direction and comparator figure worked out
    once for the page rather than once per council (a national page has over ten thousand
    positions). No query."""
    rules = {
        pk: (
            m.teasc_section,
            m.effective_polarity,
            _benchmark_figure(benchmarks.get(pk), comparator),
        )
        for pk, m in measures.items()
        if m.has_polarity
    }
    same_type = comparator == TeascComparator.SAME_TYPE
    tallies: dict[int, dict[str, list[int]]] = {}
    for council_id, measure_id, value, direction, type_count, type_median in positions:
        rule = rules.get(measure_id)
        if rule is None or value is None:
            continue
        section, polarity, against = rule
        if same_type:
            against = type_median if type_count >= MIN_GROUP_SIZE else None
        if against is None:
            continue
        better = _is_better(value, against, polarity)
        improving = direction == Direction.IMPROVING
        tally = tallies.setdefault(council_id, {}).setdefault(section, [0, 0, 0, 0])
        tally[0] += 1
        tally[1] += better
        tally[2] += improving
        tally[3] += better and improving
    return {c.pk: _by_section(c, period, comparator, tallies.get(c.pk, {})) for c in councils}


def _by_section(
    council: Council, period: Period, comparator: TeascComparator, counts: dict[str, list[int]]
) -> TeascBySection:
    sections = [
        SectionCount(value, str(label), *counts.get(value, [0, 0, 0, 0]))
        for value, label in TeascSection.choices
    ]
    if "" in counts:
        sections.append(SectionCount("", NO_SECTION, *counts[""]))
    return TeascBySection(council, period, comparator, sections)


def item_counted(
    position: PositionFigures,
    measure: Measure,
    benchmark: MeasureBenchmark | None,
    comparator: str,
) -> tuple[bool, bool, bool, bool] | None:
    """(an item, better, improving, both) for one position; None when it is not an item (no
    figure, no comparator figure, or no declared better direction)."""
    polarity = measure.effective_polarity
    against = comparator_figure(position, benchmark, comparator)
    if position.value is None or against is None or not measure.has_polarity:
        return None
    better = _is_better(position.value, against, polarity)
    improving = position.direction == Direction.IMPROVING
    return True, better, improving, better and improving


def _is_better(value: float, against: float, polarity: str) -> bool:
    return value > against if polarity == Polarity.HIGHER else value < against


def comparator_figure(
    position: PositionFigures, benchmark: MeasureBenchmark | None, comparator: str
) -> float | None:
    """The figure ``comparator`` stands at for this position's measure and quarter; None when
    there is none, or a median would be over fewer than MIN_GROUP_SIZE councils."""
    if comparator == TeascComparator.SAME_TYPE:
        enough = position.same_type_count >= MIN_GROUP_SIZE
        return position.same_type_median if enough else None
    return _benchmark_figure(benchmark, comparator)


def _benchmark_figure(benchmark: MeasureBenchmark | None, comparator: str) -> float | None:
    """The comparator's figure from the quarter's benchmark (every comparator but the median of
    councils of the same type, which each council's position holds)."""
    if benchmark is None or comparator == TeascComparator.SAME_TYPE:
        return None
    if comparator == TeascComparator.NW_MEDIAN:
        return benchmark.nw_median if benchmark.nw_count >= MIN_GROUP_SIZE else None
    if comparator == TeascComparator.NW_PUBLISHED:
        return benchmark.region_value
    return benchmark.england_value
