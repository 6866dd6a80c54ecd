"""Quarterly return deadline reminders: 7 days and 1 day before the deadline and the day after
it, to the lead and director of each council active in the quarter that has not submitted;
each step once, however often the daily job runs."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from accounts.models import Role
from authorities.models import Council
from notifications.models import Kind, Notification
from notifications.services import notification_preferences_save
from returns.models import Period, Return, ReturnStatus
from returns.notifications import (
    approaching_step,
    deadline_missed,
    return_deadline_reminders_send,
)
from returns.tasks import return_deadline_reminders_send_task
from tests.conftest import committed, make_user

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2031, 5, 15)


def day(offset: int) -> datetime.date:
    return DEADLINE + datetime.timedelta(days=offset)


@pytest.fixture
def quarter(db) -> Period:
    """2030/31 Q4 (January to March 2031): opens 1 May, due 15 May, closes 15 June."""
    return Period.objects.create(
        year=2030, quarter=4, opens_on=day(-14), deadline=DEADLINE, closes_on=day(31)
    )


def run(today: datetime.date):
    with committed():
        return return_deadline_reminders_send(today=today)


def addressees(mailoutbox) -> list[str]:
    return sorted(m.to[0] for m in mailoutbox)


def test_the_steps_fall_on_the_right_days(quarter) -> None:
    assert [approaching_step(quarter, day(n)) for n in (-15, -14, -8, -7, -6, -2, -1, 0, 1)] == [
        None,  # before the window opens
        None,  # 14 days out: no step yet
        None,
        7,
        7,
        7,
        1,
        1,
        None,
    ]
    assert [deadline_missed(quarter, day(n)) for n in (0, 1, 2, 31, 32)] == [
        False,
        True,
        True,
        True,
        False,
    ]


def test_seven_days_before_the_lead_and_director_are_reminded_once(
    quarter, wirral_lead, wirral_director, sefton_lead, planning_group_member, mailoutbox
) -> None:
    result = run(day(-7))
    again = run(day(-7))
    later = run(day(-5))

    assert addressees(mailoutbox) == [
        "dan.director@wirral.example",
        "sam.lead@sefton.example",
        "wendy.lead@wirral.example",
    ]
    assert ("Wirral", "2030/31 Q4", "7 days") in result.sent
    assert again.sent == []
    assert later.sent == []
    wirral = next(m for m in mailoutbox if m.to == ["wendy.lead@wirral.example"])
    assert wirral.subject == "Reminder: Wirral's 2030/31 Q4 return is due on 15 May 2031"
    assert "It is due in 7 days, on 15 May 2031." in wirral.body
    assert "/returns/wirral/2030-31-Q4/" in wirral.body


def test_one_day_before_a_second_reminder_and_the_day_after_a_missed_notice(
    quarter, wirral_lead, mailoutbox
) -> None:
    for offset in (-7, -1, -1, 0, 1, 1, 2):
        run(day(offset))

    assert [m.subject for m in mailoutbox] == [
        "Reminder: Wirral's 2030/31 Q4 return is due on 15 May 2031",
        "Reminder: Wirral's 2030/31 Q4 return is due on 15 May 2031",
        "Wirral's 2030/31 Q4 return was due on 15 May 2031",
    ]
    assert "It is due in 1 day" in mailoutbox[1].body
    assert "was due on 15 May 2031 and has not been submitted" in mailoutbox[2].body
    assert sorted(Notification.objects.values_list("kind", flat=True)) == sorted(
        [Kind.RETURN_DEADLINE_APPROACHING] * 2 + [Kind.RETURN_DEADLINE_MISSED]
    )


def test_a_day_the_job_did_not_run_is_made_up_once(quarter, wirral_lead, mailoutbox) -> None:
    run(day(-4))
    run(day(-3))

    assert len(mailoutbox) == 1
    assert "It is due in 4 days" in mailoutbox[0].body


def test_submitted_and_accepted_returns_are_not_reminded(
    quarter, wirral, sefton, wirral_lead, sefton_lead, mailoutbox
) -> None:
    Return.objects.create(council=wirral, period=quarter, status=ReturnStatus.SUBMITTED)
    Return.objects.create(council=sefton, period=quarter, status=ReturnStatus.DRAFT)

    run(day(-7))
    run(day(1))

    assert addressees(mailoutbox) == ["sam.lead@sefton.example"] * 2


def test_a_person_who_turned_reminders_off_gets_none(
    quarter, wirral_lead, wirral_director, mailoutbox
) -> None:
    notification_preferences_save(
        user=wirral_director,
        enabled=[k for k in Kind if k != Kind.RETURN_DEADLINE_APPROACHING],
    )

    run(day(-7))
    run(day(1))

    assert [m.to[0] for m in mailoutbox] == [
        "wendy.lead@wirral.example",
        "dan.director@wirral.example",
        "wendy.lead@wirral.example",
    ]
    assert "was due" in mailoutbox[1].subject


def test_a_council_not_active_in_the_quarter_is_not_reminded(quarter, mailoutbox) -> None:
    cumbria = Council.objects.get(slug="cumbria")
    make_user("carl.lead@cumbria.example", Role.PERFORMANCE_LEAD, cumbria)

    run(day(-7))

    assert mailoutbox == []


def test_the_task_runs_daily_and_is_idempotent(wirral_lead, mailoutbox) -> None:
    today = timezone.localdate()
    Period.objects.create(
        year=2035,
        quarter=1,
        opens_on=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=30),
    )

    with committed():
        first = return_deadline_reminders_send_task.delay().get()
        second = return_deadline_reminders_send_task.delay().get()

    assert (first, second) == (1, 0)
    assert len(mailoutbox) == 1
    entry = django_settings.CELERY_BEAT_SCHEDULE["returns-deadline-reminders-daily"]
    assert entry["task"] == "returns.send_deadline_reminders"
