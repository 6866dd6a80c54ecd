"""One measure's page: every council's figure for a quarter beside the NW median, quartiles and
England, and the same rows for a download."""

from dataclasses import dataclass

from django.db.models import OuterRef
from django.urls import reverse

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from returns.models import Measure, Period, Polarity, ReturnTier
from scorecard.models import CouncilPosition, MeasureBenchmark
from scorecard.selectors.comparators import (
    Comparator,
    nw_median,
    published_england,
    published_region,
    too_few_words,
)
from scorecard.selectors.demonstration import (
    ACCEPTED_SOURCE,
    DEMONSTRATION_INVENTED_SOURCE,
    DEMONSTRATION_SOURCE,
    is_demonstration_for,
)
from scorecard.selectors.presentation import PositionWords, choice_words
from sli_portal.figures import round_half_up


@dataclass(frozen=True)
class MeasureCouncilRow(PositionWords):
    council: Council
    measure: Measure
    position: CouncilPosition | None
    benchmark: MeasureBenchmark | None
    show_rank: bool
    scorecard_url: str = ""
    is_demonstration: bool = False
    # The reader's council: the one whose page they came from, else their own.
    is_highlighted: bool = False

    @property
    def direction_words(self) -> str:
        return choice_words(self.position, "direction") if self.position else "No figure"

    @property
    def rank(self) -> int | None:
        shown = self.position and self.show_rank and self.comparable
        return self.position.rank if shown and self.position else None

    @property
    def ranked_of(self) -> int | None:
        shown = self.position and self.show_rank and self.comparable
        return self.position.ranked_of if shown and self.position else None


@dataclass(frozen=True)
class MeasurePage:
    measure: Measure
    period: Period | None
    periods: list[Period]
    benchmark: MeasureBenchmark | None
    rows: list[MeasureCouncilRow]
    show_ranks: bool
    sort: str
    highlighted: Council | None = None
    # "this council" when the reader came from its page, "your council" for their own.
    highlight_words: str = ""

    @property
    def highlight_name(self) -> str:
        return self.highlighted.name if self.highlighted else ""

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

    @property
    def comparable(self) -> bool:
        """Whether enough councils have a figure for a median, quartiles, bands and ranks."""
        return self.benchmark is not None and not self.benchmark.too_few

    @property
    def too_few_words(self) -> str:
        return too_few_words(self.benchmark.nw_count if self.benchmark else 0)

    @property
    def comparators(self) -> list[Comparator]:
        """The comparators of the quarter that are not one council's own."""
        label = self.period.label if self.period else ""
        return [
            nw_median(self.benchmark, label),
            published_region(self.benchmark),
            published_england(self.benchmark),
        ]


def measure_page_get(
    *,
    measure: Measure,
    period: Period | None,
    sort: str = "name",
    highlight: str = "",
    fetched_by: AnyUser,
) -> MeasurePage:
    """Every council's figure for one measure and quarter beside the NW median, quartiles and
    England. In alphabetical order for everyone; signed-in users may order by value (best
    first when the measure declares a better direction) and see ranks: public pages never
    show a league table. The council whose slug is ``highlight`` (the page the reader came
    from), else the signed-in reader's own council, is marked. Four queries whatever the
    number of councils and periods."""
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
    marked, words = _highlighted(councils, highlight, fetched_by)
    rows = [
        MeasureCouncilRow(
            c,
            measure,
            positions.get(c.pk),
            benchmark,
            show_ranks,
            url.format(c.slug) + query,
            is_demonstration=c.pk in demo,
            is_highlighted=marked is not None and c.pk == marked.pk,
        )
        for c in sorted(councils.values(), key=lambda c: c.name)
    ]
    if sort == "value":
        rows.sort(key=lambda r: _value_order(measure, r))
    return MeasurePage(measure, period, periods, benchmark, rows, show_ranks, sort, marked, words)


