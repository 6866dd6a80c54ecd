"""Reads for the Planning Group's review: its queue of councils and a council's risk profile,
with the context (published ratings, returns, bands) the council's self-check shows too. Each
shapes what one page shows and runs a fixed number of queries whatever the number of councils,
concerns, quarters and meetings. The meetings, the annual risk assessment and the self-check
have selectors of their own beside this one."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from returns.models import Domain, Period, Return, ReturnStatus, ReturnVersion
from scorecard.models import Band, CouncilPosition, Judgement, Rating
from sli_portal.financial_years import quarter_label
from triggers.models import (
    AgendaItem,
    Concern,
    ConcernEvent,
    ConcernStatus,
    Quadrant,
    RiskAssessment,
    RiskView,
    SelfCheck,
    Severity,
)
from triggers.selectors.queue import (
    QueueFilters,
    QueueRow,
    ReviewQueue,
    last_meeting_before,
    queue_filter_options,
    queue_top_councils,
    review_queue,
)

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


# The review queue lives in ``triggers.selectors.queue``; named here for the pages that import
# the review's selectors together.
__all__ = [
    "QueueFilters",
    "QueueRow",
    "ReviewQueue",
    "last_meeting_before",
    "queue_filter_options",
    "queue_top_councils",
    "review_queue",
]


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
