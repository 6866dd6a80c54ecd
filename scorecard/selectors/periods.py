"""Which quarters a scorecard page offers, and which it opens on."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from authorities.models import Council
from returns.models import Period
from scorecard.models import Judgement, MeasureBenchmark


def periods_with_comparators() -> QuerySet[Period]:
    return (
        Period.objects.filter(benchmarks__nw_count__gt=0).distinct().order_by("-year", "-quarter")
    )


@dataclass(frozen=True)
class ScorecardPeriod:
    period: Period
    has_published: bool
    has_comparators: bool


def scorecard_periods(
    *, council: Council | None = None, include_drafts: bool = False
) -> list[ScorecardPeriod]:
    """Quarters with published judgements or comparators (and, for the Planning Group, draft
    judgements), newest first. One query."""
    judgements = Judgement.objects.filter(period=OuterRef("pk"))
    if council is not None:
        judgements = judgements.filter(council=council)
    shown = Q(has_published=True) | Q(has_comparators=True)
    if include_drafts:
        shown |= Q(has_judgements=True)
    periods = (
        Period.objects.annotate(
            has_published=Exists(judgements.filter(published_at__isnull=False)),
            has_judgements=Exists(judgements),
            has_comparators=Exists(
                MeasureBenchmark.objects.filter(period=OuterRef("pk"), nw_count__gt=0)
            ),
        )
        .filter(shown)
        .order_by("-year", "-quarter")
    )
    return [
        ScorecardPeriod(p, bool(getattr(p, "has_published")), bool(getattr(p, "has_comparators")))  # noqa: B009
        for p in periods
    ]


def default_period(choices: list[ScorecardPeriod]) -> Period | None:
    """The latest quarter with any published judgement, else the latest with comparators."""
    return (
        next((c.period for c in choices if c.has_published), None)
        or next((c.period for c in choices if c.has_comparators), None)
        or (choices[0].period if choices else None)
    )
