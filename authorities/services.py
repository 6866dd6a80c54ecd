"""Writes for reference data about councils. Idempotent: a second run changes nothing."""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from authorities.models import (
    AuthorityType,
    ComparatorGroup,
    ComparatorGroupMember,
    Council,
    SubRegion,
)
from sli_portal.upsert import LoadResult, Outcome, read_rows, upsert

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNCILS_CSV = DATA_DIR / "authorities.csv"
NEAREST_NEIGHBOURS_CSV = DATA_DIR / "nearest_neighbours.csv"

_TYPES = {
    "Unitary": AuthorityType.UNITARY,
    "Metropolitan District": AuthorityType.METROPOLITAN,
    "County": AuthorityType.COUNTY,
}

# The year each published list applies from; CIPFA groups change over time.
_COMPARATOR_SETS: dict[str, tuple[str, int]] = {
    "cipfa_oflog_nn_json": (ComparatorGroup.Kind.CIPFA, 2024),
    "cipfa_2019_trafford_data_lab": (ComparatorGroup.Kind.CIPFA, 2019),
    "cipfa_2021_trafford_data_lab": (ComparatorGroup.Kind.CIPFA, 2021),
    "cipfa_lg_inform_2024_07_trafford_data_lab": (ComparatorGroup.Kind.CIPFA, 2024),
    "nhse_near_neighbour_peer_group_lg_inform_2024_07_trafford_data_lab": (
        ComparatorGroup.Kind.NHSE,
        2024,
    ),
}


def _date(raw: str) -> datetime.date | None:
    return datetime.date.fromisoformat(raw) if raw else None


@transaction.atomic
def councils_load(*, path: Path = COUNCILS_CSV) -> LoadResult:
    """Load the councils of the 2013 MoU and their successors by ONS code, then link
    successions (Cumbria to Cumberland and Westmorland and Furness on 1 April 2023)."""
    rows = read_rows(path)
    outcomes: list[Outcome] = []
    for row in rows:
        sub_region, _ = SubRegion.objects.get_or_create(name=row["sub_region"])
        fields = {
            "name": row["name"],
            "slug": slugify(row["name"]),
            "authority_type": _TYPES[row["authority_type"]],
            "sub_region": sub_region,
            "in_2013_mou": row["in_2013_mou"] == "yes",
            "start_date": _date(row["start_date"]),
            "end_date": _date(row["end_date"]),
            "cassr_code": row["cassr_code"],
            "note": row["note"],
        }
        outcomes.append(upsert(Council, lookup={"ons_code": row["ons_code"]}, fields=fields))
    by_code = {c.ons_code: c for c in Council.objects.all()}
    for row in rows:
        codes = [code for code in row["successor_codes"].split(";") if code]
        if codes:
            council = by_code[row["ons_code"]]
            wanted = {by_code[code].pk for code in codes}
            if set(council.successors.values_list("pk", flat=True)) != wanted:
                council.successors.set(wanted)
    return LoadResult.of(outcomes)


@transaction.atomic
def comparator_groups_load(*, path: Path = NEAREST_NEIGHBOURS_CSV) -> LoadResult:
    """Load the published CIPFA and NHS England peer groups, one versioned group per council
    and published list. Members are kept by ONS code: most are outside the region."""
    rows = read_rows(path)
    by_code = {c.ons_code: c for c in Council.objects.all()}
    created = updated = unchanged = 0
    groups: dict[tuple[str, str], ComparatorGroup] = {}
    for row in rows:
        key = (row["council_code"], row["comparator_set"])
        if key not in groups:
            kind, year = _COMPARATOR_SETS[row["comparator_set"]]
            group, made = ComparatorGroup.objects.get_or_create(
                council=by_code[row["council_code"]],
                comparator_set=row["comparator_set"],
                defaults={"kind": kind, "applies_from_year": year, "source": row["source"]},
            )
            groups[key] = group
        member, made = ComparatorGroupMember.objects.get_or_create(
            group=groups[key],
            neighbour_code=row["neighbour_code"],
            defaults={
                "neighbour_name": row["neighbour_name"],
                "source_order": int(row["source_order"]),
                "is_self": row["is_self"] == "yes",
            },
        )
        if made:
            created += 1
        else:
            unchanged += 1
    return LoadResult(created, updated, unchanged)
