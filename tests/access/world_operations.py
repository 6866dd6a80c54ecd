"""Records the operations URLs of the access matrix address: an audit trail to show."""

from typing import Any

from accounts.models import AccessLog


def build_operations_world(world: dict[str, Any]) -> dict[str, Any]:
    concern = world["concern"]
    entry = AccessLog.objects.create(
        user=world["reviewer"] if "reviewer" in world else None,
        action="viewed",
        record_type=concern._meta.label,
        record_id=str(concern.pk),
        council=concern.council,
    )
    return {"access_log_entry": entry}
