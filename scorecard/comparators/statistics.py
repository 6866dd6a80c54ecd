"""The statistics every comparator is built from, for quarterly and annual groups alike: a
group's count, mean, median, quartiles and MAD; a figure's distance from the median in MADs;
and its band. The rules are set out in :mod:`scorecard.comparators`."""

import numpy as np
import pandas as pd

from returns.models import Polarity
from scorecard.models import MIN_GROUP_SIZE, Band

# Band edges in MADs: under SIMILAR_BELOW similar, under SLIGHTLY_BELOW slightly, under
# PLAIN_BELOW better/worse, up to and including MUCH_UP_TO much better/worse, beyond: BEYOND.
SIMILAR_BELOW, SLIGHTLY_BELOW, PLAIN_BELOW, MUCH_UP_TO = 0.5, 1.5, 3.0, 7.5
BAND_DECIMALS = 9
POLARITIES = (Polarity.HIGHER.value, Polarity.LOWER.value)

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
_STATS = ["count", "suppressed", "mean", "median", "lower_quartile", "upper_quartile", "mad"]


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
    result: np.ndarray = np.where(better, _BETTER[step], _WORSE[step])
    result[count_ < MIN_GROUP_SIZE] = Band.TOO_SMALL.value
    result[~np.isin(polarity_, POLARITIES)] = Band.NOT_BANDED.value
    result[np.isnan(value_)] = Band.NO_VALUE.value
    return result
