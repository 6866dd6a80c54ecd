"""Who made a change and why, as django-simple-history writes it on a record's history row.

django-simple-history reads ``_history_user``, ``_change_reason`` and
``skip_history_when_saving`` from a model instance by name and publishes no types for them;
these functions are the one place that sets them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db.models import Model

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def set_history_user(instance: Model, user: "AbstractBaseUser | None") -> None:
    """Name ``user`` on the history rows of ``instance``'s next saves; ``None`` is the portal
    itself (commands, scheduled jobs) rather than whoever's request is running."""
    instance._history_user = user  # type: ignore[attr-defined]  # read by name by django-simple-history


def set_change_reason(instance: Model, reason: str) -> None:
    """Write ``reason`` on the history rows of ``instance``'s next saves."""
    instance._change_reason = reason  # type: ignore[attr-defined]  # read by name by django-simple-history


@contextmanager
def without_history(instance: Model) -> Iterator[None]:
    """Write no history rows for ``instance`` inside the block: a many-to-many ``set`` whose
    new set the next save records in one row, or a save whose row is written another way."""
    instance.skip_history_when_saving = True  # type: ignore[attr-defined]  # read by name by django-simple-history
    try:
        yield
    finally:
        del instance.skip_history_when_saving  # type: ignore[attr-defined]  # set just above
