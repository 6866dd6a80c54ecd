"""Records the opendata URLs of the access matrix address: none by key (no URL takes a
parameter but the file format). The world's published Wirral scorecard, with its internal
commentary, is what the downloads and API read."""

from typing import Any


def build_opendata_world(world: dict[str, Any]) -> dict[str, Any]:
    return {}
