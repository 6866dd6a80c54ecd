"""Quarterly comparators from councils' accepted returns (:func:`comparators_recompute`): per
measure the North West statistics and England's published figure; per council and measure its
rank, quartile, direction of travel and distance from the NW and same-type medians; per council
its TEASC summary. The rules are set out in :mod:`scorecard.comparators`."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import F

from authorities.models import Council
from returns.models import (
    WHOLE_YEAR,
    GeographyLevel,
    Measure,
    Period,
    Polarity,
    PublishedValue,
    ReturnValue,
)
from scorecard.comparators.statistics import (
    POLARITIES,
    bands,
    distance_in_mads,
    group_statistics,
)
from scorecard.comparators.storage import insert_rows, stored_float, stored_floats, stored_ints
from scorecard.models import (
    MIN_GROUP_SIZE,
    TREND_PERIODS,
    CouncilPosition,
    Direction,
    MeasureBenchmark,
    TeascComparator,
    TeascSummary,
)

# A change of less than this share of the earlier value over four quarters counts as stable.
DIRECTION_THRESHOLD = 0.02


@dataclass(frozen=True)
class RecomputeResult:
    """What one quarterly recompute stored: benchmarks (one per measure), positions (one per
    council and measure in an accepted return, ``missing`` of them without a figure) and TEASC
    summaries (one per council with an accepted return)."""

    benchmarks: int
    positions: int
    missing: int = 0
    teasc_summaries: int = 0


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
    and period (a blank figure as NaN), in one query."""
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


# The ONS code of the North West region in the published national figures.
NORTH_WEST_CODE = "E12000002"


def published_figures(
    measures: list[Measure], year: int, *, level: str, geography: str | None = None
) -> dict[int, tuple[float | None, int]]:
    """The published figure per measure at ``level`` (England, or a region by ``geography``)
    for ``year`` or the latest earlier year, following each measure's predecessor (never across
    a changed definition: no predecessor is set then). One query."""
    chain: dict[int, int] = {}
    for measure in measures:
        chain[measure.pk] = measure.pk
        if measure.predecessor_id:
            chain[measure.predecessor_id] = measure.pk
    published = PublishedValue.objects.filter(
        level=level,
        measure_id__in=chain,
        year__lte=year,
        month=WHOLE_YEAR,
        value__isnull=False,
    )
    if geography is not None:
        published = published.filter(geography=geography)
    best: dict[int, tuple[float | None, int]] = {}
    for measure_id, value_year, value in published.values_list("measure_id", "year", "value"):
        target = chain[measure_id]
        if target not in best or value_year > best[target][1]:
            best[target] = (value, value_year)
    return best


