"""The one module that computes comparators, vectorised with pandas and stored, so pages only
read what is stored here.

Quarterly, from accepted returns (:func:`comparators_recompute`): for every measure collected
in the return, the North West mean, median, quartiles and MAD over councils' accepted figures;
England's published figure for that financial year (or the latest earlier one, following the
measure's predecessor across the 2023 renumbering); for each council its rank in the region
(1 = best, by polarity), the quarter of NW values it falls in, its direction of travel over the
last four quarters, its distance from the NW median in MADs and its band, the same among
councils of its type; and each council's TEASC summary.

Annually, from the published national figures of all English councils
(:func:`published_comparators_recompute`): England, councils of the same type, the North West,
and each NW council's own CIPFA and NHS England peer groups; and where each NW council stands in
each.

Rules shared by both:

- **MAD** is the unscaled median of absolute deviations from the median, over the group's
  councils with a figure (Oflog's ``MADs_from_median``); a council's distance is
  (value - median) / MAD.
- **Bands** by the distance's size: under 0.5 broadly similar; 0.5 to under 1.5 slightly;
  1.5 to under 3 better or worse; 3 to 7.5 much; beyond 7.5 left for a person to describe.
  Better or worse follows the measure's polarity. The size is rounded to 9 decimal places first,
  so floating-point noise (``(7.7 - 7.6) / 0.3``) never moves a figure across an edge.
- **Never banded**: a measure without a declared polarity (``NOT_BANDED``); a group of fewer
  than 8 figures (``TOO_SMALL``); no figure (``NO_VALUE``), in that order of precedence.
- **MAD of 0** (at least half the group share the median's value): a council at the median is
  0 MADs away (``SIMILAR``); any other council is an infinite distance away, stored as no
  distance (``None``) and banded ``BEYOND``, for a person to describe.
- **Missing or suppressed figures** are left out of every group and counted: quarterly as
  positions with no value (band ``NO_VALUE``), annually in the benchmark's ``suppressed``.
- Distances are stored even for groups too small to band; the band says whether to use them.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, models, transaction
from django.db.models import F

from authorities.models import AuthorityType, ComparatorGroupMember, Council
from authorities.models import ComparatorGroup as PeerGroup
from returns.models import GeographyLevel, Measure, Period, Polarity, PublishedValue, ReturnValue
from scorecard.models import (
    Band,
    ComparatorGroup,
    CouncilPosition,
    Direction,
    MeasureBenchmark,
    PublishedBenchmark,
    PublishedPosition,
    TeascSummary,
)

# A change of less than this share of the earlier value over four quarters counts as stable.
DIRECTION_THRESHOLD = 0.02
TREND_PERIODS = 4
# Groups of fewer figures than this are never banded.
MIN_GROUP_SIZE = 8
# Band edges in MADs: under SIMILAR_BELOW similar, under SLIGHTLY_BELOW slightly, under
# PLAIN_BELOW better/worse, up to and including MUCH_UP_TO much better/worse, beyond: BEYOND.
SIMILAR_BELOW, SLIGHTLY_BELOW, PLAIN_BELOW, MUCH_UP_TO = 0.5, 1.5, 3.0, 7.5
BAND_DECIMALS = 9
POLARITIES = (Polarity.HIGHER.value, Polarity.LOWER.value)

# Council type from the ONS code's prefix, for councils outside the portal.
COUNCIL_TYPE_BY_PREFIX: dict[str, str] = {
    "E06": AuthorityType.UNITARY.value,
    "E08": AuthorityType.METROPOLITAN.value,
    "E09": AuthorityType.LONDON.value,
    "E10": AuthorityType.COUNTY.value,
}

_BETTER = np.array(
    [b.value for b in (Band.SIMILAR, Band.SLIGHTLY_BETTER, Band.BETTER, Band.MUCH_BETTER)]
    + [Band.BEYOND.value],
    dtype=object,
)
_WORSE = np.array(
    [b.value for b in (Band.SIMILAR, Band.SLIGHTLY_WORSE, Band.WORSE, Band.MUCH_WORSE)]
    + [Band.BEYOND.value],
    dtype=object,
)
# Rows per INSERT statement when storing positions (within SQLite's limit on parameters).
_ROWS_PER_INSERT = 500
_STATS = ["count", "suppressed", "mean", "median", "lower_quartile", "upper_quartile", "mad"]


@dataclass(frozen=True)
class RecomputeResult:
    """What one quarterly recompute stored: benchmarks (one per measure), positions (one per
    council and measure in an accepted return, ``missing`` of them without a figure) and TEASC
    summaries (one per council with an accepted return)."""

    benchmarks: int
    positions: int
    missing: int = 0
    teasc_summaries: int = 0


@dataclass(frozen=True)
class PublishedRecomputeResult:
    """What one annual recompute stored, and how many member figures were left out of groups
    as missing or suppressed (summed over groups)."""

    year: int
    benchmarks: int
    positions: int
    suppressed: int


# --- Shared pure functions -------------------------------------------------------------------


def group_statistics(values: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of ``keys``, over the column ``value`` (NaN = missing or suppressed): ``count``
    of figures, ``suppressed`` (NaN members, left out), ``mean``, ``median``, quartiles (linear
    interpolation), unscaled ``mad`` and ``too_small`` (fewer than 8 figures).

    Guarantees: one row per group that has any member, even if every figure is missing (then
    count 0 and NaN statistics); indexed by ``keys``."""
    missing = values.assign(_missing=values["value"].isna()).groupby(keys)["_missing"].sum()
    present = values[values["value"].notna()]
    grouped = present.groupby(keys)["value"]
    deviation = (present["value"] - grouped.transform("median")).abs()
    stats = pd.DataFrame(
        {
            "count": grouped.count(),
            "mean": grouped.mean(),
            "median": grouped.median(),
            "lower_quartile": grouped.quantile(0.25),
            "upper_quartile": grouped.quantile(0.75),
            "mad": present.assign(_deviation=deviation).groupby(keys)["_deviation"].median(),
        }
    ).reindex(missing.index)
    stats["count"] = stats["count"].fillna(0).astype(int)
    stats["suppressed"] = missing.astype(int)
    stats["too_small"] = stats["count"] < MIN_GROUP_SIZE
    return stats[[*_STATS, "too_small"]]


