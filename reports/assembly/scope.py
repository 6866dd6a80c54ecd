"""The Account's scope: which year, up to which quarter, as at which quarter."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from returns.models import Period
from scorecard.models import (
    Judgement,
    MeasureBenchmark,
    Rating,
)
from scorecard.templatetags.charts import figure
from sli_portal.financial_years import quarter_label, year_label

AUTHOR = "North West ADASS"
# "Exceptional and sustained on at least 75% of submitted items" (Halton minutes).
TEASC_THRESHOLD = 0.75
# Worst to best, by a rating's stored value.
RATING_ORDER: dict[str, int] = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}
# The columns of the region-by-domain table: each rating, then no published rating.
NOT_PUBLISHED = "not_published"
RATING_COLUMNS: list[tuple[str, str]] = [*Rating.choices, (NOT_PUBLISHED, "Not published")]


class NoAccountData(Exception):
    """The year (or quarter) has nothing published to make an Account from."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def format_figure(value: float | None, places: int) -> str:
    """A figure as the Account prints it (the scorecard pages' format)."""
    return figure(value, places)


@dataclass(frozen=True)
class Scope:
    """The financial year, the optional last quarter asked for, the quarter the figures are as
    at (the latest in range with anything published), and the same quarter a year earlier."""

    year: int
    up_to: Period | None
    period: Period
    last_year: Period | None

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def title(self) -> str:
        if self.up_to is not None:
            return f"North West Regional Account {self.year_label}, up to Q{self.up_to.quarter}"
        return f"North West Regional Account {self.year_label}"


def years_with_data() -> list[int]:
    """Financial years with a published judgement or stored comparators, newest first."""
    published = Judgement.objects.filter(period=OuterRef("pk"), published_at__isnull=False)
    compared = MeasureBenchmark.objects.filter(period=OuterRef("pk"), nw_count__gt=0)
    years = (
        Period.objects.filter(Exists(published) | Exists(compared))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def scope_resolve(*, year: int, quarter: int | None = None) -> Scope:
    """The Account's scope, or :class:`NoAccountData` saying why there is none. Two queries."""
    published = Judgement.objects.filter(period=OuterRef("pk"), published_at__isnull=False)
    compared = MeasureBenchmark.objects.filter(period=OuterRef("pk"), nw_count__gt=0)
    periods = list(
        Period.objects.filter(year__in=[year, year - 1])
        .annotate(has_data=Exists(published) | Exists(compared))
        .order_by("year", "quarter")
    )
    this_year = [p for p in periods if p.year == year]
    up_to = None
    if quarter is not None:
        up_to = next((p for p in this_year if p.quarter == quarter), None)
        if up_to is None:
            raise NoAccountData(f"{quarter_label(year, quarter)} is not a quarter in the portal.")
    in_range = [p for p in this_year if quarter is None or p.quarter <= quarter]
    with_data = [p for p in in_range if getattr(p, "has_data", False)]
    if not with_data:
        where = f"{year_label(year)} up to Q{quarter}" if quarter else year_label(year)
        raise NoAccountData(
            f"There is no published scorecard or comparator data for {where}: "
            "no Regional Account can be made for it."
        )
    period = with_data[-1]
    last_year = next(
        (p for p in periods if p.year == year - 1 and p.quarter == period.quarter), None
    )
    return Scope(year=year, up_to=up_to, period=period, last_year=last_year)


# --- What the document shows -----------------------------------------------------------------
