"""E-mail reminders before the closing date to the performance leads and directors of councils
that have not submitted: one e-mail to each person, sent once per step (a rerun sends nothing
twice) when the run commits, scheduled daily."""

import datetime

import pytest
from django.conf import settings as django_settings

from accounts.models import Role
from authorities.models import Council
from selfassessment.models import ReminderSent
from selfassessment.services import self_assessment_reminders_send
from selfassessment.tasks import self_assessment_reminders_send_task
from tests.conftest import committed, make_user
from tests.selfassessment.helpers import TODAY, import_demo, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def closing(db):
    """A review closing in 14 days."""
    return import_demo(
        opens_on=TODAY - datetime.timedelta(days=30), closes_on=TODAY + datetime.timedelta(days=14)
    )


def test_councils_not_submitted_are_reminded_once_at_14_days(
    closing, wirral, sefton, wirral_lead, wirral_director, sefton_lead, mailoutbox
) -> None:
    submitted(closing, sefton, sefton_lead)

    with committed():
        result = self_assessment_reminders_send(today=TODAY, days_before=[14, 3])

    to_wirral = [m for m in mailoutbox if m.to[0].endswith("@wirral.example")]
    assert sorted(m.to[0] for m in to_wirral) == [
        "dan.director@wirral.example",
        "wendy.lead@wirral.example",
    ]
    assert all(len(m.to) == 1 for m in to_wirral)
    message = to_wirral[0]
    assert message.subject == (
        f"Reminder: the Integrated Commissioning for Better Outcomes self-assessment closes on "
        f"{closing.closes_on:%-d %B %Y}"
    )
    assert "Wirral's self-assessment" in message.body
    assert "closes in 14 days" in message.body
    assert "0 of 12 standards have been answered so far" in message.body
    assert not [m for m in mailoutbox if "sam.lead@sefton.example" in m.to]
    assert ("Integrated Commissioning for Better Outcomes", "Wirral", 14) in result.sent
    # Councils with no performance lead or director to write to are listed, not mailed.
    assert (
        "Integrated Commissioning for Better Outcomes",
        "Bolton",
    ) in result.skipped_no_recipients


def test_a_rerun_sends_nothing_twice(closing, wirral, wirral_lead, mailoutbox) -> None:
    with committed():
        self_assessment_reminders_send(today=TODAY, days_before=[14, 3])
    sent = len(mailoutbox)

    with committed():
        again = self_assessment_reminders_send(today=TODAY, days_before=[14, 3])
        next_day = self_assessment_reminders_send(
            today=TODAY + datetime.timedelta(days=1), days_before=[14, 3]
        )

    assert sent == 1
    assert len(mailoutbox) == 1
    assert again.sent == []
    assert next_day.sent == []
    assert ReminderSent.objects.get().recipients == "wendy.lead@wirral.example"


def test_the_3_day_reminder_follows_and_a_missed_day_still_sends_once(
    closing, wirral, wirral_lead, mailoutbox
) -> None:
    with committed():
        self_assessment_reminders_send(today=TODAY, days_before=[14, 3])

    with committed():
        self_assessment_reminders_send(
            today=closing.closes_on - datetime.timedelta(days=2), days_before=[14, 3]
        )
        self_assessment_reminders_send(
            today=closing.closes_on - datetime.timedelta(days=1), days_before=[14, 3]
        )

    assert len(mailoutbox) == 2
    assert "closes in 2 days" in mailoutbox[1].body
    assert sorted(ReminderSent.objects.values_list("days_before", flat=True)) == [3, 14]


def test_nothing_is_sent_before_the_window_or_after_closing_or_once_submitted(
    closing, wirral, wirral_lead, mailoutbox
) -> None:
    with committed():
        self_assessment_reminders_send(
            today=TODAY - datetime.timedelta(days=1), days_before=[14, 3]
        )
        self_assessment_reminders_send(
            today=closing.closes_on + datetime.timedelta(days=1), days_before=[14, 3]
        )
    assert mailoutbox == []

    submitted(closing, wirral, wirral_lead)
    with committed():
        self_assessment_reminders_send(today=TODAY, days_before=[14, 3])
    assert mailoutbox == []


def test_an_ended_council_is_not_reminded(closing, mailoutbox) -> None:
    cumbria = Council.objects.get(slug="cumbria")
    make_user("carl.lead@cumbria.example", Role.PERFORMANCE_LEAD, cumbria)

    with committed():
        self_assessment_reminders_send(today=TODAY, days_before=[14, 3])

    assert mailoutbox == []


def test_the_task_uses_the_days_given_and_runs_daily(
    closing, wirral, wirral_lead, mailoutbox
) -> None:
    assert self_assessment_reminders_send_task.delay(days_before=[20]).get() == 1
    assert self_assessment_reminders_send_task.delay().get() == 1  # the default 14-day step
    assert self_assessment_reminders_send_task.delay().get() == 0

    entry = django_settings.CELERY_BEAT_SCHEDULE["selfassessment-reminders-daily"]
    assert entry["task"] == "selfassessment.send_reminders"
    assert entry["kwargs"] == {"days_before": [14, 3]}
    assert entry["schedule"].hour == {7}


def test_a_person_who_turned_the_reminders_off_is_not_e_mailed(
    closing, wirral, wirral_lead, wirral_director, mailoutbox
) -> None:
    from notifications.models import Kind
    from notifications.services import notification_preferences_save

    notification_preferences_save(
        user=wirral_director,
        enabled=[k for k in Kind if k != Kind.SELF_ASSESSMENT_DEADLINE],
    )

    with committed():
        self_assessment_reminders_send(today=TODAY, days_before=[14, 3])

    assert [m.to for m in mailoutbox] == [["wendy.lead@wirral.example"]]
    assert ReminderSent.objects.get(council=wirral).recipients == "wendy.lead@wirral.example"
