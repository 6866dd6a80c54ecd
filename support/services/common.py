"""What every support service shares: the refusal with a message for the person, the
attributed save, and financial years."""

import datetime
from collections.abc import Sequence

from django.db.models import Model

from accounts.models import User
from sli_portal.refusals import Refused


class SupportRefused(Refused):
    """A request about support the portal refuses. Nothing has been written when it is
    raised."""


def save(instance: Model, *, by: User, fields: Sequence[str] | None = None) -> None:
    """Save with ``by`` as the history row's user."""
    instance._history_user = by  # type: ignore[attr-defined]
    instance.save(update_fields=fields)


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the financial year starting in April of ``year``."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
