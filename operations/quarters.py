"""The regional administrator's writes about quarters: opening one for returns, closing it,
and setting its dates (uploads open, the deadline, uploads close). Each is atomic and
attributed: the quarter's history row names who changed it, so the audit log's "who changed
what" shows it."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from returns.models import Period
from returns.services import period_ensure
from sli_portal.financial_years import quarter_of
from sli_portal.history import set_history_user
from sli_portal.refusals import Refused

# How long a quarter opened late stays open at least, so councils have time to upload.
OPEN_AT_LEAST = datetime.timedelta(days=14)


class QuarterRefused(Refused):
    """The quarter cannot be changed as asked; the message says why."""


@dataclass(frozen=True)
class QuarterDates:
    opens_on: datetime.date
    deadline: datetime.date
    closes_on: datetime.date


def dates_check(dates: QuarterDates) -> None:
    """Uploads open on or before the deadline, which is on or before uploads close."""
    if dates.deadline < dates.opens_on:
        raise QuarterRefused(
            "The deadline must be the same as or after the day uploads open", field="deadline"
        )
    if dates.closes_on < dates.deadline:
        raise QuarterRefused(
            "The day uploads close must be the same as or after the deadline", field="closes_on"
        )


def _save(period: Period, dates: QuarterDates, by: User) -> Period:
    dates_check(dates)
    period.opens_on, period.deadline, period.closes_on = (
        dates.opens_on,
        dates.deadline,
        dates.closes_on,
    )
    set_history_user(period, by)
    period.save()
    return period


@transaction.atomic
def period_dates_set(*, period: Period, dates: QuarterDates, by: User) -> Period:
    """Set when uploads open, the deadline and when uploads close."""
    locked = Period.objects.select_for_update().get(pk=period.pk)
    return _save(locked, dates, by)


@transaction.atomic
def period_open(*, year: int, quarter: int, by: User, today: datetime.date) -> Period:
    """Open the quarter for returns today (made with the default dates if new): uploads open
    today at the latest and stay open at least two weeks. Refused for a quarter that has not
    begun, or one already open."""
    if (year, quarter) > quarter_of(today):
        raise QuarterRefused(
            "A quarter can be opened for returns only once it has begun", field="quarter"
        )
    period = Period.objects.select_for_update().get(pk=period_ensure(year=year, quarter=quarter).pk)
    if period.is_open(today):
        raise QuarterRefused(f"{period.label} is already open for returns", field="quarter")
    closes = max(period.closes_on, today + OPEN_AT_LEAST)
    opens = min(period.opens_on, today)
    dates = QuarterDates(
        opens_on=opens, deadline=min(max(period.deadline, opens), closes), closes_on=closes
    )
    return _save(period, dates, by)


@transaction.atomic
def period_close(*, period: Period, by: User, today: datetime.date) -> Period:
    """Close the quarter for returns: uploads closed from today (the last day was
    yesterday). Refused for a quarter that is not open."""
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if not locked.is_open(today):
        raise QuarterRefused(f"{locked.label} is not open for returns")
    last = today - datetime.timedelta(days=1)
    opens = min(locked.opens_on, last)
    dates = QuarterDates(
        opens_on=opens, deadline=max(min(locked.deadline, last), opens), closes_on=last
    )
    return _save(locked, dates, by)