def _highlighted(
    councils: dict[int, Council], slug: str, reader: AnyUser
) -> tuple[Council | None, str]:
    """The council to mark among ``councils`` and how the page names it: the one whose page
    the reader came from (``slug``), else the first by name of the reader's own councils."""
    came_from = next((c for c in councils.values() if slug and c.slug == slug), None)
    if came_from is not None:
        return came_from, "this council"
    own = access.councils_of(reader)
    mine = sorted((c for pk, c in councils.items() if pk in own), key=lambda c: c.name)
    return (mine[0], "your council") if mine else (None, "")


def _value_order(measure: Measure, row: MeasureCouncilRow) -> tuple[bool, float]:
    value = row.value
    if value is None:
        return (True, 0.0)
    return (False, value if measure.effective_polarity == Polarity.LOWER else -value)


DOWNLOAD_HEADER = [
    "Council",
    "ONS code",
    "Quarter",
    "Measure code",
    "Measure name",
    "Unit",
    "Value",
    "Councils with a figure in the North West",
    "North West median of councils' returns",
    "North West lower quartile of councils' returns",
    "North West upper quartile of councils' returns",
    "Published North West figure",
    "Published North West figure year",
    "Published England figure",
    "Published England figure year",
    "Position in the region",
    "Compared with the North West median of councils' returns",
    "Direction of travel",
    "Source of the figure",
]


def _comparator_cells(page: MeasurePage) -> list[object]:
    """The quarter's comparators as the download gives them, rounded as the page rounds them:
    the count of NW figures, the NW median and quartiles (empty over too few councils), and
    the published North West and England figures with their years."""
    benchmark, places = page.benchmark, page.measure.decimal_places
    if benchmark is None:
        return [0, None, None, None, None, "", None, ""]
    stats = (
        [benchmark.nw_median, benchmark.nw_lower_quartile, benchmark.nw_upper_quartile]
        if page.comparable
        else [None, None, None]
    )
    return [
        benchmark.nw_count,
        *(round_half_up(stat, places) for stat in stats),
        round_half_up(benchmark.region_value, places),
        benchmark.region_year_label,
        round_half_up(benchmark.england_value, places),
        benchmark.england_year_label,
    ]


def measure_download_rows(page: MeasurePage) -> tuple[list[str], list[list[object]]]:
    """The measure page's rows for a download, alphabetical; rank columns only when the page
    shows ranks. Figures are rounded as the page rounds them; the NW median, quartiles, bands
    and ranks are left out over too few councils, as on the page. The writer escapes anything
    a spreadsheet would run as a formula."""
    measure = page.measure
    header = DOWNLOAD_HEADER + (["Rank (1 = best)", "Ranked of"] if page.show_ranks else [])
    comparators = _comparator_cells(page)
    rows: list[list[object]] = []
    for row in sorted(page.rows, key=lambda r: r.council.name):
        cells: list[object] = [
            row.council.name,
            row.council.ons_code,
            page.period.label if page.period else "",
            measure.code,
            measure.name,
            measure.unit_label or measure.get_unit_display(),
            round_half_up(row.value, measure.decimal_places),
            *comparators,
            row.quartile_words,
            row.band_words if page.comparable or row.value is None else page.too_few_words,
            row.direction_words,
            "" if row.value is None else source_words(row.is_demonstration, measure),
        ]
        if page.show_ranks:
            cells += [row.rank, row.ranked_of]
        rows.append(cells)
    return header, rows


def source_words(is_demonstration: bool, measure: Measure) -> str:
    """Where a council's figure comes from: its accepted return or, in the demonstration,
    published annual ASCOF figures or, for the region's own items, invention."""
    if not is_demonstration:
        return ACCEPTED_SOURCE
    if measure.tier == ReturnTier.ASCOF:
        return DEMONSTRATION_SOURCE
    return DEMONSTRATION_INVENTED_SOURCE
