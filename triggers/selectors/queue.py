"""The Planning Group's review queue: only councils with open flags or concerns, ordered by the
Planning Group's own priority (none, watch, discuss at the next meeting, discuss with the
council; most pressing first) and then by their most recent new evidence, never by a count
(MoU Table 2: judged qualitatively, "not a rigid formula").

Each row shows the Table 2 quadrants touched, what is truly new since the last meeting (raised
or given new evidence after that meeting's date), the latest published scorecard ratings, the
support in place and the last risk assessment's outcome. A fixed number of queries, whatever
the number of councils, flags, quarters and meetings.

Support lives in an app to the right of ``triggers``: it offers its reader through
:func:`register_support_reader` when it starts (``support.apps``).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council, SubRegion
from returns.models import Domain
from scorecard.models import Judgement, Rating
from triggers.models import (
    PRIORITY_RANK,
    Concern,
    Meeting,
    Priority,
    Quadrant,
    ReviewPriority,
    RiskAssessment,
    Severity,
    Trigger,
)

SEVERITY_RANK: dict[str, int] = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}
SupportReader = Callable[[set[int]], dict[int, list[str]]]
_SUPPORT_READERS: list[SupportReader] = []
AGES = {"month": 31, "quarter": 92, "older": 0}


def register_support_reader(reader: SupportReader) -> None:
    """Offer the queue a reader of each council's support in place: council ids -> lines."""
    if reader not in _SUPPORT_READERS:
        _SUPPORT_READERS.append(reader)


@dataclass(frozen=True)
class QueueFilters:
    """What the Planning Group narrows the queue to. Quadrant, trigger, age and origin match
    single flags or concerns: a council is shown when one of its open ones matches them all.
    ``age``: "new" (since the last meeting), "month", "quarter" (new evidence within 31 or 92
    days), "older" (none within 92 days). ``origin``: "automatic" or "person"."""

    sub_region: int | None = None
    quadrant: str = ""
    trigger: int | None = None
    priority: str = ""
    age: str = ""
    origin: str = ""
    severity: str = ""

    @property
    def narrows_concerns(self) -> bool:
        return bool(self.quadrant or self.trigger or self.age or self.origin or self.severity)


@dataclass
class QueueRow:
    council: Council
    concerns: list[Concern] = field(default_factory=list)
    priority: str = Priority.NONE
    priority_reason: str = ""
    new: list[Concern] = field(default_factory=list)
    ratings: list[tuple[str, str]] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    assessment: RiskAssessment | None = None
    matches: bool = False

    @property
    def total(self) -> int:
        return len(self.concerns)

    @property
    def latest_evidence(self) -> datetime.datetime | None:
        return max((_evidence_at(c) for c in self.concerns), default=None)

    @property
    def quadrants(self) -> list[str]:
        seen: dict[str, int] = {}
        for c in self.concerns:
            seen[c.trigger.quadrant.name] = c.trigger.quadrant.order
        return sorted(seen, key=lambda name: seen[name])

    @property
    def highest(self) -> str:
        return max((c.severity for c in self.concerns), key=SEVERITY_RANK.__getitem__, default="")

    @property
    def priority_label(self) -> str:
        return Priority(self.priority).label

    @property
    def sort_key(self) -> tuple[int, float, str]:
        latest = self.latest_evidence
        return (
            -PRIORITY_RANK[self.priority],
            -(latest.timestamp() if latest else 0),
            self.council.name,
        )


@dataclass
class ReviewQueue:
    quadrants: list[Quadrant]
    sub_regions: list[SubRegion]
    triggers: list[Trigger]
    last_meeting: Meeting | None
    rows: list[QueueRow]


def _evidence_at(concern: Concern) -> datetime.datetime:
    return concern.new_evidence_at or concern.created_at


def last_meeting_before(day: datetime.date) -> Meeting | None:
    """The latest Planning Group meeting held before ``day``."""
    return Meeting.objects.filter(held_on__lt=day).order_by("-held_on", "-pk").first()


def is_new_since(concern: Concern, meeting: Meeting | None) -> bool:
    """Raised, or given new evidence, after the day of ``meeting``: truly new to the Planning
    Group. With no earlier meeting every open flag is new."""
    if meeting is None:
        return True
    return timezone.localdate(_evidence_at(concern)) > meeting.held_on


