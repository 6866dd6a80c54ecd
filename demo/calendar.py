"""The demonstration's calendar, computed from the day it is built: which quarters exist, which
are closed (every council's return accepted), which one is open today and whether its deadline
has passed, so the demonstration lives in the present whatever day ``make run`` is run.

Quarters use the portal's default return window (``returns.services.period_ensure``): uploads
open the day after the quarter ends, the deadline is 44 days later, uploads close after 90.
"""

import datetime
from dataclasses import dataclass

from sli_portal.financial_years import financial_year_of, quarter_bounds

# The first financial year of the published national figures the demonstration is made from
# (NHS England's ASCOF trend data begins with 2017-18).
FIRST_PUBLISHED_YEAR = 2017
# The first year with accepted demonstration returns: the year before the last published one,
# so the first quarters move between two published years.
ACCEPTED_FROM = 2022
DEADLINE_DAYS, CLOSE_DAYS = 44, 90

Quarter = tuple[int, int]


def _window(quarter: Quarter) -> tuple[datetime.date, datetime.date, datetime.date]:
    opens = quarter_bounds(*quarter)[1] + datetime.timedelta(days=1)
    return (
        opens,
        opens + datetime.timedelta(days=DEADLINE_DAYS),
        opens + datetime.timedelta(days=CLOSE_DAYS),
    )


def _previous(quarter: Quarter) -> Quarter:
    year, number = quarter
    return (year, number - 1) if number > 1 else (year - 1, 4)


@dataclass(frozen=True)
class DemoCalendar:
    today: datetime.date
    current_year: int
    open_quarter: Quarter | None
    last_closed: Quarter
    deadline_passed: bool

    @property
    def years(self) -> range:
        """Every financial year with quarters: the first published year to the current one."""
        return range(FIRST_PUBLISHED_YEAR, self.current_year + 1)

    @property
    def accepted_quarters(self) -> list[Quarter]:
        """The quarters before the open one (every closed quarter) in which every council's
        return is accepted."""
        out: list[Quarter] = []
        quarter = _previous(self.open_quarter) if self.open_quarter else self.last_closed
        while quarter >= (ACCEPTED_FROM, 1):
            out.append(quarter)
            quarter = _previous(quarter)
        return out[::-1]

    @property
    def last_completed_year(self) -> int:
        """The latest financial year whose four quarters have all closed, so every council's
        returns for it are in: the year of the demonstration's Regional Account. Until the
        window of a year's fourth quarter closes (in the summer after it), the year before."""
        year, quarter = self.last_closed
        return year if quarter == 4 else year - 1

    @property
    def latest_complete_quarter(self) -> Quarter | None:
        """The latest quarter in which every council's return is accepted: the latest
        quarter whose judgements the demonstration publishes."""
        accepted = self.accepted_quarters
        return accepted[-1] if accepted else None


def demo_calendar(today: datetime.date) -> DemoCalendar:
    """The calendar on ``today``: the quarter whose window is open (None between windows) and
    the latest quarter whose window has closed."""
    quarter: Quarter = (financial_year_of(today), (today.month - 4) % 12 // 3 + 1)
    open_quarter: Quarter | None = None
    while True:
        opens, deadline, closes = _window(quarter)
        if opens <= today <= closes and open_quarter is None:
            open_quarter = quarter
        if closes < today:
            break
        quarter = _previous(quarter)
    deadline_passed = open_quarter is not None and today > _window(open_quarter)[1]
    return DemoCalendar(
        today=today,
        current_year=financial_year_of(today),
        open_quarter=open_quarter,
        last_closed=quarter,
        deadline_passed=deadline_passed,
    )
