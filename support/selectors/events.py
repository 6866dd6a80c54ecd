"""Reads for regional events: the calendar by month, one event with the viewer's booking, and
the events for the calendar feed."""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from accounts import access
from support.models import (
    Booking,
    BookingStatus,
    Event,
)


@dataclass(frozen=True)
class EventRow:
    event: Event
    confirmed_places: int
    waitlisted_places: int
    my_booking: Booking | None

    @property
    def places_left(self) -> int:
        return max(0, self.event.capacity - self.confirmed_places)


@dataclass(frozen=True)
class EventMonth:
    year: int
    month: int
    events: list[EventRow]

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"


class _Places(TypedDict):
    """Places booked on an event, by status (None without a booking of that status)."""

    confirmed_places: int | None
    waitlisted_places: int | None


def _with_counts(queryset: QuerySet[Event]) -> "QuerySet[WithAnnotations[Event, _Places]]":
    return queryset.select_related("host_council", "offer").annotate(
        confirmed_places=Sum(
            "bookings__places", filter=Q(bookings__status=BookingStatus.CONFIRMED)
        ),
        waitlisted_places=Sum(
            "bookings__places", filter=Q(bookings__status=BookingStatus.WAITLISTED)
        ),
    )


def _my_bookings(user: access.AnyUser, events: Sequence[Event]) -> dict[int, Booking]:
    if not user.is_authenticated or not events:
        return {}
    return {
        b.event_id: b
        for b in Booking.objects.filter(event__in=events, booked_by=user).exclude(
            status=BookingStatus.CANCELLED
        )
    }


def events_by_month(
    *, fetched_by: access.AnyUser, start: datetime.date, end: datetime.date | None = None
) -> list[EventMonth]:
    """Events starting from ``start`` (to ``end`` if given), grouped by month, each with its
    confirmed and waiting places and the user's own live booking. Every signed-in user. Two
    queries."""
    if not fetched_by.is_authenticated:
        raise PermissionDenied
    queryset = Event.objects.filter(starts_at__date__gte=start)
    if end is not None:
        queryset = queryset.filter(starts_at__date__lte=end)
    events = list(_with_counts(queryset).order_by("starts_at", "pk"))
    mine = _my_bookings(fetched_by, events)
    months: dict[tuple[int, int], list[EventRow]] = {}
    for event in events:
        local = timezone.localtime(event.starts_at)
        months.setdefault((local.year, local.month), []).append(
            EventRow(
                event=event,
                confirmed_places=event.confirmed_places or 0,
                waitlisted_places=event.waitlisted_places or 0,
                my_booking=mine.get(event.pk),
            )
        )
    return [EventMonth(y, m, rows) for (y, m), rows in months.items()]


@dataclass(frozen=True)
class EventPage:
    row: EventRow
    bookings: list[Booking]


def event_get(*, fetched_by: access.AnyUser, pk: int) -> EventPage:
    """One event with its counts and the bookings the user may see: all of them for the
    administrator (``manage_events``), their own councils' for council users, none for others.
    Three queries."""
    if not fetched_by.is_authenticated:
        raise PermissionDenied
    event = _with_counts(Event.objects.filter(pk=pk)).first()
    if event is None:
        raise Http404
    bookings = Booking.objects.filter(event=event).select_related("council", "booked_by")
    if not access.may_act_at_all(fetched_by, "manage_events"):
        bookings = bookings.filter(council_id__in=access.councils_of(fetched_by))
    listed = list(bookings.order_by("status", "created_at", "pk"))
    mine = next(
        (
            b
            for b in listed
            if b.booked_by_id == fetched_by.pk and b.status != BookingStatus.CANCELLED
        ),
        None,
    )
    row = EventRow(
        event=event,
        confirmed_places=event.confirmed_places or 0,
        waitlisted_places=event.waitlisted_places or 0,
        my_booking=mine,
    )
    return EventPage(row=row, bookings=listed)


def events_for_feed(*, start: datetime.date) -> list[Event]:
    """Events from ``start`` for the iCalendar feed (``support.ical.events_ical``). One
    query."""
    return list(
        Event.objects.filter(starts_at__date__gte=start)
        .select_related("host_council")
        .order_by("starts_at", "pk")
    )
