"""Reads for the Planning Group's review: its queue of councils and a council's risk profile,
with the context (published ratings, returns, bands) the council's self-check shows too. Each
shapes what one page shows and runs a fixed number of queries whatever the number of councils,
concerns, quarters and meetings. The meetings, the annual risk assessment and the self-check
have selectors of their own beside this one."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council, SubRegion
from returns.models import Domain, Period, Return, ReturnStatus, ReturnVersion
from scorecard.models import Band, CouncilPosition, Judgement, Rating
from sli_portal.financial_years import quarter_label
from triggers.models import (
    AgendaItem,
    Concern,
    ConcernEvent,
    ConcernStatus,
    Meeting,
    Quadrant,
    RiskAssessment,
    RiskView,
    SelfCheck,
    Severity,
)

SEVERITY_RANK: dict[str, int] = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}
SEVERITY_COLOURS = {Severity.LOW: "grey", Severity.MEDIUM: "yellow", Severity.HIGH: "red"}
RATING_COLOURS = {
    Rating.GREEN: "green",
    Rating.AMBER: "yellow",
    Rating.RED: "red",
    Rating.NOT_ASSESSED: "grey",
}
RISK_COLOURS = {RiskView.LOW: "green", RiskView.MEDIUM: "yellow", RiskView.HIGH: "red"}
RETURN_LABELS = {
    "not_started": ("Not started", "grey"),
    "late": ("Late", "red"),
    ReturnStatus.DRAFT: ("Draft", "yellow"),
    ReturnStatus.REOPENED: ("Reopened", "yellow"),
    ReturnStatus.SUBMITTED: ("Submitted", "blue"),
    ReturnStatus.ACCEPTED: ("Accepted", "green"),
    "not_responsible": ("No adult social care responsibility", "grey"),
}
PROFILE_EVENTS = 50


@dataclass(frozen=True)
class Tag:
    """A status written out, with the GOV.UK tag colour that repeats it: never colour alone."""

    label: str
    colour: str


def severity_tag(value: str) -> Tag | None:
    return Tag(Severity(value).label, SEVERITY_COLOURS[Severity(value)]) if value else None


# The review queue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the Planning Group narrows the queue to. Quadrant, severity and "new only" match
    single concerns: a council is shown when one of its open concerns matches all three."""

    sub_region: int | None = None
    quadrant: str = ""
    severity: str = ""
    new_only: bool = False

    @property
    def narrows_concerns(self) -> bool:
        return bool(self.quadrant or self.severity or self.new_only)


@dataclass
class QueueRow:
    council: Council
    by_quadrant: list[int]
    new: int = 0
    highest: str = ""
    matches: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_quadrant)

    @property
    def highest_tag(self) -> Tag | None:
        return severity_tag(self.highest)

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (-self.total, -SEVERITY_RANK.get(self.highest, 0), -self.new, self.council.name)


@dataclass
class ReviewQueue:
    quadrants: list[Quadrant]
    sub_regions: list[SubRegion]
    last_meeting: Meeting | None
    rows: list[QueueRow]


def last_meeting_before(day: datetime.date) -> Meeting | None:
    """The latest Planning Group meeting held before ``day``."""
    return Meeting.objects.filter(held_on__lt=day).order_by("-held_on", "-pk").first()


def _new_since(meeting: Meeting | None) -> Q:
    """Concerns raised, or entered, after the day of ``meeting``: the Planning Group has not yet
    seen them. With no earlier meeting every open concern is new."""
    if meeting is None:
        return Q(pk__isnull=False)
    return Q(raised_on__gt=meeting.held_on) | Q(created_at__date__gt=meeting.held_on)


def queue_filter_options() -> tuple[list[SubRegion], list[Quadrant]]:
    """The sub-regions and Table 2 quadrants the queue can be filtered by (2 queries)."""
    return list(SubRegion.objects.order_by("name")), list(Quadrant.objects.order_by("order"))


