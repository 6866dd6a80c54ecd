"""Invented demonstration content: the prefix every text a demonstration "person" writes
starts with, and the tables kept in ``demo/data/`` (see its README)."""

import json
from pathlib import Path
from typing import Any

DEMO = "Demonstration:"
DATA_DIR = Path(__file__).resolve().parent / "data"


def demo_table(name: str) -> list[dict[str, Any]]:
    """The rows of ``demo/data/<name>.json``: a JSON object whose ``about`` says what the
    invented content is for and whose ``rows`` are the table."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        rows: list[dict[str, Any]] = json.load(handle)["rows"]
    return rows
