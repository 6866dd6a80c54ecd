"""Reference data shipped with the portal: read from its CSV files and written by natural key,
idempotently (a second run changes nothing)."""

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.db.models import Model

Outcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class LoadResult:
    """How many rows a load of reference data created, updated and left unchanged."""

    created: int
    updated: int
    unchanged: int

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> "LoadResult":
        counts = Counter(outcomes)
        return cls(counts["created"], counts["updated"], counts["unchanged"])


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file shipped with the portal, each a dict keyed by the header."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def upsert(model: type[Model], *, lookup: dict[str, Any], fields: dict[str, Any]) -> Outcome:
    """Create the row named by ``lookup``, or update it only where ``fields`` differ (so its
    history records real changes only)."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        model._default_manager.create(**lookup, **fields)
        return "created"
    if all(getattr(row, name) == value for name, value in fields.items()):
        return "unchanged"
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return "updated"