def distance_in_mads(value: object, median: object, mad: object) -> np.ndarray:
    """Signed distance of each value from its group's median in MADs: (value - median) / MAD.

    Guarantees: NaN where the value, median or MAD is missing; where the MAD is 0, exactly 0.0
    for a value equal to the median and +/-inf for any other value (never NaN)."""
    value_, median_, mad_ = (np.asarray(x, dtype=float) for x in (value, median, mad))
    difference = value_ - median_
    with np.errstate(divide="ignore", invalid="ignore"):
        mads = difference / mad_
    return np.where((mad_ == 0) & (difference == 0), 0.0, mads)


def bands(value: object, mads: object, polarity: object, count: object) -> np.ndarray:
    """Each figure's band (as the Band's stored value) from its distance in MADs, the measure's
    polarity and the number of figures in its group.

    Domain rule: ``NO_VALUE`` without a figure; else ``NOT_BANDED`` without a declared polarity
    (never banded); else ``TOO_SMALL`` in a group of fewer than 8 figures; else by |MADs|
    (rounded to 9 places): < 0.5 similar, < 1.5 slightly, < 3 better/worse, <= 7.5 much,
    beyond (or an infinite distance, MAD 0) ``BEYOND``; better when above the median for
    higher-is-better, below it for lower-is-better."""
    value_ = np.asarray(value, dtype=float)
    mads_ = np.asarray(mads, dtype=float)
    polarity_ = np.asarray(polarity, dtype=object)
    count_ = np.nan_to_num(np.asarray(count, dtype=float), nan=0.0)
    size = np.round(np.abs(mads_), BAND_DECIMALS)
    step = np.select(
        [size < SIMILAR_BELOW, size < SLIGHTLY_BELOW, size < PLAIN_BELOW, size <= MUCH_UP_TO],
        [0, 1, 2, 3],
        default=4,
    )
    better = np.where(polarity_ == Polarity.HIGHER, mads_ > 0, mads_ < 0)
    result = np.where(better, _BETTER[step], _WORSE[step])
    result[count_ < MIN_GROUP_SIZE] = Band.TOO_SMALL.value
    result[~np.isin(polarity_, POLARITIES)] = Band.NOT_BANDED.value
    result[np.isnan(value_)] = Band.NO_VALUE.value
    return result