def review_queue(
    *,
    fetched_by: AnyUser,
    filters: QueueFilters,
    today: datetime.date | None = None,
    sub_regions: list[SubRegion] | None = None,
    quadrants: list[Quadrant] | None = None,
) -> ReviewQueue:
    """Councils by their open (raised, shared, responded or confirmed) concerns: counts in each
    of Table 2's quadrants, the highest severity and how many are new since the last meeting,
    most concerns first. Councils active today are listed even with none, unless a filter on
    concerns is set (3 queries, and 2 more unless ``sub_regions`` and ``quadrants`` are given
    from :func:`queue_filter_options`)."""
    today = today or timezone.localdate()
    if sub_regions is None or quadrants is None:
        sub_regions, quadrants = queue_filter_options()
    position = {q.pk: i for i, q in enumerate(quadrants)}
    meeting = last_meeting_before(today)
    open_concerns = access.scope_to_councils(
        Concern.objects.open(), fetched_by, action="review_councils"
    )
    councils: QuerySet[Council] = Council.objects.select_related("sub_region").filter(
        Q(pk__in=Council.objects.active_on(today).values("pk"))
        | Q(pk__in=open_concerns.values("council_id"))
    )
    councils = access.scope_to_councils(
        councils, fetched_by, action="review_councils", council_field="pk"
    )
    if filters.sub_region is not None:
        councils = councils.filter(sub_region_id=filters.sub_region)
    rows = {c.pk: QueueRow(council=c, by_quadrant=[0] * len(quadrants)) for c in councils}
    grouped = (
        open_concerns.filter(council_id__in=rows.keys())
        .values("council_id", "trigger__quadrant_id", "trigger__quadrant__key", "severity")
        .annotate(n=Count("pk"), new=Count("pk", filter=_new_since(meeting)))
        .order_by()
    )
    for group in grouped:
        row = rows[group["council_id"]]
        row.by_quadrant[position[group["trigger__quadrant_id"]]] += group["n"]
        row.new += group["new"]
        if SEVERITY_RANK.get(group["severity"], 0) > SEVERITY_RANK.get(row.highest, 0):
            row.highest = group["severity"]
        if (
            filters.quadrant in ("", group["trigger__quadrant__key"])
            and filters.severity in ("", group["severity"])
            and (group["new"] if filters.new_only else group["n"])
        ):
            row.matches = True
    shown = [r for r in rows.values() if r.matches or not filters.narrows_concerns]
    return ReviewQueue(
        quadrants=quadrants,
        sub_regions=sub_regions,
        last_meeting=meeting,
        rows=sorted(shown, key=lambda r: r.sort_key),
    )


def queue_top_councils(
    *, fetched_by: AnyUser, count: int = 5, today: datetime.date | None = None
) -> list[Council]:
    """The councils at the top of the unfiltered queue that have open concerns: the first
    suggestion for a meeting's agenda."""
    queue = review_queue(fetched_by=fetched_by, filters=QueueFilters(), today=today)
    return [r.council for r in queue.rows if r.total][:count]


# Context shared by the risk profile and the self-check ---------------------------------------


@dataclass(frozen=True)
class DomainRating:
    domain: str
    label: str
    tag: Tag


@dataclass
class PublishedRatings:
    period: Period | None
    domains: list[DomainRating]


def published_ratings(*, council: Council) -> PublishedRatings:
    """The council's published scorecard rating in each of the six domains, for the latest
    quarter with any published judgement (1 query)."""
    latest = (
        Judgement.objects.filter(council=council, published_at__isnull=False)
        .exclude(published_rating="")
        .order_by("-period__year", "-period__quarter")
        .values("period_id")[:1]
    )
    judgements = {
        j.domain: j
        for j in Judgement.objects.filter(
            council=council, period_id=Subquery(latest), published_at__isnull=False
        ).select_related("period")
    }
    period = next(iter(judgements.values())).period if judgements else None
    domains = []
    for value, label in Domain.choices:
        judgement = judgements.get(value)
        rating = judgement.published_rating if judgement else ""
        tag = (
            Tag(Rating(rating).label, RATING_COLOURS[Rating(rating)])
            if rating
            else Tag("Not published", "grey")
        )
        domains.append(DomainRating(domain=value, label=label, tag=tag))
    return PublishedRatings(period=period, domains=domains)


@dataclass(frozen=True)
class ReturnStatusRow:
    period: Period
    tag: Tag


