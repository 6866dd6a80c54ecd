"""Regional events as an iCalendar feed (RFC 5545), written with the ``icalendar`` package so
escaping, line folding and time stamps follow the standard."""

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from support.models import Event

PRODID = "-//North West ADASS//SLI Portal events//EN"
UID_DOMAIN = "nw-sli-portal"


def events_ical(events: Iterable[Event], *, url_for: dict[int, str] | None = None) -> bytes:
    """One VCALENDAR with a VEVENT per event: its title, kind, place, host council, start and
    end (UTC). ``url_for`` maps an event's id to the absolute address of its page. An event's
    UID stays the same for ever, so calendars update it rather than add a copy. Reads
    ``host_council`` of each event: select it with the events."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "NW ADASS SLI events")
    stamp = timezone.now()
    for event in events:
        item = VEvent()
        item.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("summary", event.title)
        lines = [event.get_kind_display()]
        if event.host_council_id:
            lines.append(f"Hosted by {event.host_council}")
        if event.description:
            lines.append(event.description)
        item.add("description", "\n\n".join(lines))
        item.add("location", event.place)
        item.add("categories", [event.get_kind_display()])
        if url_for and event.pk in url_for:
            item.add("url", url_for[event.pk])
        calendar.add_component(item)
    ical: bytes = calendar.to_ical()  # icalendar leaves to_ical's return unannotated
    return ical
