"""Records the notifications URLs of the access matrix address: none, the preferences page is
each person's own."""

from typing import Any


def build_notifications_world(world: dict[str, Any]) -> dict[str, Any]:
    return {}
