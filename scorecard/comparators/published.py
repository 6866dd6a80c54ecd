"""Annual comparators from the published national figures of every English council
(:func:`published_comparators_recompute`): England, councils of the same type, the North West,
and each NW council's own CIPFA and NHS England peer groups, and where each NW council stands in
each. The rules are set out in :mod:`scorecard.comparators`."""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import transaction

from authorities.models import AuthorityType, ComparatorGroupMember, Council
from authorities.models import ComparatorGroup as PeerGroup
from returns.models import WHOLE_YEAR, GeographyLevel, Measure, PublishedValue
from scorecard.comparators.statistics import bands, distance_in_mads, group_statistics
from scorecard.comparators.storage import insert_rows, stored_float, stored_floats, stored_ints
from scorecard.models import ComparatorGroup, PublishedBenchmark, PublishedPosition

# Council type from the ONS code's prefix, for councils outside the portal.
COUNCIL_TYPE_BY_PREFIX: dict[str, str] = {
    "E06": AuthorityType.UNITARY.value,
    "E08": AuthorityType.METROPOLITAN.value,
    "E09": AuthorityType.LONDON.value,
    "E10": AuthorityType.COUNTY.value,
}


@dataclass(frozen=True)
class PublishedRecomputeResult:
    """What one annual recompute stored, and how many member figures were left out of groups
    as missing or suppressed (summed over groups)."""

    year: int
    benchmarks: int
    positions: int
    suppressed: int


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
    # A council is never its own neighbour, whether or not its published list includes it.
    peer = peer[peer["geography"] != peer["group_key"]]
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
    peer_keys = peers.reindex(columns=["group", "council_code", "peer_group_id"]).drop_duplicates()
    peer_keys = peer_keys.assign(group_key=peer_keys["council_code"])
    own.append(base.merge(peer_keys, left_on="geography", right_on="council_code"))
    columns = ["council_id", "geography", "group", "group_key", "peer_group_id"]
    return pd.concat(own, ignore_index=True).reindex(columns=columns)


def published_compute(
    figures: pd.DataFrame,
    councils: pd.DataFrame,
    peers: pd.DataFrame,
    polarity: Mapping[int, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure computation of one year's published comparators: (benchmarks, positions).

    ``figures``: measure_id, geography (ONS code), value (NaN = missing or suppressed) for every
    council in the published data; ``councils``: council_id, ons_code of the portal's councils;
    ``peers``: group (cipfa or nhse), council_code, neighbour_code and peer_group_id of each
    portal council's applicable peer group (the council itself where the list includes it).

    Groups: ENGLAND (every council with a row), SAME_TYPE (by ONS prefix; key the type), REGION
    (the portal's councils), CIPFA and NHSE (key the portal council's ONS code; the council
    itself always left out, so a neighbours' median is its neighbours' alone). Benchmarks: one
    per measure and group with any member row. Positions: one per portal council with a figure,
    measure and group it belongs to (its own peer groups), with the peer group's id."""
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
    rows = PublishedValue.objects.filter(
        level=GeographyLevel.COUNCIL, year=year, month=WHOLE_YEAR
    ).values_list("measure_id", "geography", "value")
    frame = pd.DataFrame.from_records(list(rows), columns=["measure_id", "geography", "value"])
    frame["value"] = frame["value"].astype(float)
    return frame


def _portal_councils() -> pd.DataFrame:
    return pd.DataFrame.from_records(
        list(Council.objects.values_list("pk", "ons_code")), columns=["council_id", "ons_code"]
    )


def _peers(year: int) -> pd.DataFrame:
    """group, council_code, neighbour_code and peer_group_id of the peer groups applying to
    ``year``."""
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
            "peer_group_id": joined["group_id"],
        }
    )


@transaction.atomic
def published_comparators_recompute(*, year: int) -> PublishedRecomputeResult:
    """Recompute and store the published comparators for ``year`` (financial year starting
    then): benchmarks per measure and group, and positions of the portal's councils. Safe to
    run any number of times: the year's rows are replaced in one transaction."""
    figures = _published_figures(year)
    polarity = {
        m.pk: m.effective_polarity
        for m in Measure.objects.filter(pk__in=figures["measure_id"].unique().tolist())
    }
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
                mean=stored_float(row.mean),
                median=stored_float(row.median),
                lower_quartile=stored_float(row.lower_quartile),
                upper_quartile=stored_float(row.upper_quartile),
                mad=stored_float(row.mad),
                too_small=bool(row.too_small),
            )
            for row in stats.itertuples(index=False)
        ],
        batch_size=1000,
    )
    stored = insert_rows(
        PublishedPosition,
        {
            "council": stored_ints(positions["council_id"]),
            "measure": stored_ints(positions["measure_id"]),
            "year": [year] * len(positions),
            "group": positions["group"].tolist(),
            "value": stored_floats(positions["value"]),
            "median": stored_floats(positions["median"]),
            "count": stored_ints(positions["count"]),
            "mads": stored_floats(positions["mads"]),
            "band": positions["band"].tolist(),
            "peer_group": stored_ints(positions["peer_group_id"]),
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
        PublishedValue.objects.filter(level=GeographyLevel.COUNCIL, month=WHOLE_YEAR)
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
