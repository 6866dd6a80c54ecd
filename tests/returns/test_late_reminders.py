"""'Remind the councils whose return is late' from the completeness grid: one e-mail per
council's performance leads, recorded and shown on the grid with its date, never sent twice on
one day; and the grid as CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from accounts.models import Role
from authorities.models import Council
from notifications.models import Notification
from returns.models import LateReturnReminder, Period, Return, ReturnStatus
from returns.notifications import late_returns_remind
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def late_period(db: None) -> Period:
    """2026/27 Q2: its deadline has passed and its window is still open."""
    period, _ = Period.objects.update_or_create(
        year=2026,
        quarter=2,
        defaults={
            "opens_on": datetime.date(2026, 10, 1),
            "deadline": datetime.date(2026, 11, 15),
            "closes_on": datetime.date(2026, 12, 31),
        },
    )
    return period


def _remind_url(period: Period) -> str:
    return reverse("returns:completeness_remind", args=[period.slug])


def test_each_late_councils_performance_leads_get_one_email(
    late_period, wirral_lead, wirral_director, sefton_lead, planning_group_member, wirral
) -> None:
    other_lead = make_user("second.lead@wirral.gov.uk", Role.PERFORMANCE_LEAD, wirral)
    sefton = Council.objects.get(slug="sefton")
    Return.objects.create(council=sefton, period=late_period, status=ReturnStatus.SUBMITTED)
    result = late_returns_remind(period=late_period, sent_by=planning_group_member, today=TODAY)
    assert wirral in result.reminded
    assert sefton not in result.reminded
    emailed = Notification.objects.filter(key__contains=":late:2026-12-07")
    assert sorted(emailed.values_list("user__email", flat=True)) == sorted(
        [wirral_lead.email, other_lead.email]
    ), "performance leads only, not the director; not Sefton, which submitted"
    reminder = LateReturnReminder.objects.get(council=wirral)
    assert (reminder.sent_on, reminder.sent_by, reminder.recipients) == (
        TODAY,
        planning_group_member,
        2,
    )


def test_a_reminder_is_never_sent_twice_on_one_day(
    late_period, wirral_lead, planning_group_member, regional_admin, wirral
) -> None:
    late_returns_remind(period=late_period, sent_by=planning_group_member, today=TODAY)
    again = late_returns_remind(period=late_period, sent_by=regional_admin, today=TODAY)
    assert wirral in again.already_today
    assert wirral not in again.reminded
    assert Notification.objects.filter(user=wirral_lead).count() == 1
    assert LateReturnReminder.objects.filter(council=wirral).count() == 1
    next_day = late_returns_remind(
        period=late_period, sent_by=regional_admin, today=TODAY + datetime.timedelta(days=1)
    )
    assert wirral in next_day.reminded
    assert Notification.objects.filter(user=wirral_lead).count() == 2


def test_no_reminder_before_the_deadline(late_period, wirral_lead, planning_group_member) -> None:
    result = late_returns_remind(
        period=late_period, sent_by=planning_group_member, today=datetime.date(2026, 11, 15)
    )
    assert result.reminded == []
    assert not Notification.objects.exists()


def test_the_grid_offers_the_reminder_and_shows_its_date(
    client_for, late_period, wirral_lead, planning_group_member, risk_assessor
) -> None:
    url = f"{reverse('returns:completeness')}?period={late_period.slug}"
    client = client_for(planning_group_member)
    assert "Remind the councils whose return is late" in client.get(url).content.decode()
    response = client.post(_remind_url(late_period))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert LateReturnReminder.objects.filter(council__slug="wirral").exists()
    today = LateReturnReminder.objects.get(council__slug="wirral").sent_on
    assert f"{today:%-d %B %Y}" in page
    assert "Remind the councils" not in client_for(risk_assessor).get(url).content.decode()
    assert client_for(risk_assessor).post(_remind_url(late_period)).status_code == 403


def test_the_grid_as_csv(client_for, late_period, planning_group_member, wirral) -> None:
    LateReturnReminder.objects.create(
        period=late_period, council=wirral, sent_on=TODAY, sent_by=planning_group_member
    )
    response = client_for(planning_group_member).get(
        reverse("returns:completeness_csv", args=[late_period.slug])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Council", "Sub-region"]
    assert rows[0][-1] == "Last reminded of a late return"
    by_council = {row[0]: row for row in rows[1:]}
    assert by_council["Wirral"][-1] == "2026-12-07"
    assert "Late" in by_council["Wirral"]


def test_a_council_gets_only_its_own_row(client_for, late_period, wirral_lead) -> None:
    response = client_for(wirral_lead).get(
        reverse("returns:completeness_csv", args=[late_period.slug])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Wirral"]
