"""What every support service shares: the refusal with a message for the person and the
attributed save."""

from collections.abc import Sequence

from django.db.models import Model

from accounts.models import User
from sli_portal.history import set_history_user
from sli_portal.refusals import Refused


class SupportRefused(Refused):
    """A request about support the portal refuses. Nothing has been written when it is
    raised."""


def save(instance: Model, *, by: User, fields: Sequence[str] | None = None) -> None:
    """Save with ``by`` as the history row's user."""
    set_history_user(instance, by)
    instance.save(update_fields=fields)