def _none(value: object) -> float | None:
    """A stored float: None for a missing or infinite number."""
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if np.isfinite(number) else None


def _floats(values: object) -> list[float | None]:
    """Python floats, None for a missing or infinite number."""
    array = np.asarray(values, dtype=float)
    cells = array.astype(object)
    cells[~np.isfinite(array)] = None
    return list(cells.tolist())


def _ints(values: object) -> list[int | None]:
    """Python ints, None for a missing number."""
    array = np.asarray(values, dtype=float)
    finite = np.isfinite(array)
    cells = np.where(finite, array, 0).astype(np.int64).astype(object)
    cells[~finite] = None
    return list(cells.tolist())


def _column(model: type[models.Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} is not stored in a column")
    return column


def _insert(model: type[models.Model], columns: Mapping[str, list[Any]]) -> int:
    """Insert rows given column by column (field name: values as stored, None for NULL, JSON
    as text) in multi-row INSERTs of up to 500 rows; the number inserted.

    For the thousands of positions a recompute writes: it skips building a model instance and
    compiling SQL for each row, which is most of ``bulk_create``'s time at national scale."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(_column(model, name)) for name in columns)
    table = quote(model._meta.db_table)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    rows = list(zip(*columns.values(), strict=True))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            block = rows[start : start + _ROWS_PER_INSERT]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(block))}",
                [cell for row in block for cell in row],
            )
    return len(rows)


# --- Quarterly comparators from accepted returns ---------------------------------------------


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
    polarity = {m.pk: m.polarity for m in measures}
    current = values[values["period_id"] == period.pk]
    nw = group_statistics(current, ["measure_id"]).add_prefix("nw_")
    stats = nw.reindex([m.pk for m in measures])
    stats["nw_count"] = stats["nw_count"].fillna(0).astype(int)
    stats["nw_missing"] = stats.pop("nw_suppressed").fillna(0).astype(int)

    positions = current[["council_id", "measure_id", "value"]].reset_index(drop=True)
    positions["polarity"] = positions["measure_id"].map(polarity)
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
    positions["nw_mads"] = distance_in_mads(
        positions["value"], joined["nw_median"], joined["nw_mad"]
    )
    positions["band"] = bands(
        positions["value"], positions["nw_mads"], positions["polarity"], joined["nw_count"]
    )
    positions = _same_type(positions, current, council_types or {})

    order = [p.pk for p in window]
    wide = (
        values[values["period_id"].isin(order)]
        .set_index(["council_id", "measure_id", "period_id"])["value"]
        .unstack("period_id")
        .reindex(columns=order)
    )
    keys = pd.MultiIndex.from_arrays([positions["council_id"], positions["measure_id"]])
    history = wide.reindex(keys).to_numpy(dtype=float).reshape(len(positions), len(order))
    positions["direction"], positions["change"] = _directions(
        history, positions["polarity"].to_numpy(dtype=object)
    )
    positions["trend"] = _trends(history, [p.label for p in window])
    return stats, positions


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


def teasc_summaries(positions: pd.DataFrame) -> pd.DataFrame:
    """Per council (index): ``items`` (its figures for measures with a declared polarity),
    ``better`` (of those, better than the NW mean by polarity, strictly), ``improving``
    (direction IMPROVING) and ``better_and_improving`` (both). Every council with a position
    has a row, with zeros if it has no such items."""
    polarity, value, mean = positions["polarity"], positions["value"], positions["nw_mean"]
    items = polarity.isin(POLARITIES) & value.notna()
    better = items & (
        ((polarity == Polarity.HIGHER) & (value > mean))
        | ((polarity == Polarity.LOWER) & (value < mean))
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
    return flags.groupby("council_id").sum().astype(int)


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
    england = _england(measures, period.year)

    MeasureBenchmark.objects.filter(period=period).delete()
    CouncilPosition.objects.filter(period=period).delete()
    TeascSummary.objects.filter(period=period).delete()
    benchmarks = [
        MeasureBenchmark(
            measure_id=measure_id,
            period=period,
            nw_count=int(row.nw_count),
            nw_mean=_none(row.nw_mean),
            nw_median=_none(row.nw_median),
            nw_lower_quartile=_none(row.nw_lower_quartile),
            nw_upper_quartile=_none(row.nw_upper_quartile),
            nw_mad=_none(row.nw_mad),
            england_value=england.get(measure_id, (None, None))[0],
            england_year=england.get(measure_id, (None, None))[1],
        )
        for measure_id, row in zip(stats.index, stats.itertuples(index=False), strict=True)
    ]
    MeasureBenchmark.objects.bulk_create(benchmarks)
    stored = _insert(
        CouncilPosition,
        {
            "council": _ints(positions["council_id"]),
            "measure": _ints(positions["measure_id"]),
            "period": [period.pk] * len(positions),
            "value": _floats(positions["value"]),
            "rank": _ints(positions["rank"]),
            "ranked_of": _ints(positions["ranked_of"]),
            "value_quartile": _ints(positions["value_quartile"]),
            "direction": positions["direction"].tolist(),
            "change": _floats(positions["change"]),
            "nw_mads": _floats(positions["nw_mads"]),
            "band": positions["band"].tolist(),
            "same_type_count": _ints(positions["same_type_count"]),
            "same_type_median": _floats(positions["same_type_median"]),
            "same_type_mads": _floats(positions["same_type_mads"]),
            "same_type_band": positions["same_type_band"].tolist(),
            "trend": [json.dumps(trend) for trend in positions["trend"]],
        },
    )
    teasc = teasc_summaries(positions)
    summaries = [
        TeascSummary(
            council_id=int(council_id),
            period=period,
            items=int(row.items),
            better=int(row.better),
            improving=int(row.improving),
            better_and_improving=int(row.better_and_improving),
        )
        for council_id, row in zip(teasc.index, teasc.itertuples(index=False), strict=True)
    ]
    TeascSummary.objects.bulk_create(summaries)
    return RecomputeResult(
        benchmarks=len(benchmarks),
        positions=stored,
        missing=int(positions["value"].isna().sum()),
        teasc_summaries=len(summaries),
    )


# --- Annual comparators from published national figures --------------------------------------


def council_type_of(codes: pd.Series) -> pd.Series:
    """Council type from an ONS code's prefix (E06 unitary, E08 metropolitan district, E09
    London borough, E10 county); NaN for any other code."""
    return codes.astype(str).str[:3].map(COUNCIL_TYPE_BY_PREFIX)


def peer_groups_applicable(groups: pd.DataFrame, year: int) -> pd.DataFrame:
    """The one published peer group per council and kind that applies to ``year``, from
    ``groups`` (group_id, council_id, kind, applies_from_year).

    Rule: the group whose ``applies_from_year`` is the latest not after ``year``; if every group
    starts later, the earliest. Two lists from the same year (Trafford's Oflog and LG Inform
    2024 CIPFA lists) are settled by the lower group_id, the list loaded first."""
    applies = groups["applies_from_year"] <= year
    ranked = groups.assign(
        _applies=applies,
        _order=np.where(applies, -groups["applies_from_year"], groups["applies_from_year"]),
    )
    chosen = ranked.sort_values(
        ["council_id", "kind", "_applies", "_order", "group_id"],
        ascending=[True, True, False, True, True],
    ).drop_duplicates(["council_id", "kind"])
    return chosen[list(groups.columns)].reset_index(drop=True)


def _members(figures: pd.DataFrame, councils: pd.DataFrame, peers: pd.DataFrame) -> pd.DataFrame:
    """Every group's members' figures: measure_id, group, group_key, geography, value."""
    england = figures.assign(group=ComparatorGroup.ENGLAND.value, group_key="")
    same_type = figures.assign(
        group=ComparatorGroup.SAME_TYPE.value, group_key=council_type_of(figures["geography"])
    ).dropna(subset=["group_key"])
    region = figures[figures["geography"].isin(councils["ons_code"])].assign(
        group=ComparatorGroup.REGION.value, group_key=""
    )
    peer = peers.rename(columns={"council_code": "group_key", "neighbour_code": "geography"})
    peer_figures = peer[["group", "group_key", "geography"]].merge(figures, on="geography")
    return pd.concat([england, same_type, region, peer_figures], ignore_index=True)


def _council_groups(councils: pd.DataFrame, peers: pd.DataFrame) -> pd.DataFrame:
    """The groups each portal council belongs to: council_id, geography, group, group_key."""
    base = councils.rename(columns={"ons_code": "geography"})[["council_id", "geography"]]
    own = [
        base.assign(group=ComparatorGroup.ENGLAND.value, group_key=""),
        base.assign(
            group=ComparatorGroup.SAME_TYPE.value, group_key=council_type_of(base["geography"])
        ).dropna(subset=["group_key"]),
        base.assign(group=ComparatorGroup.REGION.value, group_key=""),
    ]
    peer_keys = peers[["group", "council_code"]].drop_duplicates()
    peer_keys = peer_keys.assign(group_key=peer_keys["council_code"])
    own.append(base.merge(peer_keys, left_on="geography", right_on="council_code"))
    return pd.concat(own, ignore_index=True)[["council_id", "geography", "group", "group_key"]]


def published_compute(
    figures: pd.DataFrame,
    councils: pd.DataFrame,
    peers: pd.DataFrame,
    polarity: Mapping[int, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure computation of one year's published comparators: (benchmarks, positions).

    ``figures``: measure_id, geography (ONS code), value (NaN = missing or suppressed) for every
    council in the published data; ``councils``: council_id, ons_code of the portal's councils;
    ``peers``: group (cipfa or nhse), council_code, neighbour_code of each portal council's
    applicable peer group (the council itself only where the list includes it).

    Groups: ENGLAND (every council with a row), SAME_TYPE (by ONS prefix; key the type), REGION
    (the portal's councils), CIPFA and NHSE (key the portal council's ONS code). Benchmarks: one
    per measure and group with any member row. Positions: one per portal council with a figure,
    measure and group it belongs to (its own peer groups, whether or not it is a member)."""
    figures = figures[["measure_id", "geography", "value"]]
    keys = ["measure_id", "group", "group_key"]
    stats = group_statistics(_members(figures, councils, peers), keys).reset_index()
    present = figures[figures["value"].notna()]
    positions = (
        _council_groups(councils, peers)
        .merge(present, on="geography")
        .merge(stats[[*keys, "count", "median", "mad"]], on=keys, how="left")
    )
    positions["count"] = positions["count"].fillna(0).astype(int)
    positions["polarity"] = positions["measure_id"].map(polarity)
    positions["mads"] = distance_in_mads(positions["value"], positions["median"], positions["mad"])
    positions["band"] = bands(
        positions["value"], positions["mads"], positions["polarity"], positions["count"]
    )
    return stats, positions


