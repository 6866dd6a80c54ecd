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

The year of the demonstration's Regional Account (2023/24, demo.reports.demo_account_year)
has its own history, so the Account's support and reciprocity section has something to show:
completed engagements with providers, actual days and both sides' feedback, and past events
with bookings and attendance, one of them a Beacon event with its funding recorded.

Every text written by a "person" starts "Demonstration:". Everything goes through the services,
so it carries its history. Running this twice changes nothing: an entry is recognised by its
council and topic, an engagement by its receiving council and topic, an event by its title.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.reports import demo_account_year
from demo.tables import DEMO
from demo.users import ADMIN, PLANNER, SEFTON_LEAD, WIRRAL_DIRECTOR, WIRRAL_LEAD
from returns.models import Measure
from support import services
from support.models import (
    Booking,
    Engagement,
    EngagementProvider,
    EngagementStatus,
    Event,
    EventKind,
    Offer,
    Origin,
    ShareChallenge,
    StrengthEntry,
)
from support.services import ProviderSpec
from triggers.models import Concern, RiskAssessment
from triggers.selectors.review import financial_year_of

# Council users who act for their council (demo.users.DEMO_USERS); the administrator acts for
# the others, as it would on a council's behalf.
COUNCIL_USERS = {"Wirral": WIRRAL_LEAD, "Sefton": SEFTON_LEAD}
D = Decimal


# Directory -------------------------------------------------------------------------------------

# (council, topic, description, role to contact, endorsed) for councils without a suggestion.
WRITTEN_ENTRIES = {
    "Wirral": (
        "Integrated front door with health",
        "A single front door with community health services: one conversation, one assessment "
        "and a same-day response for most people who contact us.",
        "Head of Integrated Front Door",
    ),
    "Sefton": (
        "Reablement and hospital discharge",
        "A reablement service that helps most people leave hospital within a day of being "
        "medically fit, and return home without a long-term package.",
        "Service Manager, Reablement",
    ),
    "Stockport": (
        "Strengths-based practice",
        "Three conversations model across all adult social care teams, with practice "
        "supervision and an audit tool other councils have adopted.",
        "Principal Social Worker",
    ),
    "Cheshire East": (
        "Direct payments and personal assistants",
        "A personal assistant register and support service that doubled the uptake of direct "
        "payments in three years.",
        "Head of Commissioning",
    ),
    "Trafford": (
        "Carers' assessments",
        "Carers' assessments completed by a commissioned carers' centre with a shared record "
        "and a review within six months.",
        "Carers Lead",
    ),
    "Manchester": (
        "Safeguarding adults: making safeguarding personal",
        "Outcomes asked for and recorded in nine of ten safeguarding enquiries, with a quarterly "
        "audit shared with the Safeguarding Adults Board.",
        "Head of Safeguarding",
    ),
}
ENDORSED = {"Wirral", "Stockport", "Manchester"}


def _directory(councils: dict[str, Council], users: dict[str, User], year: int) -> None:
    admin, planner = users[ADMIN], users[PLANNER]
    for name, (topic, description, role) in WRITTEN_ENTRIES.items():
        council = councils.get(name)
        if council is None or StrengthEntry.objects.filter(council=council).exists():
            continue
        author = users.get(COUNCIL_USERS.get(name, ""), admin)
        suggestions = services.strength_suggestions(council=council, year=year)
        if suggestions:
            suggestion = suggestions[0]
            entry = services.strength_entry_create(
                council=council,
                topic=suggestion.topic,
                description=f"{DEMO} what we do on {suggestion.topic.lower()}, and what other "
                "councils could take from it.",
                contact_role=role,
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
                topic=topic,
                description=f"{DEMO} {description}",
                contact_role=role,
                evidence=f"{DEMO} the council's own account; no figures are published yet.",
                created_by=author,
            )
        entry = services.strength_entry_publish(entry=entry, published_by=author)
        if name in ENDORSED:
            services.strength_entry_endorse(entry=entry, endorsed_by=planner)


# Engagements -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    council: str
    role: str
    officer: Decimal
    member: Decimal = D(0)
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
    decline_reason: str = ""
    outcome: str = ""
    feedback: str = ""


_PEER_CHALLENGERS = ["Bolton", "Bury", "Oldham", "Rochdale", "Salford", "Tameside"]
_LEARNING_SET = [
    "Halton",
    "Knowsley",
    "Liverpool",
    "St Helens",
    "Cheshire West and Chester",
    "Lancashire",
    "Trafford",
    "Wigan",
    "Cumberland",
]
S = EngagementStatus

