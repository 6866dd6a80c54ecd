"""Table 2 of the 2013 MoU, the menu of risk triggers, loaded from ``triggers/data/table2.csv``.

Quadrants are written by their key and triggers by their place in the MoU (quadrant, order), so
loading twice changes nothing and an edited row is updated in place with its history kept.
"""

from pathlib import Path

from django.db import transaction

from sli_portal.upsert import LoadResult, Outcome, read_rows, upsert
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


@transaction.atomic
def table2_load(*, path: Path = TABLE2_CSV) -> LoadResult:
    """Create or update Table 2's four quadrants and its 21 triggers exactly as the CSV says.

    Idempotent: a second run reports every row unchanged. A trigger no longer in the file is
    left alone (concerns refer to it); the administrator can mark it inactive.
    """
    rows = read_rows(path)
    outcomes: list[Outcome] = []
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
        outcomes.append(upsert(Quadrant, lookup={"key": key}, fields=fields))
        quadrants[key] = Quadrant.objects.get(key=key)
    for row in rows:
        fields = {
            "name": row["trigger"],
            "examples": row["examples"],
            "source": row["source"],
            "automatic": row["automatic"],
        }
        lookup = {"quadrant": quadrants[row["quadrant_key"]], "order": int(row["order"])}
        outcomes.append(upsert(Trigger, lookup=lookup, fields=fields))
    return LoadResult.of(outcomes)