def _published_figures(year: int) -> pd.DataFrame:
    rows = PublishedValue.objects.filter(level=GeographyLevel.COUNCIL, year=year).values_list(
        "measure_id", "geography", "value"
    )
    frame = pd.DataFrame.from_records(list(rows), columns=["measure_id", "geography", "value"])
    frame["value"] = frame["value"].astype(float)
    return frame


def _portal_councils() -> pd.DataFrame:
    return pd.DataFrame.from_records(
        list(Council.objects.values_list("pk", "ons_code")), columns=["council_id", "ons_code"]
    )


def _peers(year: int) -> pd.DataFrame:
    """group, council_code, neighbour_code of the peer groups applying to ``year``."""
    groups = pd.DataFrame.from_records(
        list(PeerGroup.objects.values_list("pk", "council_id", "kind", "applies_from_year")),
        columns=["group_id", "council_id", "kind", "applies_from_year"],
    )
    chosen = peer_groups_applicable(groups, year)
    codes = dict(Council.objects.values_list("pk", "ons_code"))
    members = pd.DataFrame.from_records(
        list(
            ComparatorGroupMember.objects.filter(
                group_id__in=chosen["group_id"].tolist()
            ).values_list("group_id", "neighbour_code")
        ),
        columns=["group_id", "neighbour_code"],
    )
    joined = members.merge(chosen, on="group_id")
    return pd.DataFrame(
        {
            "group": joined["kind"].astype(object),
            "council_code": joined["council_id"].map(codes).astype(object),
            "neighbour_code": joined["neighbour_code"].astype(object),
        }
    )