DEMO_ENGAGEMENTS = [
    DemoEngagement(
        "Sefton",
        "support-buddying",
        "Reablement after hospital discharge",
        S.COMPLETED,
        [
            Provider(
                "Wirral",
                "buddy",
                D(4),
                D(1),
                D("4.5"),
                D(1),
                f"{DEMO} a good exchange: we learnt from Sefton's discharge-to-assess pathway too.",
            )
        ],
        description=f"{DEMO} a buddy to help redesign reablement so more people go home first.",
        starts_in_days=-60,
        outcome=f"{DEMO} a new reablement pathway agreed by the health and care partnership.",
        feedback=f"{DEMO} Wirral's buddy gave practical, honest advice; we would ask again.",
    ),
    DemoEngagement(
        "Blackpool",
        "support-shadowing",
        "Shadowing the integrated front door",
        S.IN_PROGRESS,
        [Provider("Wirral", "shadowing_host", D(4), officer_actual=D(2))],
        description=f"{DEMO} two team managers to shadow Wirral's front door for a week.",
        starts_in_days=-20,
    ),
    DemoEngagement(
        "Wirral",
        "targeted-peer-mentoring",
        "Peer mentoring for new heads of service",
        S.AGREED,
        [Provider("Stockport", "mentor", D(2))],
        description=f"{DEMO} a peer mentor for each of the two new heads of service.",
        starts_in_days=14,
        recommended=True,
    ),
    DemoEngagement(
        "Warrington",
        "programme-peer-to-peer-team-challenge",
        "One-day peer challenge of the carers' offer",
        S.AGREED,
        [Provider(name, "peer_challenger", D(1)) for name in _PEER_CHALLENGERS],
        description=f"{DEMO} a one-day peer-to-peer team challenge of support for carers.",
        starts_in_days=21,
    ),
    DemoEngagement(
        "Blackburn with Darwen",
        "programme-action-learning-sets",
        "Action learning set on hospital discharge",
        S.AGREED,
        [Provider(name, "facilitator", D(1)) for name in _LEARNING_SET]
        + [Provider("Cheshire East", "facilitator", D("1.5"))],
        description=f"{DEMO} a regional action learning set, hosted for Blackburn with Darwen.",
        starts_in_days=7,
    ),
    DemoEngagement(
        "Knowsley",
        "support-sharing-good-practice",
        "Direct payments uptake",
        S.MATCHED,
        [Provider("Sefton", "buddy", D(2))],
        description=f"{DEMO} how neighbouring councils raised the uptake of direct payments.",
    ),
    DemoEngagement(
        "Sefton",
        "support-action-learning",
        "Strengths-based practice in long-term teams",
        S.REQUESTED,
        description=f"{DEMO} we would like to join or start an action learning set on "
        "strengths-based practice for long-term teams.",
    ),
    DemoEngagement(
        "Halton",
        "support-local-peer-challenge",
        "Local peer challenge of safeguarding",
        S.DECLINED,
        description=f"{DEMO} a local peer challenge of safeguarding adults practice.",
        decline_reason=f"{DEMO} the LGA peer review planned for the autumn already covers "
        "safeguarding; the Planning Group suggests asking again after it.",
    ),
]


# Most councils facilitated a session of 2023/24's regional action learning set, so the
# region's median of days given is a day and only Stockport is flagged in that year's ledger.
_LEARNING_SET_2023 = [
    "Bolton",
    "Bury",
    "Cheshire West and Chester",
    "Halton",
    "Knowsley",
    "Liverpool",
    "Manchester",
    "Rochdale",
    "Salford",
    "Tameside",
    "Trafford",
    "Wigan",
]