def _directions(history: np.ndarray, polarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Direction of travel and change for each row of ``history`` (quarters in order, NaN where
    no figure): the latest figure against the earliest of the window; UNKNOWN unless the latest
    quarter and at least one other have figures; a change under 2% of the earlier figure (or
    of 1 when it is 0) is STABLE; otherwise by polarity, or RISING/FALLING without one."""
    present = ~np.isnan(history)
    first = pd.DataFrame(history).bfill(axis=1).to_numpy(dtype=float)[:, 0]
    known = (present.sum(axis=1) >= 2) & present[:, -1]
    change = np.where(known, history[:, -1] - first, np.nan)
    scale = np.where(first != 0, np.abs(first), 1.0)
    with np.errstate(invalid="ignore"):
        stable = np.abs(change) / scale < DIRECTION_THRESHOLD
        rising = change > 0
    higher, lower = polarity == Polarity.HIGHER, polarity == Polarity.LOWER
    direction = np.select(
        [~known, stable, higher, lower],
        [
            Direction.UNKNOWN.value,
            Direction.STABLE.value,
            np.where(rising, Direction.IMPROVING.value, Direction.WORSENING.value),
            np.where(rising, Direction.WORSENING.value, Direction.IMPROVING.value),
        ],
        default=np.where(rising, Direction.RISING.value, Direction.FALLING.value),
    ).astype(object)
    return direction, change


def _trends(history: np.ndarray, labels: list[str]) -> list[list[list[object]]]:
    """``[[period label, value or None], ...]`` for each row of ``history``."""
    cells = history.astype(object)
    cells[np.isnan(history)] = None
    return [[[label, cell] for label, cell in zip(labels, row, strict=True)] for row in cells]


def compute(
    values: pd.DataFrame,
    measures: list[Measure],
    window: list[Period],
    period: Period,
    council_types: Mapping[int, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure computation: (benchmarks per measure, positions per council and measure).

    ``values`` has council_id, measure_id, period_id and value (NaN for a blank figure) for the
    quarters of ``window``; ``council_types`` maps council id to authority type (councils not in
    it have no same-type group). Positions: one per council and measure with a row in
    ``period``; a blank figure gives a position with no value, band NO_VALUE, left out of every
    group and counted in the benchmark's ``nw_missing``."""
    polarity = {m.pk: m.effective_polarity for m in measures}
    current = values[values["period_id"] == period.pk]
    stats = _nw_benchmarks(current, measures)
    positions = current[["council_id", "measure_id", "value"]].reset_index(drop=True)
    positions["polarity"] = positions["measure_id"].map(polarity)
    positions = _nw_positions(positions, stats)
    positions = _same_type(positions, current, council_types or {})
    history = _history(values, positions, window)
    positions["direction"], positions["change"] = _directions(
        history, positions["polarity"].to_numpy(dtype=object)
    )
    positions["trend"] = _trends(history, [p.label for p in window])
    return stats, positions


def _nw_benchmarks(current: pd.DataFrame, measures: list[Measure]) -> pd.DataFrame:
    """The North West statistics of each measure, in the order of ``measures`` (count 0 for a
    measure without figures), with ``nw_missing`` the blank figures left out."""
    nw = group_statistics(current, ["measure_id"]).add_prefix("nw_")
    stats = nw.reindex([m.pk for m in measures])
    stats["nw_count"] = stats["nw_count"].fillna(0).astype(int)
    stats["nw_missing"] = stats.pop("nw_suppressed").fillna(0).astype(int)
    return stats


def _nw_positions(positions: pd.DataFrame, stats: pd.DataFrame) -> pd.DataFrame:
    """Add each position's place in the North West: its rank (1 = best by polarity; only for a
    figure of a measure with a polarity) of how many, the quarter of NW values it falls in, the
    NW mean, its distance from the NW median in MADs and its band."""
    has_value = positions["value"].notna()
    polar = positions["polarity"].isin(POLARITIES) & has_value
    by_measure = positions.groupby("measure_id")["value"]
    rank = np.where(
        positions["polarity"] == Polarity.HIGHER,
        by_measure.rank(method="min", ascending=False),
        by_measure.rank(method="min", ascending=True),
    )
    positions["rank"] = np.where(polar, rank, np.nan)
    positions["ranked_of"] = np.where(polar, by_measure.transform("count"), np.nan)
    joined = positions.join(stats, on="measure_id")
    quartile = np.select(
        [
            joined["value"] <= joined["nw_lower_quartile"],
            joined["value"] <= joined["nw_median"],
            joined["value"] <= joined["nw_upper_quartile"],
        ],
        [1, 2, 3],
        default=4,
    )
    positions["value_quartile"] = np.where(has_value, quartile, np.nan)
    positions["nw_mean"] = joined["nw_mean"].to_numpy()
    positions["nw_median"] = joined["nw_median"].to_numpy()
    positions["nw_count"] = joined["nw_count"].to_numpy()
    positions["nw_mads"] = distance_in_mads(
        positions["value"], joined["nw_median"], joined["nw_mad"]
    )
    positions["band"] = bands(
        positions["value"], positions["nw_mads"], positions["polarity"], joined["nw_count"]
    )
    return positions


def _history(values: pd.DataFrame, positions: pd.DataFrame, window: list[Period]) -> np.ndarray:
    """Each position's figures over the quarters of ``window`` in order, one row per position
    (NaN where there is no figure)."""
    order = [p.pk for p in window]
    wide = (
        values[values["period_id"].isin(order)]
        .set_index(["council_id", "measure_id", "period_id"])["value"]
        .unstack("period_id")
        .reindex(columns=order)
    )
    keys = pd.MultiIndex.from_arrays([positions["council_id"], positions["measure_id"]])
    history: np.ndarray = wide.reindex(keys).to_numpy(dtype=float)
    return history.reshape(len(positions), len(order))


def _same_type(
    positions: pd.DataFrame, current: pd.DataFrame, council_types: Mapping[int, str]
) -> pd.DataFrame:
    """Add each position's same-type group (count, median, distance, band): the councils of its
    authority type with a figure for the measure in the quarter."""
    typed = current.assign(authority_type=current["council_id"].map(council_types))
    stats = group_statistics(
        typed.dropna(subset=["authority_type"]), ["measure_id", "authority_type"]
    )
    positions["authority_type"] = positions["council_id"].map(council_types)
    joined = positions.merge(
        stats[["count", "median", "mad"]].reset_index(),
        on=["measure_id", "authority_type"],
        how="left",
    )
    positions["same_type_count"] = joined["count"].fillna(0).astype(int).to_numpy()
    positions["same_type_median"] = joined["median"].to_numpy()
    positions["same_type_mads"] = distance_in_mads(
        positions["value"], joined["median"], joined["mad"]
    )
    positions["same_type_band"] = bands(
        positions["value"],
        positions["same_type_mads"],
        positions["polarity"],
        positions["same_type_count"],
    )
    return positions


def teasc_summaries(
    positions: pd.DataFrame, published: Mapping[str, Mapping[int, float | None]] | None = None
) -> pd.DataFrame:
    """Per council and comparator (index ``council_id``, column ``comparator``): ``items``
    (its figures for measures with a declared polarity and a comparator to set them against),
    ``better`` (of those, strictly better than the comparator by polarity), ``improving``
    (direction IMPROVING) and ``better_and_improving`` (both).

    Comparators: the NW median and the same-type median (only over at least 8 councils'
    figures), and the published North West and England figures in ``published`` (by
    comparator, then measure id). Every council with a position has a row per comparator,
    with zeros if it has no such items."""
    published = published or {}
    count = positions["nw_count"].fillna(0)
    against = {
        TeascComparator.NW_MEDIAN: positions["nw_median"].where(count >= MIN_GROUP_SIZE),
        TeascComparator.SAME_TYPE: positions["same_type_median"].where(
            positions["same_type_count"] >= MIN_GROUP_SIZE
        ),
        TeascComparator.NW_PUBLISHED: _published_column(
            positions, published.get(TeascComparator.NW_PUBLISHED, {})
        ),
        TeascComparator.ENGLAND: _published_column(
            positions, published.get(TeascComparator.ENGLAND, {})
        ),
    }
    return pd.concat(
        [_teasc_counts(positions, comparator, value) for comparator, value in against.items()]
    )


def _published_column(positions: pd.DataFrame, figures: Mapping[int, float | None]) -> pd.Series:
    return positions["measure_id"].map(lambda m: figures.get(m)).astype(float)


def _teasc_counts(positions: pd.DataFrame, comparator: str, against: pd.Series) -> pd.DataFrame:
    polarity, value = positions["polarity"], positions["value"]
    items = polarity.isin(POLARITIES) & value.notna() & against.notna()
    better = items & (
        ((polarity == Polarity.HIGHER) & (value > against))
        | ((polarity == Polarity.LOWER) & (value < against))
    )
    improving = items & (positions["direction"] == Direction.IMPROVING)
    flags = pd.DataFrame(
        {
            "council_id": positions["council_id"],
            "items": items,
            "better": better,
            "improving": improving,
            "better_and_improving": better & improving,
        }
    )
    counts = flags.groupby("council_id").sum().astype(int)
    counts.insert(0, "comparator", str(comparator))
    return counts


@transaction.atomic
def comparators_recompute(*, period: Period) -> RecomputeResult:
    """Recompute and store every comparator for ``period``: benchmarks, positions and TEASC
    summaries. Safe to run any number of times: the period's rows are replaced in one
    transaction."""
    measures = list(Measure.objects.in_return())
    window = _window(period)
    values = accepted_values(window)
    council_types = dict(Council.objects.values_list("pk", "authority_type"))
    stats, positions = compute(values, measures, window, period, council_types)
    england = published_figures(measures, period.year, level=GeographyLevel.ENGLAND)
    region = published_figures(
        measures, period.year, level=GeographyLevel.REGION, geography=NORTH_WEST_CODE
    )
    published = {
        TeascComparator.ENGLAND.value: {m: v for m, (v, _) in england.items()},
        TeascComparator.NW_PUBLISHED.value: {m: v for m, (v, _) in region.items()},
    }

    MeasureBenchmark.objects.filter(period=period).delete()
    CouncilPosition.objects.filter(period=period).delete()
    TeascSummary.objects.filter(period=period).delete()
    return RecomputeResult(
        benchmarks=_benchmarks_store(period, stats, england, region),
        positions=_positions_store(period, positions),
        missing=int(positions["value"].isna().sum()),
        teasc_summaries=_teasc_store(period, teasc_summaries(positions, published)),
    )


def _benchmarks_store(
    period: Period,
    stats: pd.DataFrame,
    england: Mapping[int, tuple[float | None, int]],
    region: Mapping[int, tuple[float | None, int]],
) -> int:
    benchmarks = [
        MeasureBenchmark(
            measure_id=measure_id,
            period=period,
            nw_count=int(row.nw_count),
            nw_mean=stored_float(row.nw_mean),
            nw_median=stored_float(row.nw_median),
            nw_lower_quartile=stored_float(row.nw_lower_quartile),
            nw_upper_quartile=stored_float(row.nw_upper_quartile),
            nw_mad=stored_float(row.nw_mad),
            england_value=england.get(measure_id, (None, None))[0],
            england_year=england.get(measure_id, (None, None))[1],
            region_value=region.get(measure_id, (None, None))[0],
            region_year=region.get(measure_id, (None, None))[1],
        )
        for measure_id, row in zip(stats.index, stats.itertuples(index=False), strict=True)
    ]
    MeasureBenchmark.objects.bulk_create(benchmarks)
    return len(benchmarks)


def _positions_store(period: Period, positions: pd.DataFrame) -> int:
    return insert_rows(
        CouncilPosition,
        {
            "council": stored_ints(positions["council_id"]),
            "measure": stored_ints(positions["measure_id"]),
            "period": [period.pk] * len(positions),
            "value": stored_floats(positions["value"]),
            "rank": stored_ints(positions["rank"]),
            "ranked_of": stored_ints(positions["ranked_of"]),
            "value_quartile": stored_ints(positions["value_quartile"]),
            "direction": positions["direction"].tolist(),
            "change": stored_floats(positions["change"]),
            "nw_mads": stored_floats(positions["nw_mads"]),
            "band": positions["band"].tolist(),
            "same_type_count": stored_ints(positions["same_type_count"]),
            "same_type_median": stored_floats(positions["same_type_median"]),
            "same_type_mads": stored_floats(positions["same_type_mads"]),
            "same_type_band": positions["same_type_band"].tolist(),
            "trend": [json.dumps(trend) for trend in positions["trend"]],
        },
    )


def _teasc_store(period: Period, teasc: pd.DataFrame) -> int:
    summaries = [
        TeascSummary(
            council_id=int(council_id),
            period=period,
            comparator=row.comparator,
            items=int(row.items),
            better=int(row.better),
            improving=int(row.improving),
            better_and_improving=int(row.better_and_improving),
        )
        for council_id, row in zip(teasc.index, teasc.itertuples(index=False), strict=True)
    ]
    TeascSummary.objects.bulk_create(summaries)
    # One summary per council, whatever the comparators counted.
    return len({s.council_id for s in summaries})


def periods_with_accepted_returns() -> Iterable[Period]:
    """Every quarter with at least one accepted return, in order."""
    return Period.objects.filter(returns__accepted_version__isnull=False).distinct()
