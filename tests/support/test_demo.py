"""The support demonstration (demo/support.py): every status of engagement, a ledger with
a council over the threshold and its challenge, directory entries, events with bookings and a
waiting list, a past Beacon event with attendance and funding; completed engagements and past
events in the Regional Account's year (2023/24); and safe to run twice."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from demo.reports import demo_account_year
from demo.review import review_demo_load
from demo.support import support_demo_load
from demo.triggers import triggers_demo_load
from demo.users import users_ensure
from sli_portal.financial_years import financial_year_of
from support.ledger import ledger_for_year
from support.models import (
    Booking,
    Engagement,
    EngagementEvent,
    EngagementProvider,
    EngagementStatus,
    Event,
    EventKind,
    ShareChallenge,
    StrengthEntry,
)
from support.selectors import engagement_list

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "engagements": Engagement.objects.count(),
        "providers": EngagementProvider.objects.count(),
        "steps": EngagementEvent.objects.count(),
        "entries": StrengthEntry.objects.count(),
        "events": Event.objects.count(),
        "bookings": Booking.objects.count(),
        "challenges": ShareChallenge.objects.count(),
    }


@pytest.fixture
def demo() -> None:
    users_ensure()
    triggers_demo_load()
    review_demo_load()
    support_demo_load()


def test_engagements_in_every_status_with_days_and_feedback(demo: None) -> None:
    this_year = Engagement.objects.filter(
        starts_on__gte=datetime.date(financial_year_of(timezone.localdate()), 4, 1)
    ) | Engagement.objects.filter(starts_on__isnull=True)
    statuses = set(this_year.values_list("status", flat=True))
    assert statuses == set(EngagementStatus.values)
    completed = this_year.get(status=EngagementStatus.COMPLETED)
    assert completed.feedback
    assert completed.outcome
    provider = completed.providers.get()
    assert provider.feedback
    assert provider.officer_days_actual is not None
    declined = Engagement.objects.get(status=EngagementStatus.DECLINED)
    assert declined.decline_reason.startswith("Demonstration:")


def test_recommendation_is_linked_to_the_review_demonstrations_assessment(demo: None) -> None:
    recommended = Engagement.objects.exclude(origin="requested").get()
    assert recommended.council.name == "Wirral"
    assert recommended.risk_assessment is not None
    assert recommended.concern is not None


def test_wirral_and_sefton_users_see_their_own_engagements(demo: None) -> None:
    for email, name in (
        ("wirral.lead@demo.nwsli.org.uk", "Wirral"),
        ("sefton.lead@demo.nwsli.org.uk", "Sefton"),
    ):
        user = User.objects.get(email=email)
        listed = engagement_list(fetched_by=user)
        assert listed
        for view in listed:
            involved = {view.engagement.council.name} | {p.council.name for p in view.providers}
            assert name in involved


def test_ledger_flags_wirral_over_the_threshold_with_its_challenge(demo: None) -> None:
    ledger = ledger_for_year(year=financial_year_of(timezone.localdate()))
    assert any(row.given.total for row in ledger.rows)
    assert ledger.median > 0
    assert [row.council.name for row in ledger.flagged] == ["Wirral"]
    wirral = ledger.flagged[0]
    assert wirral.given.total > ledger.threshold
    assert wirral.challenge_status == "open"


def test_directory_has_published_and_endorsed_entries(demo: None) -> None:
    published = StrengthEntry.objects.filter(status="published")
    assert published.values("council").distinct().count() >= 5
    assert published.filter(endorsed_at__isnull=False).exists()


def test_events_upcoming_full_with_waiting_list_and_past_with_attendance_and_funding(
    demo: None,
) -> None:
    now = timezone.now()
    upcoming = Event.objects.filter(starts_at__gt=now)
    assert upcoming.filter(bookings__isnull=False).exists()
    assert Booking.objects.filter(status="waitlisted", event__starts_at__gt=now).exists()
    this_year = datetime.date(financial_year_of(timezone.localdate()), 4, 1)
    past = Event.objects.get(starts_at__lt=now, starts_at__date__gte=this_year)
    assert past.kind == EventKind.BEACON
    assert past.beacon_funding_amount is not None
    assert set(past.bookings.values_list("attended", flat=True)) == {"yes", "no"}


def test_the_regional_accounts_year_has_completed_engagements_and_past_events(
    demo: None,
) -> None:
    year = demo_account_year()
    start, end = datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
    engagements = Engagement.objects.filter(starts_on__range=(start, end))
    assert engagements.count() >= 3
    assert set(engagements.values_list("status", flat=True)) == {EngagementStatus.COMPLETED}
    for engagement in engagements:
        assert engagement.feedback.startswith("Demonstration:")
        assert engagement.outcome
        providers = list(engagement.providers.all())
        assert providers
        assert all(p.officer_days_actual and p.feedback for p in providers)
    ledger = ledger_for_year(year=year)
    given = {row.council.name: row.given.total for row in ledger.rows if row.given.total}
    received = {row.council.name for row in ledger.rows if row.received.total}
    assert given["Stockport"] == Decimal("4.5")  # 3.5 officer days and 1 member day
    assert {"Oldham", "Lancashire", "St Helens"} <= received
    events = Event.objects.filter(starts_at__date__range=(start, end))
    assert events.count() >= 2
    beacon = events.get(kind=EventKind.BEACON)
    assert beacon.beacon_funding_amount is not None
    for event in events:
        assert set(event.bookings.values_list("attended", flat=True)) == {"yes", "no"}


def test_running_it_again_changes_nothing(demo: None) -> None:
    before = _counts()
    support_demo_load()
    assert _counts() == before
