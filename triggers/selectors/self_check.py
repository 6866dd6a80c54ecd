"""Reads for a council's self-check against Table 2: every active trigger by quadrant with the
council's answer, with its published ratings, bands and returns as context; and the self-checks
councils have shared with the Planning Group."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from sli_portal.financial_years import year_label
from triggers.models import Concern, Quadrant, SelfCheck, SelfCheckAnswer, Trigger
from triggers.selectors.concerns import SHARED_WITH_COUNCIL
from triggers.selectors.review import (
    BandSummary,
    PublishedRatings,
    ReturnStatusRow,
    band_summary,
    published_ratings,
    returns_status,
)


@dataclass
class SelfCheckTrigger:
    trigger: Trigger
    answer: SelfCheckAnswer | None
    concerns: list[Concern] = field(default_factory=list)


@dataclass
class SelfCheckSection:
    quadrant: Quadrant
    triggers: list[SelfCheckTrigger]


@dataclass
class SelfCheckPage:
    council: Council
    year: int
    self_check: SelfCheck | None
    sections: list[SelfCheckSection]
    automatic: list[Concern]
    ratings: PublishedRatings
    returns: list[ReturnStatusRow]
    bands: BandSummary | None

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def triggers(self) -> list[Trigger]:
        return [t.trigger for s in self.sections for t in s.triggers]

    @property
    def unanswered(self) -> int:
        return sum(1 for s in self.sections for t in s.triggers if t.answer is None)


def self_check_page(
    *, council: Council, year: int, today: datetime.date | None = None
) -> SelfCheckPage:
    """A council's self-check for a year: every active Table 2 trigger by quadrant with the
    council's answer, the automatic concerns the Planning Group has shared with the council (never
    unshared ones), and its published scorecard ratings, bands and returns as context
    (9 queries)."""
    self_check = (
        SelfCheck.objects.filter(council=council, year=year).select_related("updated_by").first()
    )
    answers = {a.trigger_id: a for a in self_check.answers.all()} if self_check is not None else {}
    automatic = list(
        Concern.objects.filter(council=council)
        .filter(SHARED_WITH_COUNCIL)
        .exclude(automatic_key="")
        .select_related("trigger")
        .order_by("-raised_on", "-pk")
    )
    by_trigger: dict[int, list[Concern]] = {}
    for concern in automatic:
        by_trigger.setdefault(concern.trigger_id, []).append(concern)
    quadrants = Quadrant.objects.order_by("order").prefetch_related(
        Prefetch("triggers", queryset=Trigger.objects.filter(active=True).order_by("order"))
    )
    sections = [
        SelfCheckSection(
            quadrant=q,
            triggers=[
                SelfCheckTrigger(t, answers.get(t.pk), by_trigger.get(t.pk, []))
                for t in q.triggers.all()
            ],
        )
        for q in quadrants
    ]
    return SelfCheckPage(
        council=council,
        year=year,
        self_check=self_check,
        sections=[s for s in sections if s.triggers],
        automatic=automatic,
        ratings=published_ratings(council=council),
        returns=returns_status(council=council, today=today),
        bands=band_summary(council=council),
    )


def shared_self_checks(*, fetched_by: AnyUser) -> list[SelfCheck]:
    """Self-checks councils have shared with the Planning Group, newest first, with how many
    triggers each council marked a concern or under review (1 query)."""
    return list(
        access.scope_to_councils(
            SelfCheck.objects.filter(shared_at__isnull=False), fetched_by, action="review_councils"
        )
        .select_related("council")
        .annotate(
            concerns=Count("answers", filter=Q(answers__answer=SelfCheckAnswer.Answer.CONCERN)),
            watching=Count("answers", filter=Q(answers__answer=SelfCheckAnswer.Answer.WATCH)),
        )
        .order_by("-year", "-shared_at")
    )
