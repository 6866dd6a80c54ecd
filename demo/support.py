"""Demonstration data for the ``support`` app, loaded by ``make run`` (see demo/build.py) after
the concerns and the review, before the improvement plans.

Table 1 is loaded; several councils publish entries in the excellence directory (from the
portal's suggestions where their demonstration figures yield any), some endorsed by the
Planning Group; support engagements in every status (requested, matched, agreed, in progress,
completed with days and feedback from both sides, declined with a reason) across North West
councils this financial year, one of them recommended by the Planning Group and linked to
Wirral's risk assessment and concern where the review demonstration made them. The days are
chosen so the reciprocity ledger flags Wirral as giving more than twice the regional median
(most councils give a day to a peer challenge or an action learning set; Wirral gives several
days of buddying and shadowing), and Wirral has lodged a challenge to its share. Events
relative to today: upcoming ones with bookings, one full with a waiting list, and a past Beacon
event with attendance and funding recorded.

The year of the demonstration's Regional Account (the last completed year,
demo.reports.demo_account_year) has its own history, so the Account's support and reciprocity
section has something to show: completed engagements with providers, actual days and both
sides' feedback, and past events with bookings and attendance, one of them a Beacon event with
its funding recorded.

The entries, engagements and events are invented, and kept in ``demo/data/`` (directory.json,
engagements.json, events.json). Every text written by a "person" starts "Demonstration:".
Everything goes through the services, so it carries its history. Running this twice changes
nothing: a council with an entry gets no other, an engagement is recognised by its receiving
council and topic, an event by its title.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.reports import demo_account_year
from demo.tables import DEMO, demo_table
from demo.users import ADMIN, PLANNER, SEFTON_LEAD, WIRRAL_DIRECTOR, WIRRAL_LEAD
from returns.models import Measure
from sli_portal.financial_years import financial_year_of, year_bounds
from support import services
from support.models import (
    Booking,
    Engagement,
    EngagementProvider,
    EngagementStatus,
    Event,
    Offer,
    Origin,
    ShareChallenge,
    StrengthEntry,
)
from support.services import ProviderSpec
from triggers.models import Concern, RiskAssessment, SupportTier

# Council users who act for their council (demo.users.DEMO_USERS); the administrator acts for
# the others, as it would on a council's behalf.
COUNCIL_USERS = {"Wirral": WIRRAL_LEAD, "Sefton": SEFTON_LEAD}
S = EngagementStatus


def _acting_for(council_name: str, users: dict[str, User]) -> User:
    return users.get(COUNCIL_USERS.get(council_name, ""), users[ADMIN])


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _in_account_year(account_year: int, day: int) -> datetime.date:
    """``day`` days into the Regional Account's financial year."""
    return year_bounds(account_year)[0] + datetime.timedelta(days=day)


# Directory -------------------------------------------------------------------------------------


def _directory(councils: dict[str, Council], users: dict[str, User], year: int) -> None:
    """An entry for each council of ``directory.json`` that has none: a row naming its
    scorecard domains as written; otherwise the portal's first suggestion where its figures
    give one, or else the table's own topic."""
    for row in demo_table("directory"):
        council = councils.get(row["council"])
        if council is None or StrengthEntry.objects.filter(council=council).exists():
            continue
        author = _acting_for(row["council"], users)
        suggestions = (
            [] if row.get("domains") else services.strength_suggestions(council=council, year=year)
        )
        if row.get("domains"):
            entry = services.strength_entry_create(
                council=council,
                topic=row["topic"],
                description=row["description"],
                contact_role=row["contact_role"],
                measures=list(Measure.objects.filter(code__in=row.get("measures", []))),
                domains=row["domains"],
                evidence=f"{DEMO} the council's own account of what it offers.",
                created_by=author,
            )
        elif suggestions:
            suggestion = suggestions[0]
            entry = services.strength_entry_create(
                council=council,
                topic=suggestion.topic,
                description=f"{DEMO} what we do on {suggestion.topic.lower()}, and what other "
                "councils could take from it.",
                contact_role=row["contact_role"],
                measures=list(Measure.objects.filter(pk=suggestion.measure_id or 0)),
                domains=[suggestion.domain] if suggestion.domain else [],
                evidence=f"{DEMO} {suggestion.reason}",
                source=StrengthEntry.Source.SUGGESTION,
                suggestion_basis=suggestion.reason,
                created_by=author,
            )
        else:
            entry = services.strength_entry_create(
                council=council,
                topic=row["topic"],
                description=row["description"],
                contact_role=row["contact_role"],
                evidence=f"{DEMO} the council's own account; no figures are published yet.",
                created_by=author,
            )
        entry = services.strength_entry_publish(entry=entry, published_by=author)
        if row["endorsed"]:
            services.strength_entry_endorse(entry=entry, endorsed_by=users[PLANNER])


# Engagements -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    council: str
    role: str
    officer: Decimal
    member: Decimal = Decimal(0)
    officer_actual: Decimal | None = None
    member_actual: Decimal | None = None
    feedback: str = ""


