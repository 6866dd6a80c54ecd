"""Table 2 of the 2013 MoU, the menu of risk triggers, loaded from ``triggers/data/table2.csv``.

Quadrants are written by their key and triggers by their place in the MoU (quadrant, order), so
loading twice changes nothing and an edited row is updated in place with its history kept.
"""

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from sli_portal.upsert import upsert
from triggers.models import Quadrant, Trigger

DATA_DIR = Path(__file__).resolve().parent / "data"
TABLE2_CSV = DATA_DIR / "table2.csv"

# The quadrants in the MoU's order (Outcomes and Resources side by side above Other
# Intelligence and Interface with Stakeholders).
QUADRANT_ORDER = ("outcomes", "resources", "other", "stakeholders")
# The note printed in the Outcomes cell of Table 2 (kept on the quadrant; table2.source.md).
OUTCOMES_NOTE = (
    "An overall qualitative analysis of data sets will be undertaken to identify areas of "
    "concern rather than having a rigid formula based on % of 'red' or 'amber' measures"
)


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def table2_load(*, path: Path = TABLE2_CSV) -> LoadResult:
    """Create or update Table 2's four quadrants and its 21 triggers exactly as the CSV says.

    Idempotent: a second run reports every row unchanged. A trigger no longer in the file is
    left alone (concerns refer to it); the administrator can mark it inactive.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    outcomes: Counter[str] = Counter()
    quadrants: dict[str, Quadrant] = {}
    for row in rows:
        key = row["quadrant_key"]
        if key in quadrants:
            continue
        fields = {
            "name": row["quadrant"],
            "note": OUTCOMES_NOTE if key == "outcomes" else "",
            "order": QUADRANT_ORDER.index(key) + 1,
        }
        outcomes[upsert(Quadrant, lookup={"key": key}, fields=fields)] += 1
        quadrants[key] = Quadrant.objects.get(key=key)
    for row in rows:
        fields = {
            "name": row["trigger"],
            "examples": row["examples"],
            "source": row["source"],
            "automatic": row["automatic"],
        }
        lookup = {"quadrant": quadrants[row["quadrant_key"]], "order": int(row["order"])}
        outcomes[upsert(Trigger, lookup=lookup, fields=fields)] += 1
    return LoadResult(outcomes["created"], outcomes["updated"], outcomes["unchanged"])
