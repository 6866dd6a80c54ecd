"""Regional events (MoU 2.1 d, e): the list by month, an event's page, booking places with a
waiting list, cancelling a booking (which promotes the waiting list), and the administrator's
pages to add and change events, record attendance and record Beacon event funding. Also the
iCalendar feed of events.

Every signed-in user sees the events. The feed is for signed-in users too, by the same session
as the pages: a calendar program cannot sign in, so the page offers the file to download and
import rather than a subscription address (a per-person secret address would need keys that
can be withdrawn, which the portal does not keep).

Thin views: access (accounts.access), then form, then service, then redirect.
"""

import calendar
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from authorities.models import Council
from support import selectors
from support.forms import AttendanceForm, BeaconFundingForm, BookingForm, EventForm
from support.ical import events_ical
from support.models import Booking, BookingStatus, Event, EventKind
from support.services import (
    SupportRefused,
    attendance_record,
    beacon_funding_record,
    booking_cancel,
    event_book,
    event_create,
    event_update,
)

# The feed keeps a year of past events, so a calendar that imports it again keeps them.
FEED_PAST_DAYS = 365


def _month(value: str) -> datetime.date:
    """The first day of a month given as YYYY-MM; anything else is a 404."""
    try:
        first = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise Http404 from exc
    if not 2000 <= first.year <= 2100:
        raise Http404
    return first


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@login_required
@require_safe
def events(request: HttpRequest) -> HttpResponse:
    """Upcoming events by month; ``?month=YYYY-MM`` shows one month, past or future."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    month = request.GET.get("month")
    if month:
        first = _month(month)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        months = selectors.events_by_month(fetched_by=request.user, start=first, end=last)
        context: dict[str, Any] = {
            "month": first,
            "previous": _shift(first, -1),
            "next": _shift(first, 1),
        }
    else:
        months = selectors.events_by_month(fetched_by=request.user, start=today)
        context = {"month": None, "previous": _shift(this_month, -1)}
    context.update(
        {
            "months": months,
            "today": today,
            "now_dt": timezone.now(),
            "may_manage": access.may_act_at_all(request.user, "manage_events"),
        }
    )
    return render(request, "support/events.html", context)


def _bookable_councils(user: access.AnyUser) -> list[Council]:
    ids = access.council_ids_for(user, "book_event")
    if not ids:
        return []
    return list(Council.objects.filter(pk__in=ids).order_by("name"))


def _event_page(
    request: HttpRequest, pk: int, *, attendance_for: int | None = None, **forms: Form
) -> HttpResponse:
    page = selectors.event_get(fetched_by=request.user, pk=pk)
    event = page.row.event
    started = event.starts_at <= timezone.now()
    councils = _bookable_councils(request.user)
    may_manage = access.may_act_at_all(request.user, "manage_events")
    context: dict[str, Any] = {
        "page": page,
        "event": event,
        "started": started,
        "may_manage": may_manage,
        "may_book": bool(councils) and not started and page.row.my_booking is None,
        "is_beacon": event.kind == EventKind.BEACON,
        "live_bookings": [b for b in page.bookings if b.status != BookingStatus.CANCELLED],
        "cancelled_bookings": [b for b in page.bookings if b.status == BookingStatus.CANCELLED],
        "attendance_for": attendance_for,
    }
    if context["may_book"]:
        context["booking_form"] = BookingForm(councils=councils)
    context.update(forms)
    failed = [form for form in forms.values() if form.errors]
    context["failed_form"] = failed[0] if failed else None
    return render(request, "support/event.html", context, status=400 if failed else 200)


@login_required
@require_safe
def event(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(request, pk)


@login_required
@require_POST
def event_book_view(request: HttpRequest, pk: int) -> HttpResponse:
    councils = _bookable_councils(request.user)
    if not councils:
        raise PermissionDenied
    target = get_object_or_404(Event, pk=pk)
    form = BookingForm(request.POST, councils=councils)
    if form.is_valid():
        try:
            booking = event_book(
                event=target,
                council=form.cleaned_data["council"],
                places=form.cleaned_data["places"],
                booked_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            places = f"{booking.places} place{'s' if booking.places != 1 else ''}"
            if booking.status == BookingStatus.CONFIRMED:
                messages.success(request, f"Booked: {places} for {booking.council.name}.")
            else:
                messages.warning(
                    request,
                    f"The event is full, so {places} for {booking.council.name} are on the "
                    "waiting list. If places are freed, waiting bookings are confirmed in the "
                    "order they were made.",
                )
            return redirect("support:event", pk=target.pk)
    return _event_page(request, pk, booking_form=form)


@login_required
@require_POST
def booking_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    booking: Booking = access.get_booking_or_404(
        Booking.objects.select_related("event", "council"),
        request.user,
        pk=pk,
        action="cancel_booking",
    )
    promoted = booking_cancel(booking=booking, cancelled_by=access.signed_in(request))
    text = f"Booking for {booking.council.name} cancelled."
    if promoted:
        names = ", ".join(b.council.name for b in promoted)
        text += f" Places confirmed from the waiting list: {names}."
    messages.success(request, text)
    return redirect("support:event", pk=booking.event_id)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    booking: Booking = access.get_booking_or_404(
        Booking.objects.select_related("event", "council"),
        request.user,
        pk=pk,
        action="manage_events",
    )
    form = AttendanceForm(request.POST, prefix=f"booking-{booking.pk}")
    if form.is_valid():
        try:
            attendance_record(
                booking=booking,
                attended=form.cleaned_data["attended"],
                recorded_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            form.add_error("attended", refused.message)
        else:
            messages.success(request, f"Attendance recorded for {booking.council.name}.")
            return redirect("support:event", pk=booking.event_id)
    return _event_page(request, booking.event_id, attendance_form=form, attendance_for=booking.pk)


def _manager(request: HttpRequest) -> None:
    if not access.may_act_at_all(request.user, "manage_events"):
        raise PermissionDenied


def _event_fields(form: EventForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "title": data["title_text"],
        "description": data["description"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "place": data["place"],
        "capacity": data["capacity"],
        "host_council": data["host_council"],
        "offer": data["offer"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def event_create_view(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = event_create(**_event_fields(form), created_by=access.signed_in(request))
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, f"Event added: {made.title}.")
            return redirect("support:event", pk=made.pk)
    return render(
        request,
        "support/event_form.html",
        {"form": form, "event": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    target = get_object_or_404(Event, pk=pk)
    if request.method == "POST":
        form = EventForm(request.POST)
    else:
        form = EventForm(initial=EventForm.initial_for(target))
    form.title = "Change the event"
    if request.method == "POST" and form.is_valid():
        try:
            event_update(event=target, **_event_fields(form), updated_by=access.signed_in(request))
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, "Event changed.")
            return redirect("support:event", pk=target.pk)
    return render(
        request,
        "support/event_form.html",
        {"form": form, "event": target},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def beacon_funding(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    target = get_object_or_404(Event.objects.select_related("host_council"), pk=pk)
    if target.kind != EventKind.BEACON:
        raise Http404
    if request.method == "POST":
        form = BeaconFundingForm(request.POST)
    else:
        form = BeaconFundingForm(
            initial={"amount": target.beacon_funding_amount, "note": target.beacon_funding_note}
        )
    if request.method == "POST" and form.is_valid():
        try:
            beacon_funding_record(
                event=target,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
                recorded_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, "Beacon event funding recorded.")
            return redirect("support:event", pk=target.pk)
    return render(
        request,
        "support/event_funding.html",
        {"form": form, "event": target},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def events_ical_view(request: HttpRequest) -> HttpResponse:
    start = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    listed = selectors.events_for_feed(start=start)
    urls = {e.pk: request.build_absolute_uri(reverse("support:event", args=[e.pk])) for e in listed}
    response = HttpResponse(
        events_ical(listed, url_for=urls), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="nw-sli-events.ics"'
    return response
