"""The one module that computes comparators, vectorised with pandas and stored per period.

For every measure collected in the return and every quarter: the North West mean, median and
quartiles over councils' accepted figures; England's published figure for that financial year
(or the latest earlier one, following the measure's predecessor across the 2023 renumbering);
and for each council its rank in the region (1 = best, by polarity), the quarter of NW values
it falls in, and its direction of travel over the last four quarters. Pages only read what is
stored here.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import F

from returns.models import GeographyLevel, Measure, Period, Polarity, PublishedValue, ReturnValue
from scorecard.models import CouncilPosition, Direction, MeasureBenchmark

# A change of less than this share of the earlier value over four quarters counts as stable.
DIRECTION_THRESHOLD = 0.02
TREND_PERIODS = 4


@dataclass(frozen=True)
class RecomputeResult:
    benchmarks: int
    positions: int


def _window(period: Period) -> list[Period]:
    periods = {
        p.index: p for p in Period.objects.filter(year__gte=period.year - 1, year__lte=period.year)
    }
    return [
        periods[i]
        for i in range(period.index - TREND_PERIODS + 1, period.index + 1)
        if i in periods
    ]


def accepted_values(periods: list[Period]) -> pd.DataFrame:
    """Accepted figures of every council for the given quarters, one row per council, measure
    and period, in one query."""
    rows = ReturnValue.objects.filter(
        version__return_obj__period__in=periods,
        version__return_obj__accepted_version=F("version"),
    ).values_list(
        "version__return_obj__council_id", "measure_id", "version__return_obj__period_id", "value"
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["council_id", "measure_id", "period_id", "value"]
    )
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    return frame


def _england(measures: list[Measure], year: int) -> dict[int, tuple[float | None, int]]:
    """England's published figure per measure for ``year`` or the latest earlier year, following
    each measure's predecessor (never across a changed definition: no predecessor is set then)."""
    chain: dict[int, int] = {}
    for measure in measures:
        chain[measure.pk] = measure.pk
        if measure.predecessor_id:
            chain[measure.predecessor_id] = measure.pk
    published = PublishedValue.objects.filter(
        level=GeographyLevel.ENGLAND, measure_id__in=chain, year__lte=year, value__isnull=False
    ).values_list("measure_id", "year", "value")
    best: dict[int, tuple[float | None, int]] = {}
    for measure_id, value_year, value in published:
        target = chain[measure_id]
        if target not in best or value_year > best[target][1]:
            best[target] = (value, value_year)
    return best


def _direction(first: float, last: float, polarity: str) -> tuple[str, float]:
    change = last - first
    scale = abs(first) if first else 1.0
    if abs(change) / scale < DIRECTION_THRESHOLD:
        return Direction.STABLE, change
    rising = change > 0
    if polarity == Polarity.HIGHER:
        return (Direction.IMPROVING if rising else Direction.WORSENING), change
    if polarity == Polarity.LOWER:
        return (Direction.WORSENING if rising else Direction.IMPROVING), change
    return (Direction.RISING if rising else Direction.FALLING), change


