"""Table 1 of the 2013 MoU, the menu of support and intervention, and the regional programme's
activities, loaded from ``support/data/table1.csv`` (see ``table1.source.md``).

Tiers are written by their key and offers by theirs, so loading twice changes nothing and an
edited row is updated in place with its history kept. This is the one statement of Table 1's
offers in the portal; its tiers are those of ``triggers.models.SupportTier``, which the annual
risk assessment records.
"""

from pathlib import Path

from django.db import transaction

from sli_portal.upsert import LoadResult, Outcome, read_rows, upsert
from support.models import Offer, Table1Tier
from triggers.models import SupportTier

DATA_DIR = Path(__file__).resolve().parent / "data"
TABLE1_CSV = DATA_DIR / "table1.csv"

# The tiers in the MoU's order, left to right, as SupportTier lists them.
TIER_ORDER = tuple(SupportTier)


@transaction.atomic
def table1_load(*, path: Path = TABLE1_CSV) -> LoadResult:
    """Create or update Table 1's three tiers and its 13 offers, and the regional programme's
    8 activities, exactly as the CSV says.

    Idempotent: a second run reports every row unchanged. An offer no longer in the file is
    left alone (engagements refer to it); the administrator can mark it inactive.
    """
    rows = read_rows(path)
    outcomes: list[Outcome] = []
    tiers: dict[str, Table1Tier] = {}
    for row in rows:
        key = row["tier_key"]
        if not key or key in tiers:
            continue
        fields = {"name": row["tier"], "note": row["tier_note"], "order": TIER_ORDER.index(key) + 1}
        outcomes.append(upsert(Table1Tier, lookup={"key": key}, fields=fields))
        tiers[key] = Table1Tier.objects.get(key=key)
    for row in rows:
        fields = {
            "tier": tiers[row["tier_key"]] if row["tier_key"] else None,
            "name": row["offer"],
            "description": row["description"],
            "source": row["source"],
            "order": int(row["order"]),
        }
        outcomes.append(upsert(Offer, lookup={"key": row["offer_key"]}, fields=fields))
    return LoadResult.of(outcomes)