@dataclass(frozen=True)
class DemoEngagement:
    receiver: str
    offer: str
    topic: str
    status: str
    providers: list[Provider] = field(default_factory=list)
    description: str = ""
    starts_in_days: int = 0  # from today; negative is in the past
    # Days into the Regional Account's financial year it started; None: by starts_in_days.
    account_year_day: int | None = None
    recommended: bool = False
    reasons: str = ""
    decline_reason: str = ""
    outcome: str = ""
    feedback: str = ""

    def starts_on(self, today: datetime.date, year: int, account_year: int) -> datetime.date:
        """Its start: in the Regional Account's year, or ``starts_in_days`` from today kept
        inside this financial year ``year`` so the ledger counts it this year."""
        if self.account_year_day is not None:
            return _in_account_year(account_year, self.account_year_day)
        first, last = year_bounds(year)
        return min(max(today + datetime.timedelta(days=self.starts_in_days), first), last)


def _providers(rows: list[dict[str, Any]]) -> list[Provider]:
    """One provider for each council of each row, in the table's order."""
    return [
        Provider(
            council=council,
            role=row["role"],
            officer=Decimal(row["officer"]),
            member=Decimal(row.get("member", "0")),
            officer_actual=_decimal(row.get("officer_actual")),
            member_actual=_decimal(row.get("member_actual")),
            feedback=row.get("feedback", ""),
        )
        for row in rows
        for council in row["councils"]
    ]


def demo_engagements() -> list[DemoEngagement]:
    """The engagements of ``engagements.json``, this year's first."""
    return [
        DemoEngagement(**{**row, "providers": _providers(row.get("providers", []))})
        for row in demo_table("engagements")
    ]


def _links(council: Council) -> tuple[Concern | None, RiskAssessment | None]:
    """The concern and the concluded risk assessment behind the recommendation, if the
    concerns and review demonstrations made them."""
    assessment = (
        RiskAssessment.objects.filter(
            council=council, recommended_tier=SupportTier.TARGETED, final_view__gt=""
        )
        .order_by("-year")
        .first()
    )
    concern = Concern.objects.filter(council=council).open().order_by("pk").first()
    return concern, assessment


def _engagement_open(spec: DemoEngagement, receiver: Council, users: dict[str, User]) -> Engagement:
    """The engagement as it starts: recommended by the Planning Group, or requested by the
    receiving council."""
    offer = Offer.objects.select_related("tier").get(key=spec.offer)
    if spec.recommended:
        concern, assessment = _links(receiver)
        return services.engagement_recommend(
            council=receiver,
            offer=offer,
            origin=Origin.PLANNING_GROUP,
            topic=spec.topic,
            description=spec.description,
            reasons=spec.reasons,
            concern=concern,
            risk_assessment=assessment,
            recommended_by=users[PLANNER],
        )
    return services.engagement_request(
        council=receiver,
        offer=offer,
        topic=spec.topic,
        description=spec.description,
        requested_by=_acting_for(spec.receiver, users),
    )


def _engagement(
    spec: DemoEngagement,
    councils: dict[str, Council],
    users: dict[str, User],
    starts_on: datetime.date,
) -> None:
    """Open the engagement and take it as far as its status."""
    receiver = councils.get(spec.receiver)
    if receiver is None or Engagement.objects.filter(council=receiver, topic=spec.topic).exists():
        return
    planner = users[PLANNER]
    engagement = _engagement_open(spec, receiver, users)
    if spec.status == S.DECLINED:
        services.engagement_decline(
            engagement=engagement, reason=spec.decline_reason, declined_by=planner
        )
        return
    if spec.status == S.REQUESTED:
        return
    providers = [p for p in spec.providers if p.council in councils]
    added = services.engagement_match(
        engagement=engagement,
        providers=[
            ProviderSpec(
                councils[p.council],
                p.role,
                officer_days_planned=p.officer,
                member_days_planned=p.member,
            )
            for p in providers
        ],
        matched_by=planner,
    )
    if spec.status == S.MATCHED:
        return
    services.engagement_dates_set(
        engagement=engagement, starts_on=starts_on, ends_on=None, set_by=planner
    )
    services.engagement_agree(engagement=engagement, agreed_by=planner)
    if spec.status == S.AGREED:
        return
    services.engagement_start(engagement=engagement, started_by=planner)
    _record_work(spec, engagement, list(zip(providers, added, strict=True)), users)
    if spec.status == S.COMPLETED:
        services.engagement_complete(engagement=engagement, completed_by=planner)


def _record_work(
    spec: DemoEngagement,
    engagement: Engagement,
    providers: list[tuple[Provider, EngagementProvider]],
    users: dict[str, User],
) -> None:
    """Each provider's actual days and feedback, then the receiving council's feedback."""
    for provider, row in providers:
        who = _acting_for(provider.council, users)
        actual = {}
        if provider.officer_actual is not None:
            actual["officer_days_actual"] = provider.officer_actual
        if provider.member_actual is not None:
            actual["member_days_actual"] = provider.member_actual
        if actual:
            services.engagement_days_record(
                engagement=engagement, provider=row, recorded_by=who, **actual
            )
        if provider.feedback:
            services.engagement_feedback_record(
                engagement=engagement, provider=row, feedback=provider.feedback, recorded_by=who
            )
    if spec.feedback:
        services.engagement_feedback_record(
            engagement=engagement,
            feedback=spec.feedback,
            outcome=spec.outcome,
            recorded_by=_acting_for(spec.receiver, users),
        )


