"""One measure's page: every council's figure for a quarter beside the NW median, quartiles and
England, and the same rows for a download."""

from dataclasses import dataclass

from django.db.models import OuterRef
from django.urls import reverse

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from returns.models import Measure, Period, Polarity
from scorecard.models import CouncilPosition, MeasureBenchmark
from scorecard.selectors.demonstration import (
    ACCEPTED_SOURCE,
    DEMONSTRATION_SOURCE,
    is_demonstration_for,
)
from scorecard.selectors.presentation import PositionWords, choice_words


@dataclass(frozen=True)
class MeasureCouncilRow(PositionWords):
    council: Council
    measure: Measure
    position: CouncilPosition | None
    show_rank: bool
    scorecard_url: str = ""
    is_demonstration: bool = False

    @property
    def direction_words(self) -> str:
        return choice_words(self.position, "direction") if self.position else "No figure"

    @property
    def rank(self) -> int | None:
        return self.position.rank if self.position and self.show_rank else None

    @property
    def ranked_of(self) -> int | None:
        return self.position.ranked_of if self.position and self.show_rank else None


@dataclass(frozen=True)
class MeasurePage:
    measure: Measure
    period: Period | None
    periods: list[Period]
    benchmark: MeasureBenchmark | None
    rows: list[MeasureCouncilRow]
    show_ranks: bool
    sort: str

    @property
    def demonstration_count(self) -> int:
        """How many of the figures shown are demonstration data."""
        return sum(1 for r in self.rows if r.is_demonstration and r.value is not None)

    @property
    def chart_values(self) -> list[tuple[str, float | None]]:
        return [(r.council.name, r.value) for r in self.rows]

    @property
    def with_figures(self) -> int:
        return sum(1 for r in self.rows if r.value is not None)


def measure_page_get(
    *, measure: Measure, period: Period | None, sort: str = "name", fetched_by: AnyUser
) -> MeasurePage:
    """Every council's figure for one measure and quarter beside the NW median, quartiles and
    England. In alphabetical order for everyone; signed-in users may order by value (best
    first when the measure declares a better direction) and see ranks: public pages never
    show a league table. Four queries whatever the number of councils and periods."""
    show_ranks = bool(access.can_see_ranks(fetched_by))
    sort = "value" if sort == "value" and show_ranks else "name"
    periods = list(
        Period.objects.filter(benchmarks__measure=measure, benchmarks__nw_count__gt=0).order_by(
            "-year", "-quarter"
        )
    )
    if period is None and periods:
        period = periods[0]
    if period is None:
        return MeasurePage(measure, None, periods, None, [], show_ranks, sort)
    benchmark = next(
        (b for b in MeasureBenchmark.objects.filter(measure=measure, period=period)), None
    )
    positions = {
        p.council_id: p
        for p in CouncilPosition.objects.filter(measure=measure, period=period)
        .select_related("council")
        .annotate(is_demonstration=is_demonstration_for(OuterRef("period")))
        .order_by()
    }
    councils = {c.pk: c for c in Council.objects.active_between(period.starts_on, period.ends_on)}
    councils.update({p.council_id: p.council for p in positions.values()})
    # One reverse() for the page rather than one per council.
    url = reverse("scorecard:scorecard", args=["-slug-"]).replace("-slug-", "{}")
    query = f"?period={period.slug}"
    demo = {c for c, p in positions.items() if getattr(p, "is_demonstration", False)}
    rows = [
        MeasureCouncilRow(
            c,
            measure,
            positions.get(c.pk),
            show_ranks,
            url.format(c.slug) + query,
            is_demonstration=c.pk in demo,
        )
        for c in sorted(councils.values(), key=lambda c: c.name)
    ]
    if sort == "value":
        rows.sort(key=lambda r: _value_order(measure, r))
    return MeasurePage(measure, period, periods, benchmark, rows, show_ranks, sort)


def _value_order(measure: Measure, row: MeasureCouncilRow) -> tuple[bool, float]:
    value = row.value
    if value is None:
        return (True, 0.0)
    return (False, value if measure.effective_polarity == Polarity.LOWER else -value)


def measure_download_rows(page: MeasurePage) -> tuple[list[str], list[list[object]]]:
    """The measure page's rows for a download, alphabetical; rank columns only when the page
    shows ranks. The writer escapes anything a spreadsheet would run as a formula."""
    measure, benchmark = page.measure, page.benchmark
    header = [
        "Council",
        "ONS code",
        "Quarter",
        "Measure code",
        "Measure name",
        "Unit",
        "Value",
        "NW median",
        "NW lower quartile",
        "NW upper quartile",
        "England",
        "England year",
        "Position in the region",
        "Compared with the NW median",
        "Direction of travel",
        "Source of the figure",
    ]
    if page.show_ranks:
        header += ["Rank (1 = best)", "Ranked of"]
    rows: list[list[object]] = []
    for row in sorted(page.rows, key=lambda r: r.council.name):
        cells: list[object] = [
            row.council.name,
            row.council.ons_code,
            page.period.label if page.period else "",
            measure.code,
            measure.name,
            measure.unit_label or measure.get_unit_display(),
            row.value,
            benchmark.nw_median if benchmark else None,
            benchmark.nw_lower_quartile if benchmark else None,
            benchmark.nw_upper_quartile if benchmark else None,
            benchmark.england_value if benchmark else None,
            benchmark.england_year_label if benchmark else "",
            row.quartile_words,
            row.band_words,
            row.direction_words,
            "" if row.value is None else source_words(row.is_demonstration),
        ]
        if page.show_ranks:
            cells += [row.rank, row.ranked_of]
        rows.append(cells)
    return header, rows


def source_words(is_demonstration: bool) -> str:
    return DEMONSTRATION_SOURCE if is_demonstration else ACCEPTED_SOURCE