@transaction.atomic
def published_comparators_recompute(*, year: int) -> PublishedRecomputeResult:
    """Recompute and store the published comparators for ``year`` (financial year starting
    then): benchmarks per measure and group, and positions of the portal's councils. Safe to
    run any number of times: the year's rows are replaced in one transaction."""
    figures = _published_figures(year)
    polarity = dict(
        Measure.objects.filter(pk__in=figures["measure_id"].unique().tolist()).values_list(
            "pk", "polarity"
        )
    )
    stats, positions = published_compute(figures, _portal_councils(), _peers(year), polarity)
    PublishedBenchmark.objects.filter(year=year).delete()
    PublishedPosition.objects.filter(year=year).delete()
    benchmarks = PublishedBenchmark.objects.bulk_create(
        [
            PublishedBenchmark(
                measure_id=int(row.measure_id),
                year=year,
                group=row.group,
                group_key=row.group_key,
                count=int(row.count),
                suppressed=int(row.suppressed),
                mean=_none(row.mean),
                median=_none(row.median),
                lower_quartile=_none(row.lower_quartile),
                upper_quartile=_none(row.upper_quartile),
                mad=_none(row.mad),
                too_small=bool(row.too_small),
            )
            for row in stats.itertuples(index=False)
        ],
        batch_size=1000,
    )
    stored = _insert(
        PublishedPosition,
        {
            "council": _ints(positions["council_id"]),
            "measure": _ints(positions["measure_id"]),
            "year": [year] * len(positions),
            "group": positions["group"].tolist(),
            "value": _floats(positions["value"]),
            "median": _floats(positions["median"]),
            "count": _ints(positions["count"]),
            "mads": _floats(positions["mads"]),
            "band": positions["band"].tolist(),
        },
    )
    return PublishedRecomputeResult(
        year=year,
        benchmarks=len(benchmarks),
        positions=stored,
        suppressed=int(stats["suppressed"].sum()),
    )


def published_years() -> list[int]:
    """Every year with published council figures, in order."""
    return list(
        PublishedValue.objects.filter(level=GeographyLevel.COUNCIL)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


@transaction.atomic
def published_comparators_recompute_all() -> list[PublishedRecomputeResult]:
    """Recompute the published comparators of every year with published council figures, in
    one transaction; rows of years no longer published are removed."""
    years = published_years()
    PublishedBenchmark.objects.exclude(year__in=years).delete()
    PublishedPosition.objects.exclude(year__in=years).delete()
    return [published_comparators_recompute(year=year) for year in years]


def periods_with_accepted_returns() -> Iterable[Period]:
    """Every quarter with at least one accepted return, in order."""
    return Period.objects.filter(returns__accepted_version__isnull=False).distinct()
