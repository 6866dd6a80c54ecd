"""What every support service shares: the refusal with a message for the person, the
attributed save, and financial years."""

import datetime
from collections.abc import Sequence

from django.db.models import Model

from accounts.models import User
from sli_portal.history import set_history_user


class SupportRefused(Exception):
    """A request the portal refuses, with a message for the person making it. Nothing has
    been written when it is raised."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def save(instance: Model, *, by: User, fields: Sequence[str] | None = None) -> None:
    """Save with ``by`` as the history row's user."""
    set_history_user(instance, by)
    instance.save(update_fields=fields)


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the financial year starting in April of ``year``."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
