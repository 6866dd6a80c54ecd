"""Reads for the annual risk assessment (MoU 2.1 b): the assessor's record with the concerns
considered, the concerns that can be considered, its history, and the council's own view once
it is shared."""

from collections.abc import Iterable

from django.db.models import Prefetch, Q

from authorities.models import Council
from triggers.models import Concern, ConcernStatus, RiskAssessment
from triggers.selectors.concerns import SHARED_VISIBILITIES, SHARED_WITH_COUNCIL


def risk_assessment_get(*, council: Council, year: int) -> RiskAssessment | None:
    """The council's risk assessment for a year, with the concerns considered (2 queries)."""
    return (
        RiskAssessment.objects.filter(council=council, year=year)
        .select_related("assessor", "council")
        .prefetch_related(
            Prefetch(
                "concerns",
                queryset=Concern.objects.select_related("trigger__quadrant").order_by(
                    "trigger__quadrant__order", "trigger__order", "-raised_on"
                ),
            )
        )
        .first()
    )


def assessable_concerns(*, council: Council, assessment: RiskAssessment | None) -> list[Concern]:
    """Concerns an assessor can choose to consider: the council's open and confirmed concerns,
    and any already considered that have since closed (1 query)."""
    wanted = ~Q(status=ConcernStatus.CLOSED)
    if assessment is not None:
        wanted |= Q(pk__in=[c.pk for c in assessment.concerns.all()])
    return list(
        Concern.objects.filter(council=council)
        .filter(wanted)
        .select_related("trigger__quadrant")
        .order_by("trigger__quadrant__order", "trigger__order", "-raised_on", "-pk")
    )


def shared_concerns(concerns: Iterable[Concern]) -> list[Concern]:
    """Of ``concerns``, those the council may see."""
    return [
        c
        for c in concerns
        if c.visibility in SHARED_VISIBILITIES and c.status != ConcernStatus.RAISED
    ]


def assessment_history(*, assessment: RiskAssessment) -> list[object]:
    """Who changed the assessment and when, newest first (1 query)."""
    return list(
        assessment.history.select_related("history_user").order_by("-history_date", "-history_id")
    )


def shared_assessment_get(*, council: Council, year: int) -> RiskAssessment | None:
    """The council's own view: its assessment for the year only once it has been shared."""
    return (
        RiskAssessment.objects.filter(
            council=council, year=year, shared_with_council_at__isnull=False
        )
        .select_related("council")
        .prefetch_related(
            Prefetch(
                "concerns",
                queryset=Concern.objects.filter(SHARED_WITH_COUNCIL)
                .select_related("trigger__quadrant")
                .order_by("trigger__quadrant__order", "trigger__order"),
            )
        )
        .first()
    )
