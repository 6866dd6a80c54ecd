"""Write reference data by natural key, idempotently: a second run changes nothing."""

from typing import Any, Literal

from django.db.models import Model

Outcome = Literal["created", "updated", "unchanged"]


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