def queue_filter_options() -> tuple[list[SubRegion], list[Quadrant], list[Trigger]]:
    """The sub-regions, quadrants and triggers the queue can be filtered by (3 queries)."""
    return (
        list(SubRegion.objects.order_by("name")),
        list(Quadrant.objects.order_by("order")),
        list(Trigger.objects.select_related("quadrant").order_by("quadrant__order", "order")),
    )


def _matches(concern: Concern, filters: QueueFilters, new: bool, today: datetime.date) -> bool:
    age_days = (today - timezone.localdate(_evidence_at(concern))).days
    return (
        filters.quadrant in ("", concern.trigger.quadrant.key)
        and filters.trigger in (None, concern.trigger_id)
        and filters.severity in ("", concern.severity)
        and filters.origin in ("", "automatic" if concern.is_automatic else "person")
        and (
            not filters.age
            or (filters.age == "new" and new)
            or (filters.age == "older" and age_days > AGES["quarter"])
            or (filters.age in ("month", "quarter") and age_days <= AGES[filters.age])
        )
    )


def review_queue(
    *,
    fetched_by: AnyUser,
    filters: QueueFilters,
    today: datetime.date | None = None,
    options: tuple[list[SubRegion], list[Quadrant], list[Trigger]] | None = None,
) -> ReviewQueue:
    """Councils active today with open flags or concerns still supported by the data, in the
    Planning Group's order (see the module docstring), narrowed by ``filters`` (6 queries, 3
    more unless ``options`` come from :func:`queue_filter_options`, and one per support
    reader)."""
    today = today or timezone.localdate()
    sub_regions, quadrants, triggers = options or queue_filter_options()
    meeting = last_meeting_before(today)
    concerns = (
        access.scope_to_councils(Concern.objects.in_queue(), fetched_by, action="review_councils")
        .filter(council__in=Council.objects.active_on(today))
        .select_related("council__sub_region", "trigger__quadrant")
        .order_by("council__name", "-pk")
    )
    if filters.sub_region is not None:
        concerns = concerns.filter(council__sub_region_id=filters.sub_region)
    rows: dict[int, QueueRow] = {}
    for concern in concerns:
        row = rows.setdefault(concern.council_id, QueueRow(council=concern.council))
        row.concerns.append(concern)
        new = is_new_since(concern, meeting)
        if new:
            row.new.append(concern)
        row.matches = row.matches or _matches(concern, filters, new, today)
    _annotate(rows, today)
    shown = [
        r
        for r in rows.values()
        if (r.matches or not filters.narrows_concerns) and filters.priority in ("", r.priority)
    ]
    return ReviewQueue(
        quadrants=quadrants,
        sub_regions=sub_regions,
        triggers=triggers,
        last_meeting=meeting,
        rows=sorted(shown, key=lambda r: r.sort_key),
    )


def _annotate(rows: dict[int, QueueRow], today: datetime.date) -> None:
    """Each row's priority, latest published ratings, last risk assessment and support in
    place (3 queries, and one per support reader)."""
    ids = set(rows)
    for priority in ReviewPriority.objects.filter(council_id__in=ids):
        rows[priority.council_id].priority = priority.priority
        rows[priority.council_id].priority_reason = priority.reason
    latest_period = (
        Judgement.objects.filter(council_id=OuterRef("council_id"), published_at__isnull=False)
        .exclude(published_rating="")
        .order_by("-period__year", "-period__quarter")
        .values("period_id")[:1]
    )
    domains = dict(Domain.choices)
    for judgement in (
        Judgement.objects.filter(council_id__in=ids, published_at__isnull=False)
        .exclude(published_rating="")
        .filter(period_id=Subquery(latest_period))
        .order_by("domain")
    ):
        rows[judgement.council_id].ratings.append(
            (
                domains.get(judgement.domain, judgement.domain),
                Rating(judgement.published_rating).label,
            )
        )
    for assessment in (
        RiskAssessment.objects.filter(council_id__in=ids)
        .select_related("council")
        .order_by("-year")
    ):
        if rows[assessment.council_id].assessment is None:
            rows[assessment.council_id].assessment = assessment
    for reader in _SUPPORT_READERS:
        for council_id, lines in reader(ids).items():
            if council_id in rows:
                rows[council_id].support.extend(lines)


def queue_top_councils(
    *, fetched_by: AnyUser, count: int = 5, today: datetime.date | None = None
) -> list[Council]:
    """The councils at the top of the unfiltered queue: the first suggestion for a meeting's
    agenda."""
    queue = review_queue(fetched_by=fetched_by, filters=QueueFilters(), today=today)
    return [r.council for r in queue.rows][:count]