# Completed in the Regional Account's year (2023/24): its support and reciprocity section.
ACCOUNT_YEAR_ENGAGEMENTS = [
    DemoEngagement(
        "Warrington",
        "programme-action-learning-sets",
        "Action learning set on commissioning for outcomes",
        S.COMPLETED,
        [
            Provider(
                name,
                "facilitator",
                D(1),
                officer_actual=D(1),
                feedback=f"{DEMO} we facilitated one session and learnt as much as we gave.",
            )
            for name in _LEARNING_SET_2023
        ],
        description=f"{DEMO} a regional action learning set, hosted for Warrington.",
        account_year_day=45,
        outcome=f"{DEMO} each member council left with one change to try in commissioning.",
        feedback=f"{DEMO} a well-run set; the facilitators kept it practical.",
    ),
    DemoEngagement(
        "Oldham",
        "support-buddying",
        "Commissioning home care by outcomes",
        S.COMPLETED,
        [
            Provider(
                "Stockport",
                "buddy",
                D(3),
                D(1),
                D("3.5"),
                D(1),
                f"{DEMO} Oldham's commissioners were open about what had not worked.",
            )
        ],
        description=f"{DEMO} a buddy to help move home care contracts to outcomes.",
        account_year_day=75,
        outcome=f"{DEMO} outcome-based home care contracts in two of the borough's districts.",
        feedback=f"{DEMO} Stockport's buddy shared contracts, prices and pitfalls; very useful.",
    ),
    DemoEngagement(
        "Lancashire",
        "programme-peer-to-peer-team-challenge",
        "One-day peer challenge of the front door",
        S.COMPLETED,
        [
            Provider(name, "peer_challenger", D(1), officer_actual=D(1), feedback=f"{DEMO} {fb}")
            for name, fb in (
                ("Blackpool", "a well prepared day with honest conversations."),
                ("Blackburn with Darwen", "we took ideas home for our own front door."),
                ("Cumberland", "a useful comparison with a county of similar size."),
            )
        ],
        description=f"{DEMO} a one-day peer-to-peer team challenge of the front door.",
        account_year_day=160,
        outcome=f"{DEMO} an action plan for the front door agreed by the leadership team.",
        feedback=f"{DEMO} the challenge team found what we had missed and said so kindly.",
    ),
    DemoEngagement(
        "St Helens",
        "support-shadowing",
        "Shadowing a reablement service",
        S.COMPLETED,
        [
            Provider(
                "Sefton",
                "shadowing_host",
                D(2),
                officer_actual=D(2),
                feedback=f"{DEMO} hosting St Helens' team made us explain our own choices.",
            )
        ],
        description=f"{DEMO} two reablement team leaders to shadow Sefton's service.",
        account_year_day=250,
        outcome=f"{DEMO} a reablement pilot started in one locality.",
        feedback=f"{DEMO} seeing the service at work answered questions reports could not.",
    ),
]


def _start(today: datetime.date, year: int, days: int) -> datetime.date:
    """A start date ``days`` from today, kept inside this financial year so the ledger counts
    it this year."""
    first, last = datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
    return min(max(today + datetime.timedelta(days=days), first), last)


def _links(council: Council) -> tuple[Concern | None, RiskAssessment | None]:
    """The concern and the concluded risk assessment behind the recommendation, if the
    concerns and review demonstrations made them."""
    assessment = (
        RiskAssessment.objects.filter(
            council=council, recommended_tier="targeted", final_view__gt=""
        )
        .order_by("-year")
        .first()
    )
    concern = Concern.objects.filter(council=council).open().order_by("pk").first()
    return concern, assessment


def _engagement(
    spec: DemoEngagement,
    councils: dict[str, Council],
    users: dict[str, User],
    today: datetime.date,
    year: int,
    account_year: int,
) -> None:
    receiver = councils.get(spec.receiver)
    if receiver is None or Engagement.objects.filter(council=receiver, topic=spec.topic).exists():
        return
    admin, planner = users[ADMIN], users[PLANNER]
    asker = users.get(COUNCIL_USERS.get(spec.receiver, ""), admin)
    offer = Offer.objects.select_related("tier").get(key=spec.offer)
    if spec.recommended:
        concern, assessment = _links(receiver)
        engagement = services.engagement_recommend(
            council=receiver,
            offer=offer,
            origin=Origin.PLANNING_GROUP,
            topic=spec.topic,
            description=spec.description,
            reasons=f"{DEMO} the annual risk assessment found leadership capacity stretched "
            "after senior staff left; peer mentoring was recommended.",
            concern=concern,
            risk_assessment=assessment,
            recommended_by=planner,
        )
    else:
        engagement = services.engagement_request(
            council=receiver,
            offer=offer,
            topic=spec.topic,
            description=spec.description,
            requested_by=asker,
        )
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
    starts_on = (
        _start(today, year, spec.starts_in_days)
        if spec.account_year_day is None
        else datetime.date(account_year, 4, 1) + datetime.timedelta(days=spec.account_year_day)
    )
    services.engagement_dates_set(
        engagement=engagement,
        starts_on=starts_on,
        ends_on=None,
        set_by=planner,
    )
    services.engagement_agree(engagement=engagement, agreed_by=planner)
    if spec.status == S.AGREED:
        return
    services.engagement_start(engagement=engagement, started_by=planner)
    _record_work(spec, engagement, list(zip(providers, added, strict=True)), users, asker)
    if spec.status == S.COMPLETED:
        services.engagement_complete(engagement=engagement, completed_by=planner)