def returns_status(
    *, council: Council, today: datetime.date | None = None, count: int = 4
) -> list[ReturnStatusRow]:
    """The council's return for each of the last ``count`` quarters whose window has opened,
    newest first: not started, draft, reopened, submitted, accepted or late (2 queries)."""
    today = today or timezone.localdate()
    periods = list(Period.objects.filter(opens_on__lte=today).order_by("-year", "-quarter")[:count])
    returns = {
        r.period_id: r
        for r in Return.objects.filter(council=council, period__in=periods).annotate(
            has_version=Exists(ReturnVersion.objects.filter(return_obj=OuterRef("pk")))
        )
    }
    rows = []
    for period in periods:
        ret = returns.get(period.pk)
        if not council.is_active_between(period.starts_on, period.ends_on):
            status = "not_responsible"
        elif ret is not None and ret.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
            status = ret.status
        elif today > period.deadline:
            status = "late"
        elif ret is None or not ret.has_version:
            status = "not_started"
        else:
            status = ret.status
        rows.append(ReturnStatusRow(period=period, tag=Tag(*RETURN_LABELS[status])))
    return rows


@dataclass(frozen=True)
class BandCount:
    label: str
    count: int


@dataclass
class BandSummary:
    period_label: str
    counts: list[BandCount]


def band_summary(*, council: Council) -> BandSummary | None:
    """How many of the council's measures fall in each band against the NW median, in the
    latest quarter compared (1 query)."""
    latest = (
        CouncilPosition.objects.filter(council=council)
        .order_by("-period__year", "-period__quarter")
        .values("period_id")[:1]
    )
    grouped = list(
        CouncilPosition.objects.filter(council=council, period_id=Subquery(latest))
        .values("band", "period__year", "period__quarter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not grouped:
        return None
    counts = {g["band"]: g["n"] for g in grouped}
    first = grouped[0]
    return BandSummary(
        period_label=quarter_label(first["period__year"], first["period__quarter"]),
        counts=[
            BandCount(label, counts[value]) for value, label in Band.choices if value in counts
        ],
    )


# The risk profile -----------------------------------------------------------------------------


@dataclass
class QuadrantConcerns:
    quadrant: Quadrant
    concerns: list[Concern]


@dataclass
class RiskProfile:
    council: Council
    sections: list[QuadrantConcerns]
    closed: list[Concern]
    ratings: PublishedRatings
    returns: list[ReturnStatusRow]
    assessments: list[RiskAssessment]
    decisions: list[AgendaItem]
    self_checks: list[SelfCheck]
    events: list[ConcernEvent]

    @property
    def open_count(self) -> int:
        return sum(len(s.concerns) for s in self.sections)


def risk_profile_get(
    *, council: Council, fetched_by: AnyUser, today: datetime.date | None = None
) -> RiskProfile:
    """Everything the Planning Group weighs about one council: its concerns in Table 2's four
    quadrants, its latest published scorecard ratings, its returns for the last four quarters,
    its risk assessments by year, the Planning Group's decisions, self-checks it has shared and
    the concerns' history (9 queries)."""
    quadrants = list(Quadrant.objects.order_by("order"))
    concerns = list(
        access.scope_to_councils(
            Concern.objects.filter(council=council), fetched_by, action="review_councils"
        )
        .select_related("trigger__quadrant")
        .order_by("trigger__order", "-raised_on", "-pk")
    )
    sections = [
        QuadrantConcerns(
            quadrant=q,
            concerns=[
                c
                for c in concerns
                if c.trigger.quadrant_id == q.pk and c.status != ConcernStatus.CLOSED
            ],
        )
        for q in quadrants
    ]
    return RiskProfile(
        council=council,
        sections=sections,
        closed=[c for c in concerns if c.status == ConcernStatus.CLOSED],
        ratings=published_ratings(council=council),
        returns=returns_status(council=council, today=today),
        assessments=list(
            RiskAssessment.objects.filter(council=council)
            .select_related("assessor")
            .order_by("-year")
        ),
        decisions=list(
            AgendaItem.objects.filter(council=council)
            .select_related("meeting")
            .order_by("-meeting__held_on", "-pk")
        ),
        self_checks=list(
            SelfCheck.objects.filter(council=council, shared_at__isnull=False).order_by("-year")
        ),
        events=list(
            ConcernEvent.objects.filter(concern__council=council)
            .select_related("concern", "actor")
            .order_by("-at", "-pk")[:PROFILE_EVENTS]
        ),
    )
