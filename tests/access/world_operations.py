"""Records the operations URLs of the access matrix address: an audit trail to show, and
someone whose role the administrator may remove."""

from typing import Any

from accounts.models import AccessLog, Membership, Role, User


def build_operations_world(world: dict[str, Any]) -> dict[str, Any]:
    concern = world["concern"]
    entry = AccessLog.objects.create(
        user=world["reviewer"] if "reviewer" in world else None,
        action="viewed",
        record_type=concern._meta.label,
        record_id=str(concern.pk),
        council=concern.council,
    )
    someone = User.objects.create_user(username="invited@example.org", email="invited@example.org")
    spare = Membership.objects.create(user=someone, role=Role.BOARD_MEMBER)
    return {"access_log_entry": entry, "spare_membership": spare}
