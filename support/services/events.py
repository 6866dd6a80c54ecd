"""Writes for regional events (MoU 2.1 d, e): Beacon events, action learning sets, workshops,
masterclasses, conferences and peer challenges; bookings by council users with a waiting list;
attendance; and the funding given to a council hosting a Beacon event at the Board's request.

Bookings on one event are serialised by locking the event's row, so two people can never both
take the last place. A booking is confirmed while its places fit in what is left, otherwise it
joins the waiting list. When a confirmed booking is cancelled, waiting bookings are promoted
first come, first served: the first waiting booking is promoted if its places fit, then the
next, stopping at the first that does not fit, so nobody is overtaken by a smaller booking.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from support.models import Attendance, Booking, BookingStatus, Event, EventKind, Offer
from support.services.common import SupportRefused, save


def event_create(
    *,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    capacity: int,
    description: str = "",
    host_council: Council | None = None,
    offer: Offer | None = None,
    created_by: User,
) -> Event:
    """A regional event open for booking."""
    if kind not in EventKind.values:
        raise SupportRefused("Choose the kind of event")
    if not title.strip():
        raise SupportRefused("Enter the event's title")
    if not place.strip():
        raise SupportRefused("Enter where the event takes place")
    if ends_at < starts_at:
        raise SupportRefused("The event must end after it starts")
    if capacity < 0:
        raise SupportRefused("The number of places must be 0 or more")
    with transaction.atomic():
        event = Event(
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            capacity=capacity,
            host_council=host_council,
            offer=offer,
            created_by=created_by,
        )
        save(event, by=created_by)
    return event


def event_update(
    *,
    event: Event,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    capacity: int,
    description: str = "",
    host_council: Council | None = None,
    offer: Offer | None = None,
    updated_by: User,
) -> Event:
    """Change an event's details (the history keeps what it said before). The capacity cannot
    fall below the places already confirmed: nobody loses a confirmed place by an edit. An
    event with Beacon funding recorded stays a Beacon event with a host council."""
    if kind not in EventKind.values:
        raise SupportRefused("Choose the kind of event")
    if not title.strip():
        raise SupportRefused("Enter the event's title")
    if not place.strip():
        raise SupportRefused("Enter where the event takes place")
    if ends_at < starts_at:
        raise SupportRefused("The event must end after it starts")
    if capacity < 0:
        raise SupportRefused("The number of places must be 0 or more")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        confirmed = _confirmed_places(locked)
        if capacity < confirmed:
            raise SupportRefused(
                f"{confirmed} places are already confirmed: the number of places must be "
                f"{confirmed} or more"
            )
        if locked.beacon_funding_amount is not None and kind != EventKind.BEACON:
            raise SupportRefused(
                "Beacon funding is recorded for this event: it stays a Beacon event"
            )
        if locked.beacon_funding_amount is not None and host_council is None:
            raise SupportRefused("Beacon funding is recorded for this event: keep its host council")
        locked.kind = kind
        locked.title = title.strip()
        locked.description = description.strip()
        locked.starts_at = starts_at
        locked.ends_at = ends_at
        locked.place = place.strip()
        locked.capacity = capacity
        locked.host_council = host_council
        locked.offer = offer
        save(locked, by=updated_by)
    return locked


def _confirmed_places(event: Event) -> int:
    total = event.bookings.filter(status=BookingStatus.CONFIRMED).aggregate(n=Sum("places"))["n"]
    return int(total or 0)


def event_book(*, event: Event, council: Council, places: int = 1, booked_by: User) -> Booking:
    """Book ``places`` on ``event`` for ``council``: confirmed if they fit in the places left,
    otherwise on the waiting list (the returned booking's status says which). One live booking
    per person per event; events that have started cannot be booked."""
    if places < 1:
        raise SupportRefused("Book at least one place")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.starts_at <= timezone.now():
            raise SupportRefused("This event has already started, so it can no longer be booked")
        if (
            locked.bookings.filter(booked_by=booked_by)
            .exclude(status=BookingStatus.CANCELLED)
            .exists()
        ):
            raise SupportRefused("You have already booked this event")
        fits = _confirmed_places(locked) + places <= locked.capacity
        booking = Booking(
            event=locked,
            council=council,
            booked_by=booked_by,
            places=places,
            status=BookingStatus.CONFIRMED if fits else BookingStatus.WAITLISTED,
        )
        save(booking, by=booked_by)
    return booking


def booking_cancel(*, booking: Booking, cancelled_by: User) -> list[Booking]:
    """Cancel a confirmed or waiting booking. If it was confirmed, waiting bookings are
    promoted in the order they were made while their places fit. Returns the promoted
    bookings."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=booking.event_id)
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status == BookingStatus.CANCELLED:
            return []
        was_confirmed = locked.status == BookingStatus.CONFIRMED
        locked.status = BookingStatus.CANCELLED
        locked.attended = Attendance.UNKNOWN
        save(locked, by=cancelled_by)
        if not was_confirmed:
            return []
        free = event.capacity - _confirmed_places(event)
        promoted = []
        waiting = event.bookings.filter(status=BookingStatus.WAITLISTED).order_by(
            "created_at", "pk"
        )
        for candidate in waiting:
            if candidate.places > free:
                break
            candidate.status = BookingStatus.CONFIRMED
            save(candidate, by=cancelled_by)
            free -= candidate.places
            promoted.append(candidate)
    return promoted


def attendance_record(*, booking: Booking, attended: str, recorded_by: User) -> Booking:
    """Record whether a confirmed booking's delegates came, once the event has started."""
    if attended not in Attendance.values:
        raise SupportRefused("Choose attended, did not attend or not recorded")
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("event").get(pk=booking.pk)
        if locked.status != BookingStatus.CONFIRMED:
            raise SupportRefused("Attendance is recorded for confirmed bookings only")
        if locked.event.starts_at > timezone.now():
            raise SupportRefused("Record attendance once the event has started")
        if locked.attended != attended:
            locked.attended = attended
            save(locked, by=recorded_by)
    return locked


def beacon_funding_record(
    *, event: Event, amount: Decimal | int | str, note: str, recorded_by: User
) -> Event:
    """Record the funding made available to the council hosting a Beacon event at the Board's
    request, to cover its costs (MoU 2.1 e)."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise SupportRefused("Enter the funding in pounds, like 1500 or 1500.00") from exc
    if not value.is_finite() or value < 0:
        raise SupportRefused("The funding must be £0 or more")
    if value != value.quantize(Decimal("0.01")):
        raise SupportRefused("Enter the funding in pounds and pence, like 1500.00")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.kind != EventKind.BEACON:
            raise SupportRefused("Funding is recorded for Beacon events only (MoU 2.1 e)")
        if locked.host_council_id is None:
            raise SupportRefused("Record the host council before its funding")
        locked.beacon_funding_amount = value
        locked.beacon_funding_note = note.strip()
        save(locked, by=recorded_by)
    return locked
