"""A quarter's published figure made from a monthly measure's stored months by the measure's
quarter rule (sum, mean or last month). A quarter lacking any of its months, or with a month
published as missing, has no figure: it is never made from fewer months."""

from dataclasses import dataclass

from returns.models import GeographyLevel, Measure, Periodicity, PublishedValue, QuarterRule

# The calendar months of each financial-year quarter (Q1 = April to June).
QUARTER_MONTHS: dict[int, tuple[int, int, int]] = {
    1: (4, 5, 6),
    2: (7, 8, 9),
    3: (10, 11, 12),
    4: (1, 2, 3),
}


@dataclass(frozen=True)
class QuarterFigure:
    """A geography's figure for the quarter (None when it cannot be made) and why not."""

    geography: str
    geography_name: str
    value: float | None
    missing_reason: str = ""


def quarter_figures(
    *, measure: Measure, year: int, quarter: int, level: str = GeographyLevel.COUNCIL
) -> dict[str, QuarterFigure]:
    """Each geography's figure at ``level`` for quarter ``quarter`` of financial year ``year``
    (2019 for 2019/20), by ``measure``'s quarter rule. One query."""
    if measure.periodicity != Periodicity.MONTHLY or measure.quarter_rule not in (
        QuarterRule.SUM,
        QuarterRule.MEAN,
        QuarterRule.LAST,
    ):
        raise ValueError(f"{measure.code} is not a monthly measure with a quarter rule")
    months = QUARTER_MONTHS[quarter]
    stored: dict[str, dict[int, PublishedValue]] = {}
    for value in PublishedValue.objects.filter(
        measure=measure, year=year, month__in=months, level=level
    ):
        stored.setdefault(value.geography, {})[value.month] = value
    return {
        geography: _quarter(geography, by_month, months, measure.quarter_rule)
        for geography, by_month in sorted(stored.items())
    }


def _quarter(
    geography: str, by_month: dict[int, PublishedValue], months: tuple[int, ...], rule: str
) -> QuarterFigure:
    name = next(iter(by_month.values())).geography_name
    absent = [m for m in months if m not in by_month]
    if absent:
        return QuarterFigure(geography, name, None, "not every month of the quarter is published")
    values = [by_month[m].value for m in months]
    if any(v is None for v in values):
        reasons = {by_month[m].missing_reason for m in months if by_month[m].value is None}
        return QuarterFigure(geography, name, None, "; ".join(sorted(reasons)))
    figures = [float(v) for v in values if v is not None]
    if rule == QuarterRule.SUM:
        return QuarterFigure(geography, name, sum(figures))
    if rule == QuarterRule.MEAN:
        return QuarterFigure(geography, name, sum(figures) / len(figures))
    return QuarterFigure(geography, name, figures[-1])
