"""The events pages: the list by month, an event's page, booking with a waiting list and
cancelling (which promotes it), the administrator's event forms, attendance and Beacon
funding, and the iCalendar feed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from support import services
from support.models import Booking, Event, EventKind
from tests.conftest import committed
from tests.support.conftest import council

pytestmark = pytest.mark.django_db


def make_event(by, *, capacity=2, days_ahead=30, kind=EventKind.WORKSHOP, title="Workshop"):
    starts = timezone.now() + datetime.timedelta(days=days_ahead)
    return services.event_create(
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="Liverpool Town Hall",
        capacity=capacity,
        host_council=council("Liverpool"),
        created_by=by,
    )


def past(event: Event, by, days: int = 10) -> Event:
    starts = timezone.now() - datetime.timedelta(days=days)
    return services.event_update(
        event=event,
        kind=event.kind,
        title=event.title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place=event.place,
        capacity=event.capacity,
        host_council=event.host_council,
        updated_by=by,
    )


def book(client, event: Event, places: int = 1, **extra):
    with committed():
        return client.post(
            reverse("support:event_book", args=[event.pk]), {"places": places, **extra}
        )


# The list and the page -------------------------------------------------------------------------


def test_list_shows_upcoming_events_and_past_months_are_reachable(
    client_for, regional_admin, board_member
):
    make_event(regional_admin, title="Coming workshop")
    gone = past(make_event(regional_admin, title="Earlier masterclass"), regional_admin, 40)
    client = client_for(board_member)
    html = client.get(reverse("support:events")).content.decode()
    assert "Coming workshop" in html
    assert "Earlier masterclass" not in html
    month = timezone.localtime(gone.starts_at).strftime("%Y-%m")
    html = client.get(reverse("support:events") + f"?month={month}").content.decode()
    # 40 days ago and 30 days ahead are never in the same month.
    assert "Earlier masterclass" in html
    assert "Coming workshop" not in html
    assert client.get(reverse("support:events") + "?month=June").status_code == 404


def test_event_page_shows_places_left_and_beacon_funding(client_for, regional_admin, sefton_lead):
    beacon = make_event(regional_admin, kind=EventKind.BEACON, capacity=5)
    services.beacon_funding_record(
        event=beacon, amount="1500.00", note="Venue", recorded_by=regional_admin
    )
    services.event_book(event=beacon, council=council("Sefton"), places=2, booked_by=sefton_lead)
    html = client_for(sefton_lead).get(reverse("support:event", args=[beacon.pk])).content.decode()
    assert 'id="places-left">3<' in html
    assert "£1,500.00" in html
    assert "Liverpool" in html


# Booking, the waiting list and cancelling ------------------------------------------------------


def test_booking_is_confirmed_then_waitlisted_when_full_and_promoted_on_cancel(
    client_for, regional_admin, wirral_lead, sefton_lead, make_council_user
):
    workshop = make_event(regional_admin, capacity=2)
    response = book(client_for(wirral_lead), workshop, 2)
    assert response.status_code == 302
    sefton = client_for(sefton_lead)
    response = book(sefton, workshop, 1)
    page = sefton.get(response["Location"]).content.decode()
    assert "The event is full" in page
    assert "waiting list" in page
    waiting = Booking.objects.get(council__name="Sefton")
    assert waiting.status == "waitlisted"
    wirral_booking = Booking.objects.get(council__name="Wirral")
    wirral = client_for(wirral_lead)
    with committed():
        response = wirral.post(reverse("support:booking_cancel", args=[wirral_booking.pk]))
    assert response.status_code == 302
    page = wirral.get(response["Location"]).content.decode()
    assert "Places confirmed from the waiting list: Sefton" in page
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_booking_refusals(client_for, regional_admin, wirral_lead, board_member, sefton_lead):
    workshop = make_event(regional_admin)
    assert book(client_for(board_member), workshop).status_code == 403
    assert book(client_for(regional_admin), workshop).status_code == 403
    response = book(client_for(wirral_lead), workshop, 0)
    assert response.status_code == 400
    assert "Book at least one place" in response.content.decode()
    book(client_for(wirral_lead), workshop, 1)
    response = book(client_for(wirral_lead), workshop, 1)
    assert response.status_code == 400
    assert "already booked" in response.content.decode()
    booking = Booking.objects.get()
    cancel = reverse("support:booking_cancel", args=[booking.pk])
    assert client_for(sefton_lead).post(cancel).status_code == 404
    assert client_for(board_member).post(cancel).status_code == 403
    assert client_for(wirral_lead).get(cancel).status_code == 405


def test_started_event_cannot_be_booked(client_for, regional_admin, wirral_lead):
    gone = past(make_event(regional_admin), regional_admin)
    page = client_for(wirral_lead).get(reverse("support:event", args=[gone.pk])).content.decode()
    assert "can no longer be booked" in page
    response = book(client_for(wirral_lead), gone)
    assert response.status_code == 400
    assert "already started" in response.content.decode()


# The administrator -----------------------------------------------------------------------------


def test_attendance_is_recorded_by_the_administrator_only(
    client_for, regional_admin, wirral_lead, planning_group_member
):
    workshop = make_event(regional_admin)
    booking = services.event_book(event=workshop, council=council("Wirral"), booked_by=wirral_lead)
    url = reverse("support:attendance", args=[booking.pk])
    field = f"booking-{booking.pk}-attended"
    response = client_for(regional_admin).post(url, {field: "yes"})
    assert response.status_code == 400
    assert "Record attendance once the event has started" in response.content.decode()
    past(workshop, regional_admin)
    assert client_for(wirral_lead).post(url, {field: "yes"}).status_code == 403
    assert client_for(planning_group_member).post(url, {field: "yes"}).status_code == 403
    assert client_for(regional_admin).post(url, {field: "yes"}).status_code == 302
    booking.refresh_from_db()
    assert booking.attended == "yes"


def test_beacon_funding_is_recorded_by_the_administrator_only(
    client_for, regional_admin, wirral_lead
):
    beacon = make_event(regional_admin, kind=EventKind.BEACON)
    url = reverse("support:beacon_funding", args=[beacon.pk])
    assert client_for(wirral_lead).post(url, {"amount": "10"}).status_code == 403
    response = client_for(regional_admin).post(url, {"amount": "12.345"})
    assert response.status_code == 400
    assert "Enter the funding in pounds and pence" in response.content.decode()
    response = client_for(regional_admin).post(url, {"amount": "2500", "note": "Venue hire"})
    assert response.status_code == 302
    beacon.refresh_from_db()
    assert beacon.beacon_funding_amount == Decimal("2500.00")
    workshop = make_event(regional_admin)
    assert (
        client_for(regional_admin)
        .get(reverse("support:beacon_funding", args=[workshop.pk]))
        .status_code
        == 404
    )


def _event_form(**changes: str) -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "kind": EventKind.MASTERCLASS,
        "title_text": "Masterclass on commissioning",
        "description": "",
        "starts_on_0": str(day.day),
        "starts_on_1": str(day.month),
        "starts_on_2": str(day.year),
        "start_time": "09:30",
        "end_time": "12:00",
        "ends_on_0": "",
        "ends_on_1": "",
        "ends_on_2": "",
        "place": "Chester Town Hall",
        "host_council": "",
        "capacity": "30",
        "offer": "",
    }
    data.update(changes)
    return data


def test_administrator_adds_and_changes_an_event(client_for, regional_admin, wirral_lead):
    client = client_for(regional_admin)
    assert (
        client_for(wirral_lead).post(reverse("support:event_create"), _event_form()).status_code
        == 403
    )
    response = client.post(reverse("support:event_create"), _event_form(end_time="08:00"))
    assert response.status_code == 400
    assert "The event must end after it starts" in response.content.decode()
    response = client.post(reverse("support:event_create"), _event_form())
    assert response.status_code == 302
    made = Event.objects.get()
    assert timezone.localtime(made.starts_at).strftime("%H:%M") == "09:30"
    edit = reverse("support:event_edit", args=[made.pk])
    assert client.get(edit).context["form"].initial["start_time"] == "09:30"
    response = client.post(edit, _event_form(capacity="12", place="Crewe Lyceum"))
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.capacity, made.place) == (12, "Crewe Lyceum")
    assert made.history.count() == 2


def test_capacity_cannot_fall_below_confirmed_places(client_for, regional_admin, wirral_lead):
    workshop = make_event(regional_admin, capacity=5)
    services.event_book(event=workshop, council=council("Wirral"), places=3, booked_by=wirral_lead)
    response = client_for(regional_admin).post(
        reverse("support:event_edit", args=[workshop.pk]), _event_form(capacity="2")
    )
    assert response.status_code == 400
    assert "3 places are already confirmed" in response.content.decode()


# The iCalendar feed ----------------------------------------------------------------------------


def test_ical_feed_parses_and_lists_the_events(client_for, regional_admin, board_member):
    first = make_event(regional_admin, title="Workshop one")
    second = make_event(regional_admin, title="Workshop two", days_ahead=60)
    assert client_for(None).get(reverse("support:events_ical")).status_code == 302
    response = client_for(board_member).get(reverse("support:events_ical"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Workshop one", "Workshop two"}
    assert str(events["Workshop one"]["uid"]) == f"event-{first.pk}@nw-sli-portal"
    assert str(events["Workshop two"]["url"]).endswith(reverse("support:event", args=[second.pk]))


# Query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 8])
def test_events_pages_query_count_is_fixed(
    count, client_for, regional_admin, wirral_lead, make_council_user, django_assert_max_num_queries
):
    events = [make_event(regional_admin, capacity=3, days_ahead=10 + i) for i in range(count)]
    for name in ["Sefton", "Halton", "Bury", "Wigan"][: min(count, 4)]:
        services.event_book(
            event=events[0],
            council=council(name),
            places=1,
            booked_by=make_council_user(council(name)),
        )
    services.event_book(event=events[0], council=council("Wirral"), booked_by=wirral_lead)
    for user in (wirral_lead, regional_admin):
        client = client_for(user)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("support:events")).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(reverse("support:event", args=[events[0].pk])).status_code == 200
        with django_assert_max_num_queries(6):
            assert client.get(reverse("support:events_ical")).status_code == 200