def _record_work(
    spec: DemoEngagement,
    engagement: Engagement,
    providers: list[tuple[Provider, EngagementProvider]],
    users: dict[str, User],
    asker: User,
) -> None:
    """Each provider's actual days and feedback, then the receiving council's feedback."""
    for provider, row in providers:
        who = users.get(COUNCIL_USERS.get(provider.council, ""), users[ADMIN])
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
            engagement=engagement, feedback=spec.feedback, outcome=spec.outcome, recorded_by=asker
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


DEMO_EVENTS = [
    DemoEvent(
        EventKind.BEACON,
        "Beacon event: an integrated front door with health",
        21,
        "Wallasey Town Hall, Wirral",
        40,
        host="Wirral",
        bookings=[("Wirral", WIRRAL_LEAD, 3), ("Sefton", SEFTON_LEAD, 2)],
    ),
    DemoEvent(
        EventKind.ACTION_LEARNING_SET,
        "Action learning set: strengths-based practice",
        35,
        "Stockport Town Hall",
        6,
        host="Stockport",
        bookings=[
            ("Wirral", WIRRAL_LEAD, 2),
            ("Sefton", SEFTON_LEAD, 4),
            ("Wirral", WIRRAL_DIRECTOR, 2),
        ],
    ),
    DemoEvent(
        EventKind.MASTERCLASS,
        "Masterclass: making safeguarding personal",
        60,
        "Manchester Central Library",
        80,
        host="Manchester",
        bookings=[("Wirral", WIRRAL_DIRECTOR, 1)],
    ),
    DemoEvent(
        EventKind.CONFERENCE,
        "NW ADASS annual conference",
        90,
        "The Lowry, Salford",
        250,
        hours=7,
    ),
    DemoEvent(
        EventKind.BEACON,
        "Beacon event: reablement and hospital discharge",
        -30,
        "Bootle Town Hall, Sefton",
        30,
        host="Sefton",
        bookings=[("Sefton", SEFTON_LEAD, 3), ("Wirral", WIRRAL_LEAD, 2)],
        funding=D("2500.00"),
    ),
]


# Held in the Regional Account's year (2023/24), with bookings and attendance.
ACCOUNT_YEAR_EVENTS = [
    DemoEvent(
        EventKind.BEACON,
        "Beacon event: strengths-based practice in 2023",
        0,
        "Stockport Town Hall",
        40,
        host="Stockport",
        bookings=[("Sefton", SEFTON_LEAD, 2), ("Wirral", WIRRAL_LEAD, 2)],
        funding=D("3000.00"),
        account_year_day=120,
    ),
    DemoEvent(
        EventKind.MASTERCLASS,
        "Masterclass: market sustainability in 2023",
        0,
        "Liverpool Town Hall",
        60,
        host="Liverpool",
        bookings=[("Wirral", WIRRAL_DIRECTOR, 1), ("Sefton", SEFTON_LEAD, 2)],
        account_year_day=200,
    ),
]


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
        else datetime.date(account_year, 4, 1) + datetime.timedelta(days=spec.account_year_day)
    )
    starts = datetime.datetime.combine(
        day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
    )
    past = starts <= now
    # A past event is booked while it is still ahead (as people did), then moved to its date.
    booking_start = now + datetime.timedelta(days=1) if past else starts
    event = services.event_create(
        kind=spec.kind,
        title=spec.title,
        description=f"{DEMO} an event invented to show the events pages.",
        starts_at=booking_start,
        ends_at=booking_start + datetime.timedelta(hours=spec.hours),
        place=spec.place,
        capacity=spec.capacity,
        host_council=councils.get(spec.host),
        created_by=admin,
    )
    bookings: list[Booking] = []
    for council_name, email, places in spec.bookings:
        user, council = users.get(email), councils.get(council_name)
        if user is None or council is None:
            continue
        bookings.append(
            services.event_book(event=event, council=council, places=places, booked_by=user)
        )
    if past:
        event = services.event_update(
            event=event,
            kind=event.kind,
            title=event.title,
            description=event.description,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=spec.hours),
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
        for spec in DEMO_ENGAGEMENTS + ACCOUNT_YEAR_ENGAGEMENTS:
            _engagement(spec, councils, users, today, year, account_year)
        _challenge(councils, users, year)
        now = timezone.now()
        for event_spec in DEMO_EVENTS + ACCOUNT_YEAR_EVENTS:
            _event(event_spec, councils, users, now, account_year)