def compute(
    values: pd.DataFrame, measures: list[Measure], window: list[Period], period: Period
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure computation: (benchmarks per measure, positions per council and measure)."""
    polarity = {m.pk: m.polarity for m in measures}
    current = values[(values["period_id"] == period.pk) & values["value"].notna()]
    grouped = current.groupby("measure_id")["value"]
    stats = pd.DataFrame(
        {
            "nw_count": grouped.count(),
            "nw_mean": grouped.mean(),
            "nw_median": grouped.median(),
            "nw_lower_quartile": grouped.quantile(0.25),
            "nw_upper_quartile": grouped.quantile(0.75),
        }
    ).reindex([m.pk for m in measures])
    stats["nw_count"] = stats["nw_count"].fillna(0).astype(int)

    positions = current[["council_id", "measure_id", "value"]].copy()
    positions["polarity"] = positions["measure_id"].map(polarity)
    higher = positions["polarity"] == Polarity.HIGHER
    lower = positions["polarity"] == Polarity.LOWER
    by_measure = positions.groupby("measure_id")["value"]
    rank_desc = by_measure.rank(method="min", ascending=False)
    rank_asc = by_measure.rank(method="min", ascending=True)
    positions["rank"] = np.where(higher, rank_desc, np.where(lower, rank_asc, np.nan))
    positions["ranked_of"] = np.where(higher | lower, by_measure.transform("count"), np.nan)
    joined = positions.join(
        stats[["nw_lower_quartile", "nw_median", "nw_upper_quartile"]], on="measure_id"
    )
    positions["value_quartile"] = np.select(
        [
            joined["value"] <= joined["nw_lower_quartile"],
            joined["value"] <= joined["nw_median"],
            joined["value"] <= joined["nw_upper_quartile"],
        ],
        [1, 2, 3],
        default=4,
    )

    order = [p.pk for p in window]
    labels = {p.pk: p.label for p in window}
    wide = (
        values[values["period_id"].isin(order)]
        .pivot_table(
            index=["council_id", "measure_id"], columns="period_id", values="value", aggfunc="first"
        )
        .reindex(columns=order)
    )
    trends: dict[tuple[int, int], list[list[object]]] = {}
    directions: dict[tuple[int, int], tuple[str, float | None]] = {}
    for key, row in zip(wide.index, wide.to_numpy(), strict=True):
        trends[key] = [
            [labels[pid], None if np.isnan(v) else float(v)]
            for pid, v in zip(order, row, strict=True)
        ]
        present = row[~np.isnan(row)]
        if len(present) >= 2 and not np.isnan(row[-1]):
            directions[key] = _direction(float(present[0]), float(present[-1]), polarity[key[1]])
        else:
            directions[key] = (Direction.UNKNOWN, None)
    keys = list(zip(positions["council_id"], positions["measure_id"], strict=True))
    positions["direction"] = [directions.get(k, (Direction.UNKNOWN, None))[0] for k in keys]
    positions["change"] = [directions.get(k, (Direction.UNKNOWN, None))[1] for k in keys]
    positions["trend"] = [trends.get(k, []) for k in keys]
    return stats, positions


def _none(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


@transaction.atomic
def comparators_recompute(*, period: Period) -> RecomputeResult:
    """Recompute and store every comparator for ``period``. Safe to run any number of times:
    the period's rows are replaced in one transaction."""
    measures = list(Measure.objects.in_return())
    window = _window(period)
    values = accepted_values(window)
    stats, positions = compute(values, measures, window, period)
    england = _england(measures, period.year)

    MeasureBenchmark.objects.filter(period=period).delete()
    CouncilPosition.objects.filter(period=period).delete()
    benchmarks = [
        MeasureBenchmark(
            measure_id=measure_id,
            period=period,
            nw_count=int(row.nw_count),
            nw_mean=_none(row.nw_mean),
            nw_median=_none(row.nw_median),
            nw_lower_quartile=_none(row.nw_lower_quartile),
            nw_upper_quartile=_none(row.nw_upper_quartile),
            england_value=england.get(measure_id, (None, None))[0],
            england_year=england.get(measure_id, (None, None))[1],
        )
        for measure_id, row in stats.iterrows()
    ]
    MeasureBenchmark.objects.bulk_create(benchmarks)
    rows = [
        CouncilPosition(
            council_id=int(row.council_id),
            measure_id=int(row.measure_id),
            period=period,
            value=_none(row.value),
            rank=None if np.isnan(row.rank) else int(row.rank),
            ranked_of=None if np.isnan(row.ranked_of) else int(row.ranked_of),
            value_quartile=int(row.value_quartile),
            direction=row.direction,
            change=_none(row.change),
            trend=row.trend,
        )
        for row in positions.itertuples(index=False)
    ]
    CouncilPosition.objects.bulk_create(rows, batch_size=1000)
    return RecomputeResult(len(benchmarks), len(rows))
