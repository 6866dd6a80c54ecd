"""An Oflog adult social care metric's page: each North West council's published figure for a
year beside Oflog's own national median and the council's distance from it in MADs, as Oflog
published them. Oflog's metrics are annual and are not part of the quarterly return."""

from dataclasses import dataclass

from authorities.models import Council
from returns.models import GeographyLevel, Measure, PublishedValue
from sli_portal.financial_years import year_label


@dataclass(frozen=True)
class OflogRow:
    council: Council
    value: float | None
    mads: float | None
    missing_reason: str

    @property
    def mads_words(self) -> str:
        if self.mads is None:
            return "No figure" if self.value is None else "Not published"
        if self.mads == 0:
            return "At the national median"
        side = "above" if self.mads > 0 else "below"
        return f"{abs(self.mads):.2f} MADs {side} the national median"


@dataclass(frozen=True)
class OflogPage:
    measure: Measure
    year: int | None
    years: list[int]
    national_median: float | None
    rows: list[OflogRow]

    @property
    def year_label(self) -> str:
        return year_label(self.year) if self.year is not None else ""

    @property
    def year_options(self) -> list[tuple[int, str]]:
        return [(y, year_label(y)) for y in self.years]

    @property
    def with_figures(self) -> int:
        return sum(1 for r in self.rows if r.value is not None)


def oflog_page_get(*, measure: Measure, year: int | None) -> OflogPage:
    """The NW councils' figures for one Oflog metric and year with Oflog's national median and
    MADs from it (the latest year when none is asked for). Three queries."""
    years = sorted(
        set(
            PublishedValue.objects.filter(measure=measure, level=GeographyLevel.COUNCIL)
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )
    if year is None or year not in years:
        year = years[0] if years else None
    if year is None:
        return OflogPage(measure, None, [], None, [])
    councils = {c.ons_code: c for c in Council.objects.order_by("name")}
    published = {
        v.geography: v
        for v in PublishedValue.objects.filter(
            measure=measure, level=GeographyLevel.COUNCIL, year=year, geography__in=councils
        )
    }
    rows = [
        OflogRow(
            council,
            published[code].value,
            published[code].reference_mads,
            published[code].missing_reason,
        )
        for code, council in councils.items()
        if code in published
    ]
    medians = [v.reference_median for v in published.values() if v.reference_median is not None]
    return OflogPage(measure, year, years, medians[0] if medians else None, rows)
