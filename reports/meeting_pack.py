"""The confidential pre-meeting pack of a Planning Group meeting: for each council on the
agenda, its open flags and concerns with their evidence, its published scorecard ratings, the
support in place, the progress of its improvement plan and its last risk assessment (MoU 2.1 b,
c; Table 2 of the MoU: soft intelligence about a named council is confidential).

Assembled here, above the apps it reads (triggers, support, improvement_plans), in a fixed
number of queries whatever the number of councils on the agenda or years of data.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from authorities.models import Council
from improvement_plans.models import Action, ProgressStatus
from returns.models import Domain, Period
from scorecard.models import Judgement, Rating
from sli_portal.financial_years import year_label
from support.models import Engagement
from triggers.models import AgendaItem, Concern, Meeting, RiskAssessment
from triggers.selectors.meetings import meeting_items

CONFIDENTIAL = "Confidential: SLI Planning Group"


@dataclass
class DomainLine:
    label: str
    rating: str


@dataclass
class PlanLine:
    label: str
    count: int


@dataclass
class CouncilPack:
    item: AgendaItem
    concerns: list[Concern] = field(default_factory=list)
    ratings_period: Period | None = None
    ratings: list[DomainLine] = field(default_factory=list)
    support: list[Engagement] = field(default_factory=list)
    plan: list[PlanLine] = field(default_factory=list)
    assessment: RiskAssessment | None = None

    @property
    def council(self) -> Council:
        return self.item.council

    @property
    def assessment_year(self) -> str:
        return year_label(self.assessment.year) if self.assessment else ""

    @property
    def plan_total(self) -> int:
        return sum(line.count for line in self.plan)


@dataclass
class MeetingPack:
    meeting: Meeting
    councils: list[CouncilPack]
    confidential: str = CONFIDENTIAL


def _ratings(packs: dict[int, CouncilPack]) -> None:
    judgements = (
        Judgement.objects.filter(council_id__in=packs, published_at__isnull=False)
        .exclude(published_rating="")
        .select_related("period")
        .order_by("council_id", "-period__year", "-period__quarter")
    )
    latest: dict[int, dict[str, str]] = defaultdict(dict)
    for judgement in judgements:
        pack = packs[judgement.council_id]
        if pack.ratings_period is None:
            pack.ratings_period = judgement.period
        if judgement.period_id == pack.ratings_period.pk:
            latest[judgement.council_id][judgement.domain] = judgement.published_rating
    for council_id, pack in packs.items():
        found = latest.get(council_id, {})
        pack.ratings = [
            DomainLine(label, Rating(found[value]).label if value in found else "Not published")
            for value, label in Domain.choices
        ]


def _plans(packs: dict[int, CouncilPack]) -> None:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Action.objects.filter(
            area__heading__plan__council_id__in=packs,
            area__heading__plan__archived_at__isnull=True,
            archived_at__isnull=True,
        )
        .values("area__heading__plan__council_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["area__heading__plan__council_id"]][row["status"]] = row["n"]
    for council_id, pack in packs.items():
        found = counts.get(council_id, {})
        pack.plan = [
            PlanLine(label, found[value])
            for value, label in ProgressStatus.choices
            if value in found
        ]


def meeting_pack_get(*, meeting: Meeting) -> MeetingPack:
    """The pack's content for every council on the meeting's agenda, in agenda order (6
    queries)."""
    items = meeting_items(meeting=meeting)
    packs = {item.council_id: CouncilPack(item=item) for item in items}
    for concern in (
        Concern.objects.open()
        .filter(council_id__in=packs)
        .select_related("trigger__quadrant")
        .order_by("council_id", "trigger__quadrant__order", "trigger__order", "-raised_on")
    ):
        packs[concern.council_id].concerns.append(concern)
    _ratings(packs)
    for engagement in (
        Engagement.objects.live()
        .filter(council_id__in=packs)
        .select_related("offer", "tier")
        .order_by("council_id", "-created_at")
    ):
        packs[engagement.council_id].support.append(engagement)
    _plans(packs)
    for assessment in RiskAssessment.objects.filter(council_id__in=packs).order_by(
        "council_id", "-year"
    ):
        pack = packs[assessment.council_id]
        if pack.assessment is None:
            pack.assessment = assessment
    return MeetingPack(meeting=meeting, councils=list(packs.values()))
