"""What the scorecard's writes share: the refusal they raise and whether a council held adult
social care responsibility when a judgement, narrative or Local Account is recorded."""

import datetime

from authorities.models import Council
from returns.models import Period


class ScorecardRefused(Exception):
    """A request the portal refuses, with a message for the person who made it and, where the
    message is about one form field, that field's name."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def council_active_in(council: Council, period: Period) -> bool:
    """Whether the council held adult social care responsibility during the quarter."""
    return council.is_active_between(period.starts_on, period.ends_on)


def check_active(council: Council, period: Period) -> None:
    if not council_active_in(council, period):
        raise ScorecardRefused(
            f"{council.name} did not hold adult social care responsibility in {period.label}."
        )


def council_active_in_year(council: Council, year: int) -> bool:
    """Whether the council held adult social care responsibility in the financial year."""
    return council.is_active_between(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31))
