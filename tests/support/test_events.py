"""Regional events: booking with a waiting list promoted in order when a place is freed,
attendance, Beacon event funding (MoU 2.1 e), the database's constraints and the iCalendar
feed."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from support import services
from support.ical import events_ical
from support.models import Booking, Event, EventKind
from support.services import SupportRefused
from tests.support.conftest import council

pytestmark = pytest.mark.django_db


def event(by, *, capacity: int = 2, days_ahead: int = 30, kind: str = EventKind.WORKSHOP) -> Event:
    starts = timezone.now() + datetime.timedelta(days=days_ahead)
    return services.event_create(
        kind=kind,
        title="Strengths-based practice workshop",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="Liverpool Town Hall",
        capacity=capacity,
        host_council=council("Liverpool"),
        created_by=by,
    )


def test_bookings_beyond_capacity_wait_and_are_promoted_in_order(
    regional_admin, make_council_user
) -> None:
    workshop = event(regional_admin, capacity=3)
    users = {
        name: make_council_user(council(name)) for name in ("Wirral", "Sefton", "Halton", "Bury")
    }
    first = services.event_book(
        event=workshop, council=council("Wirral"), places=2, booked_by=users["Wirral"]
    )
    second = services.event_book(
        event=workshop, council=council("Sefton"), places=1, booked_by=users["Sefton"]
    )
    third = services.event_book(
        event=workshop, council=council("Halton"), places=2, booked_by=users["Halton"]
    )
    fourth = services.event_book(
        event=workshop, council=council("Bury"), places=1, booked_by=users["Bury"]
    )
    assert [b.status for b in (first, second, third, fourth)] == [
        "confirmed", "confirmed", "waitlisted", "waitlisted",
    ]  # fmt: skip
    # Sefton's 1 place is freed: Halton (2 places) is first but does not fit, so nobody
    # overtakes it.
    assert services.booking_cancel(booking=second, cancelled_by=users["Sefton"]) == []
    # Wirral's 2 places are freed: 3 free, Halton (2) then Bury (1) are promoted.
    promoted = services.booking_cancel(booking=first, cancelled_by=users["Wirral"])
    assert [b.council.name for b in promoted] == ["Halton", "Bury"]
    assert set(Booking.objects.filter(status="confirmed").values_list("council__name", flat=True)) == {
        "Halton", "Bury",
    }  # fmt: skip


def test_a_person_books_an_event_once_but_may_book_again_after_cancelling(
    regional_admin, wirral, wirral_lead
) -> None:
    workshop = event(regional_admin)
    booking = services.event_book(event=workshop, council=wirral, booked_by=wirral_lead)
    with pytest.raises(SupportRefused, match="already booked"):
        services.event_book(event=workshop, council=wirral, booked_by=wirral_lead)
    services.booking_cancel(booking=booking, cancelled_by=wirral_lead)
    assert (
        services.event_book(event=workshop, council=wirral, booked_by=wirral_lead).status
        == "confirmed"
    )


def test_an_event_that_has_started_cannot_be_booked(regional_admin, wirral, wirral_lead) -> None:
    past = event(regional_admin, days_ahead=-1)
    with pytest.raises(SupportRefused, match="already started"):
        services.event_book(event=past, council=wirral, booked_by=wirral_lead)


def test_attendance_is_recorded_for_confirmed_bookings_once_the_event_starts(
    regional_admin, wirral, wirral_lead
) -> None:
    workshop = event(regional_admin)
    booking = services.event_book(event=workshop, council=wirral, booked_by=wirral_lead)
    with pytest.raises(SupportRefused, match="once the event has started"):
        services.attendance_record(booking=booking, attended="yes", recorded_by=regional_admin)
    Event.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert (
        services.attendance_record(
            booking=booking, attended="yes", recorded_by=regional_admin
        ).attended
        == "yes"
    )


def test_beacon_funding_is_recorded_for_beacon_events_only(regional_admin) -> None:
    workshop = event(regional_admin)
    with pytest.raises(SupportRefused, match="Beacon events only"):
        services.beacon_funding_record(
            event=workshop, amount=500, note="", recorded_by=regional_admin
        )
    beacon = event(regional_admin, kind=EventKind.BEACON)
    funded = services.beacon_funding_record(
        event=beacon, amount="1500.00", note="Venue and catering", recorded_by=regional_admin
    )
    assert (funded.beacon_funding_amount, funded.beacon_funding_note) == (
        Decimal("1500.00"), "Venue and catering",
    )  # fmt: skip
    with pytest.raises(SupportRefused, match="£0 or more"):
        services.beacon_funding_record(event=beacon, amount=-1, note="", recorded_by=regional_admin)


def test_the_database_refuses_bad_events_and_bookings(regional_admin, wirral, wirral_lead) -> None:
    workshop = event(regional_admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=workshop.pk).update(
            ends_at=workshop.starts_at - datetime.timedelta(hours=1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=workshop.pk).update(beacon_funding_amount=10)
    Booking.objects.create(
        event=workshop, council=wirral, booked_by=wirral_lead, status="confirmed"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            event=workshop, council=wirral, booked_by=wirral_lead, status="waitlisted"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(event=workshop).update(places=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(event=workshop).update(status="waitlisted", attended="yes")


def test_the_icalendar_feed_parses_with_one_event_each(regional_admin) -> None:
    workshop = event(regional_admin)
    beacon = event(regional_admin, kind=EventKind.BEACON, days_ahead=40)
    Event.objects.filter(pk=beacon.pk).update(
        title="Beacon: reablement, with commas; and semicolons",
        description="A long description " * 10,
    )
    beacon.refresh_from_db()
    feed = events_ical([workshop, beacon], url_for={workshop.pk: "https://portal.example/e/1"})
    parsed = Calendar.from_ical(feed)
    items = parsed.walk("VEVENT")
    assert parsed["VERSION"] == "2.0"
    assert [str(i["SUMMARY"]) for i in items] == [
        "Strengths-based practice workshop",
        "Beacon: reablement, with commas; and semicolons",
    ]
    assert str(items[0]["UID"]) == f"event-{workshop.pk}@nw-sli-portal"
    assert items[0].decoded("DTSTART") == workshop.starts_at.replace(microsecond=0)
    assert str(items[0]["LOCATION"]) == "Liverpool Town Hall"
    assert str(items[0]["URL"]) == "https://portal.example/e/1"
    assert "Hosted by Liverpool" in str(items[1]["DESCRIPTION"])
    assert all(len(line) <= 75 for line in feed.split(b"\r\n"))
