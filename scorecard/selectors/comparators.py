"""Each comparator a page prints beside a council's figure, named for the statistic it is:
the North West median of councils' accepted returns (with how many), the published North West
and England figures (with their year), the median of councils of the same type, and the
median of the council's CIPFA nearest neighbours (never including the council itself; naming
the list and the year). A median over fewer councils than
:data:`~scorecard.models.MIN_GROUP_SIZE` is never printed: the page says how many councils
have a figure and that it is too few to compare. No queries."""

from dataclasses import dataclass

from authorities.models import AuthorityType, Council
from scorecard.models import MIN_GROUP_SIZE, CouncilPosition, MeasureBenchmark, PublishedPosition
from sli_portal.financial_years import year_label

SAME_TYPE_WORDS: dict[str, str] = {
    AuthorityType.UNITARY: "unitary authorities",
    AuthorityType.METROPOLITAN: "metropolitan districts",
    AuthorityType.COUNTY: "county councils",
    AuthorityType.LONDON: "London boroughs",
}


def councils_words(count: int) -> str:
    return f"{count} council{'' if count == 1 else 's'}"


def councils_possessive(count: int) -> str:
    return f"{count} council’s" if count == 1 else f"{count} councils’"


def too_few_words(count: int) -> str:
    """What a page says instead of a median, quartile, band or rank over too few figures."""
    verb = "has" if count == 1 else "have"
    return (
        f"Not compared: {councils_words(count)} {verb} a figure, too few to compare "
        f"(a comparison needs at least {MIN_GROUP_SIZE})"
    )


def is_too_few(count: int | None) -> bool:
    return (count or 0) < MIN_GROUP_SIZE


@dataclass(frozen=True)
class Comparator:
    """One comparator as printed: ``label`` names the statistic, ``detail`` says over what and
    when; ``refusal`` replaces the figure when there is none to show or too few to compare."""

    key: str
    label: str
    value: float | None
    detail: str
    refusal: str = ""

    @property
    def shown(self) -> bool:
        return not self.refusal and self.value is not None


def nw_median(benchmark: MeasureBenchmark | None, period_label: str) -> Comparator:
    label = "North West median of councils’ returns"
    count = benchmark.nw_count if benchmark else 0
    if benchmark is None or benchmark.nw_median is None:
        return Comparator("nw_median", label, None, "", f"No accepted figures in {period_label}")
    detail = f"median of {councils_possessive(count)} accepted returns, {period_label}"
    if is_too_few(count):
        return Comparator("nw_median", label, None, detail, too_few_words(count))
    return Comparator("nw_median", label, benchmark.nw_median, detail)


def published_region(benchmark: MeasureBenchmark | None) -> Comparator:
    label = "Published North West figure"
    if benchmark is None or benchmark.region_value is None:
        return Comparator("nw_published", label, None, "", "Not published")
    detail = f"NHS England’s published figure for the region, {benchmark.region_year_label}"
    return Comparator("nw_published", label, benchmark.region_value, detail)


def published_england(benchmark: MeasureBenchmark | None) -> Comparator:
    label = "Published England figure"
    if benchmark is None or benchmark.england_value is None:
        return Comparator("england", label, None, "", "Not published")
    detail = f"NHS England’s published figure, {benchmark.england_year_label}"
    return Comparator("england", label, benchmark.england_value, detail)


def same_type_median(
    council: Council, position: CouncilPosition | None, period_label: str
) -> Comparator:
    kind = SAME_TYPE_WORDS.get(council.authority_type, "councils of the same type")
    label = f"Median of {kind} (same type)"
    if position is None or position.value is None:
        return Comparator("same_type", label, None, "", "No figure to compare")
    count = position.same_type_count
    detail = f"median of {councils_possessive(count)} accepted returns, {period_label}"
    if is_too_few(count) or position.same_type_median is None:
        return Comparator("same_type", label, None, detail, too_few_words(count))
    return Comparator("same_type", label, position.same_type_median, detail)


def neighbours_median(council: Council, neighbours: PublishedPosition | None) -> Comparator:
    label = f"CIPFA nearest neighbours’ median (excluding {council.name})"
    if neighbours is None:
        return Comparator("neighbours", label, None, "", "No published comparison")
    group = neighbours.peer_group
    named = f"; list: {group.list_name}" if group is not None else ""
    detail = (
        f"median of {neighbours.count} neighbours’ published figures, "
        f"{year_label(neighbours.year)}{named}"
    )
    if is_too_few(neighbours.count):
        return Comparator("neighbours", label, None, detail, too_few_words(neighbours.count))
    return Comparator("neighbours", label, neighbours.median, detail)


def figure_comparators(
    *,
    council: Council,
    benchmark: MeasureBenchmark | None,
    position: CouncilPosition | None,
    neighbours: PublishedPosition | None,
    period_label: str,
) -> list[Comparator]:
    """Every comparator of a council's figure for a quarter, side by side in a fixed order."""
    return [
        nw_median(benchmark, period_label),
        published_region(benchmark),
        published_england(benchmark),
        same_type_median(council, position, period_label),
        neighbours_median(council, neighbours),
    ]