def _challenge(councils: dict[str, Council], users: dict[str, User], year: int) -> None:
    wirral = councils.get("Wirral")
    if wirral is None or ShareChallenge.objects.filter(council=wirral, year=year).exists():
        return
    services.share_challenge_lodge(
        council=wirral,
        year=year,
        reason=f"{DEMO} Wirral is giving buddying to Sefton and shadowing to Blackpool this "
        "year, more than twice the regional median, while it recruits two heads of service. "
        "We ask the Board to look to other councils for the next requests.",
        lodged_by=users.get(WIRRAL_LEAD, users[ADMIN]),
    )


# Events ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoEvent:
    kind: str
    title: str
    days_ahead: int
    place: str
    capacity: int
    host: str = ""
    hours: int = 3
    # (council, user email, places) in booking order
    bookings: list[tuple[str, str, int]] = field(default_factory=list)
    funding: Decimal | None = None
    # Days into the Regional Account's financial year it took place; None: by days_ahead.
    account_year_day: int | None = None


def demo_events() -> list[DemoEvent]:
    """The events of ``events.json``, this year's first."""
    return [
        DemoEvent(
            **{
                **row,
                "bookings": [
                    (b["council"], b["user"], b["places"]) for b in row.get("bookings", [])
                ],
                "funding": _decimal(row.get("funding")),
            }
        )
        for row in demo_table("events")
    ]


def _event_booked(
    spec: DemoEvent,
    councils: dict[str, Council],
    users: dict[str, User],
    starts_at: datetime.datetime,
) -> tuple[Event, list[Booking]]:
    """The event created to start at ``starts_at``, with its bookings made."""
    event = services.event_create(
        kind=spec.kind,
        title=spec.title,
        description=f"{DEMO} an event invented to show the events pages.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=spec.hours),
        place=spec.place,
        capacity=spec.capacity,
        host_council=councils.get(spec.host),
        created_by=users[ADMIN],
    )
    bookings: list[Booking] = []
    for council_name, email, places in spec.bookings:
        user, council = users.get(email), councils.get(council_name)
        if user is None or council is None:
            continue
        bookings.append(
            services.event_book(event=event, council=council, places=places, booked_by=user)
        )
    return event, bookings


def _event_held(
    event: Event, bookings: list[Booking], starts: datetime.datetime, hours: int, admin: User
) -> Event:
    """Move a past event to the date it was held, and record who attended: the first confirmed
    booking did, the others did not."""
    event = services.event_update(
        event=event,
        kind=event.kind,
        title=event.title,
        description=event.description,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        place=event.place,
        capacity=event.capacity,
        host_council=event.host_council,
        offer=event.offer,
        updated_by=admin,
    )
    for index, booking in enumerate(b for b in bookings if b.status == "confirmed"):
        services.attendance_record(
            booking=booking, attended="yes" if index == 0 else "no", recorded_by=admin
        )
    return event


def _event(
    spec: DemoEvent,
    councils: dict[str, Council],
    users: dict[str, User],
    now: datetime.datetime,
    account_year: int,
) -> None:
    if Event.objects.filter(title=spec.title).exists():
        return
    admin = users[ADMIN]
    day = (
        timezone.localtime(now).date() + datetime.timedelta(days=spec.days_ahead)
        if spec.account_year_day is None
        else _in_account_year(account_year, spec.account_year_day)
    )
    starts = datetime.datetime.combine(
        day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
    )
    past = starts <= now
    # A past event is booked while it is still ahead (as people did), then moved to its date.
    event, bookings = _event_booked(
        spec, councils, users, now + datetime.timedelta(days=1) if past else starts
    )
    if past:
        event = _event_held(event, bookings, starts, spec.hours, admin)
    if spec.funding is not None and event.host_council_id:
        services.beacon_funding_record(
            event=event,
            amount=spec.funding,
            note=f"{DEMO} agreed by the Board to cover the venue and speakers.",
            recorded_by=admin,
        )


def support_demo_load() -> None:
    """Idempotent: safe to rerun. Needs the demonstration users (demo.users.users_ensure)."""
    services.table1_load()
    emails = [ADMIN, PLANNER, WIRRAL_LEAD, SEFTON_LEAD, WIRRAL_DIRECTOR]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    if ADMIN not in users or PLANNER not in users:
        return
    today = timezone.localdate()
    year = financial_year_of(today)
    account_year = demo_account_year()
    councils = {c.name: c for c in Council.objects.active_on(today)}
    with transaction.atomic():
        _directory(councils, users, year)
        for spec in demo_engagements():
            _engagement(spec, councils, users, spec.starts_on(today, year, account_year))
        _challenge(councils, users, year)
        now = timezone.now()
        for event_spec in demo_events():
            _event(event_spec, councils, users, now, account_year)
