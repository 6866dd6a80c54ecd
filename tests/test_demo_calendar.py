"""The demonstration lives in the present: its quarters, the quarters whose returns are all
accepted and the quarter open for returns are computed from the day it is built. With the
clock set to three dates, each calendar is coherent."""

import datetime

import pytest

from demo.calendar import ACCEPTED_FROM, FIRST_PUBLISHED_YEAR, _window, demo_calendar

DATES = {
    # Before the open quarter's deadline: nobody can be late.
    "2026-10-20": ((2026, 2), False),
    # After it (the portal's today when this was written).
    "2026-12-07": ((2026, 2), True),
    # A new financial year: the year's last quarter has just opened.
    "2027-04-15": ((2026, 4), False),
}


@pytest.mark.parametrize("day", sorted(DATES))
def test_the_calendar_is_coherent_on_each_date(day):
    today = datetime.date.fromisoformat(day)
    calendar = demo_calendar(today)
    open_quarter, deadline_passed = DATES[day]
    assert calendar.open_quarter == open_quarter
    assert calendar.deadline_passed is deadline_passed
    opens, deadline, closes = _window(open_quarter)
    assert opens <= today <= closes
    assert (today > deadline) is deadline_passed
    # Quarters run from the first published year to the current financial year.
    assert calendar.years[0] == FIRST_PUBLISHED_YEAR
    assert calendar.years[-1] == (today.year if today.month >= 4 else today.year - 1)
    # Every quarter before the open one, back to ACCEPTED_FROM, is accepted, with no gap.
    accepted = calendar.accepted_quarters
    assert accepted[0] == (ACCEPTED_FROM, 1)
    assert all(
        (b[0] * 4 + b[1]) - (a[0] * 4 + a[1]) == 1
        for a, b in zip(accepted, accepted[1:], strict=False)
    )
    assert accepted[-1][0] * 4 + accepted[-1][1] == open_quarter[0] * 4 + open_quarter[1] - 1
    assert calendar.last_closed in accepted
    assert _window(calendar.last_closed)[2] < today
    # The last completed year is the latest whose fourth quarter has closed: the next one's
    # has not.
    completed = calendar.last_completed_year
    assert _window((completed, 4))[2] < today <= _window((completed + 1, 4))[2]
    assert (completed, 4) in accepted
    assert calendar.latest_complete_quarter == accepted[-1]


def test_the_calendar_moves_with_the_clock():
    quarters = [demo_calendar(datetime.date.fromisoformat(d)).open_quarter for d in sorted(DATES)]
    assert quarters == sorted(quarters)
    counts = [
        len(demo_calendar(datetime.date.fromisoformat(d)).accepted_quarters) for d in sorted(DATES)
    ]
    assert counts == [17, 17, 19]
