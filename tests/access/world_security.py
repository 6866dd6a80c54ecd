"""Records the security URLs of the access matrix address."""

from typing import Any


def build_security_world(world: dict[str, Any]) -> dict[str, Any]:
    return {}
