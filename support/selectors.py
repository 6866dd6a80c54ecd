"""Reads for the support app's pages, each with a fixed number of queries whatever the data.

Who sees what:

- the excellence directory's published entries and the events: every signed-in user;
- engagements: the receiving and providing councils' own users and the regional reviewers
  (``accounts.access.scope_engagements``);
- what lies behind a recommendation (the linked concern and risk assessment, and the reasons):
  the reviewers; the receiving council only once the concern or assessment has been shared
  with it; providers never (``accounts.access.may_see_linked_concern``). Hidden links are
  cleared on the returned engagement, so a page cannot show them by mistake;
- the ledger: every council's totals to every user who may see engagements; the breakdown by
  offer (which shows, say, an Intervention received) only for the user's own council, and all
  of it for the reviewers.
"""

import calendar
import dataclasses
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from accounts import access
from authorities.models import Council
from returns.models import Domain, Measure
from support import ledger as ledger_module
from support.models import (
    Booking,
    BookingStatus,
    Engagement,
    EngagementEvent,
    EngagementProvider,
    Event,
    ShareChallenge,
    StrengthEntry,
)
from triggers.models import ConcernStatus
from triggers.selectors.concerns import SHARED_VISIBILITIES

# Directory -------------------------------------------------------------------------------------


def strength_directory_search(
    *,
    fetched_by: access.AnyUser,
    text: str = "",
    domain: str = "",
    measure: Measure | None = None,
    council: Council | None = None,
) -> list[StrengthEntry]:
    """Published directory entries, endorsed first then by council and topic, narrowed by
    ``text`` (every word must appear in the topic, description, council's name or role to
    contact), a scorecard domain, a measure and a council. Every signed-in user; nobody else.
    Two queries."""
    if not fetched_by.is_authenticated:
        raise PermissionDenied
    entries = StrengthEntry.objects.filter(status=StrengthEntry.Status.PUBLISHED)
    for word in text.split():
        entries = entries.filter(
            Q(topic__icontains=word)
            | Q(description__icontains=word)
            | Q(council__name__icontains=word)
            | Q(contact_role__icontains=word)
        )
    if domain:
        if domain not in Domain.values:
            return []
        entries = entries.filter(domains__icontains=f'"{domain}"')
    if measure is not None:
        entries = entries.filter(measures=measure)
    if council is not None:
        entries = entries.filter(council=council)
    return list(
        entries.select_related("council")
        .prefetch_related("measures")
        .annotate(unendorsed=ExpressionWrapper(Q(endorsed_at__isnull=True), BooleanField()))
        .order_by("unendorsed", "council__name", "topic", "pk")
        .distinct()
    )


def council_strength_entries(*, council: Council) -> list[StrengthEntry]:
    """All of a council's entries, drafts and archived included, for its own users (the view
    checks ``publish_strength``). Two queries."""
    return list(
        StrengthEntry.objects.filter(council=council)
        .select_related("council", "endorsed_by")
        .prefetch_related("measures")
        .order_by("status", "topic", "pk")
    )


# Engagements -----------------------------------------------------------------------------------


@dataclass
class EngagementView:
    """An engagement as one user may see it. ``side`` is "receiver", "provider" or "reviewer";
    ``links_visible`` says whether the concern, risk assessment and reasons are shown (when
    not, they are cleared on ``engagement``)."""

    engagement: Engagement
    providers: list[EngagementProvider]
    side: str
    links_visible: bool
    concern_visible: bool
    risk_assessment_visible: bool
    events: list[EngagementEvent] = dataclasses.field(default_factory=list)


def _concern_shared(engagement: Engagement) -> bool:
    concern = engagement.concern
    return concern is not None and (
        concern.visibility in SHARED_VISIBILITIES and concern.status != ConcernStatus.RAISED
    )


def _view(user: access.AnyUser, engagement: Engagement) -> EngagementView:
    providers = list(engagement.providers.all())
    reviewer = access.council_ids_for(user, "view_engagement") is None
    own = access.councils_of(user)
    side = "reviewer" if reviewer else "receiver" if engagement.council_id in own else "provider"
    concern_ok = engagement.concern_id is None or access.may_see_linked_concern(
        user, council_id=engagement.council_id, shared_with_council=_concern_shared(engagement)
    )
    assessment = engagement.risk_assessment
    assessment_ok = assessment is None or access.may_see_linked_concern(
        user,
        council_id=engagement.council_id,
        shared_with_council=assessment.shared_with_council_at is not None,
    )
    # The reasons speak of what lies behind the recommendation: shown only when every linked
    # record is, and never to a provider.
    links_ok = side != "provider" and concern_ok and assessment_ok
    if not concern_ok:
        engagement.concern = None
    if not assessment_ok:
        engagement.risk_assessment = None
    if not links_ok:
        engagement.reasons = ""
    return EngagementView(
        engagement=engagement,
        providers=providers,
        side=side,
        links_visible=links_ok,
        concern_visible=concern_ok and engagement.concern_id is not None,
        risk_assessment_visible=assessment_ok and engagement.risk_assessment_id is not None,
    )


def _engagements(user: access.AnyUser) -> QuerySet[Engagement]:
    if not access.may_act_at_all(user, "view_engagement"):
        raise PermissionDenied
    return (
        access.scope_engagements(Engagement.objects.all(), user)
        .select_related(
            "council__sub_region",
            "offer",
            "tier",
            "measure",
            "concern",
            "risk_assessment",
        )
        .prefetch_related(
            Prefetch(
                "providers",
                queryset=EngagementProvider.objects.select_related("council").order_by(
                    "council__name"
                ),
            )
        )
    )


def engagement_list(
    *,
    fetched_by: access.AnyUser,
    council: Council | None = None,
    status: str = "",
    year: int | None = None,
) -> list[EngagementView]:
    """The engagements the user may see, newest first: for a council's users, those their
    council receives or provides. ``council`` narrows to one council on either side. 403 for
    a role that sees no engagements. Two queries (three on a user's first read)."""
    queryset = _engagements(fetched_by)
    if council is not None:
        queryset = queryset.filter(
            Q(council=council)
            | Q(pk__in=EngagementProvider.objects.filter(council=council).values("engagement"))
        )
    if status:
        queryset = queryset.filter(status=status)
    if year is not None:
        start, end = ledger_module.year_bounds(year)
        queryset = queryset.filter(
            Q(starts_on__range=(start, end))
            | Q(starts_on__isnull=True, created_at__date__range=(start, end))
        )
    return [_view(fetched_by, e) for e in queryset.order_by("-created_at", "-pk")]


def engagement_get(*, fetched_by: access.AnyUser, pk: int) -> EngagementView:
    """One engagement with its providers and its steps (who did what, when). 404 when the user
    may not see it (another council's), 403 for a role that sees no engagements. Three
    queries."""
    engagement = _engagements(fetched_by).filter(pk=pk).first()
    if engagement is None:
        raise Http404
    view = _view(fetched_by, engagement)
    view.events = list(
        EngagementEvent.objects.filter(engagement=engagement)
        .select_related("actor", "provider__council")
        .order_by("at", "pk")
    )
    return view


# Ledger and challenges -------------------------------------------------------------------------


def ledger_get(*, fetched_by: access.AnyUser, year: int) -> ledger_module.Ledger:
    """The ledger for the financial year starting in ``year`` (see ``support.ledger``), with
    the breakdown by offer only for the user's own council unless a reviewer. Seven queries."""
    if not access.may_act_at_all(fetched_by, "view_engagement"):
        raise PermissionDenied
    result = ledger_module.ledger_for_year(year=year)
    ids = access.council_ids_for(fetched_by, "view_engagement")
    if ids is None:
        return result
    rows = [
        row if row.council.pk in ids else dataclasses.replace(row, by_offer=[])
        for row in result.rows
    ]
    return dataclasses.replace(result, rows=rows)


def challenge_list(*, fetched_by: access.AnyUser, year: int | None = None) -> list[ShareChallenge]:
    """Challenges to a disproportionate share: a council's own for its users, all for the
    reviewers; open ones first. One query."""
    if not access.may_act_at_all(fetched_by, "view_engagement"):
        raise PermissionDenied
    queryset = access.scope_to_councils(
        ShareChallenge.objects.all(), fetched_by, action="view_engagement"
    )
    if year is not None:
        queryset = queryset.filter(year=year)
    return list(
        queryset.select_related("council", "lodged_by", "resolved_by")
        .annotate(resolved=ExpressionWrapper(Q(resolved_at__isnull=False), BooleanField()))
        .order_by("resolved", "-year", "council__name", "-lodged_at")
    )


# Events ----------------------------------------------------------------------------------------


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


def _with_counts(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("host_council", "offer").annotate(
        confirmed_places=Sum(
            "bookings__places", filter=Q(bookings__status=BookingStatus.CONFIRMED)
        ),
        waitlisted_places=Sum(
            "bookings__places", filter=Q(bookings__status=BookingStatus.WAITLISTED)
        ),
    )


def _my_bookings(user: access.AnyUser, events: list[Event]) -> dict[int, Booking]:
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
                confirmed_places=event.confirmed_places or 0,  # type: ignore[attr-defined]
                waitlisted_places=event.waitlisted_places or 0,  # type: ignore[attr-defined]
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
        confirmed_places=event.confirmed_places or 0,  # type: ignore[attr-defined]
        waitlisted_places=event.waitlisted_places or 0,  # type: ignore[attr-defined]
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
