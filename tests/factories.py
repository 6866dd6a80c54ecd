"""Bulk builders for scale tests and benchmarks: generated councils, accepted returns without
the upload pipeline, and the Planning Group's review of many councils."""

from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from authorities.models import AuthorityType, Council, SubRegion
from returns.models import (
    Domain,
    Measure,
    Period,
    Polarity,
    Return,
    ReturnStatus,
    ReturnTier,
    ReturnValue,
    ReturnVersion,
    Unit,
)
from returns.services import period_ensure
from scorecard.models import Judgement
from triggers.automatic.evaluation import triggers_by_kind
from triggers.models import Concern, ConcernEvent, ReviewPriority, RiskAssessment, Trigger

FLAG_KINDS = ["measure_outlier", "unit_cost_change", "return_late"]


def extra_measures(count: int, *, tier: str = ReturnTier.NW_BENCHMARKING) -> list[Measure]:
    """NW benchmarking items, as the administrator would add them to the return."""
    existing = Measure.objects.filter(code__startswith="NW").count()
    return Measure.objects.bulk_create(
        [
            Measure(
                code=f"NW{existing + i:03d}",
                framework_version="NW benchmarking",
                name=f"NW benchmarking item {existing + i}",
                tier=tier,
                unit=Unit.PERCENTAGE,
                unit_label="percent",
                polarity=Polarity.HIGHER if i % 3 else Polarity.NOT_VERIFIED,
                decimal_places=1,
                min_value=Decimal(0),
                max_value=Decimal(100),
                in_return=True,
                first_year=2012,
                display_order=1000 + existing + i,
            )
            for i in range(count)
        ]
    )


def periods(first_year: int, count: int) -> list[Period]:
    """``count`` consecutive quarters from Q1 of ``first_year``."""
    return [
        period_ensure(year=first_year + index // 4, quarter=index % 4 + 1) for index in range(count)
    ]


def accepted_returns(
    councils: list[Council], periods: list[Period], measures: list[Measure], by: User
) -> None:
    """One accepted version per council and quarter, with a figure for every measure."""
    for period in periods:
        returns = Return.objects.bulk_create(
            [Return(council=c, period=period, status=ReturnStatus.ACCEPTED) for c in councils]
        )
        versions = ReturnVersion.objects.bulk_create(
            [ReturnVersion(return_obj=r, number=1, created_by=by) for r in returns]
        )
        ReturnValue.objects.bulk_create(
            [
                ReturnValue(
                    version=v,
                    measure=m,
                    value=Decimal(str(round(40 + (i * 7 + j * 3 + period.quarter) % 50, 1))),
                )
                for i, v in enumerate(versions)
                for j, m in enumerate(measures)
            ],
            batch_size=5000,
        )
        for r, v in zip(returns, versions, strict=True):
            r.submitted_version = v
            r.accepted_version = v
        Return.objects.bulk_update(returns, ["submitted_version", "accepted_version"])


def generated_councils(count: int) -> list[Council]:
    """Councils with generated ONS-like codes (E98xxxxxx, never a real code) in nine generated
    sub-regions, active throughout."""
    regions = [SubRegion.objects.get_or_create(name=f"Simulated region {n}")[0] for n in range(9)]
    types_ = [AuthorityType.UNITARY, AuthorityType.METROPOLITAN, AuthorityType.COUNTY]
    return Council.objects.bulk_create(
        [
            Council(
                ons_code=f"E98{n:06d}",
                name=f"Simulated council {n:03d}",
                slug=f"simulated-council-{n:03d}",
                authority_type=types_[n % 3],
                sub_region=regions[n % 9],
            )
            for n in range(count)
        ]
    )


def flag_councils(councils: list[Council], years: list[int], by: User) -> None:
    """For each council: an open automatic flag for each of FLAG_KINDS (five findings each), a
    concern raised by a person, their events, a priority, published ratings for the latest
    period and a risk assessment for each of ``years``. Table 2 must be loaded."""
    triggers = triggers_by_kind()
    person_trigger = Trigger.objects.get(quadrant__key="resources", order=4)
    today = timezone.localdate()
    latest = Period.objects.order_by("-year", "-quarter").first()
    concerns = []
    for council in councils:
        for kind in FLAG_KINDS:
            items = [
                {"subject": f"{kind}:NW{j:03d}", "reasons": "A finding.", "period": "2023/24 Q4"}
                for j in range(5)
            ]
            concerns.append(
                Concern(
                    council=council,
                    trigger=triggers[kind],
                    title=f"{kind} for {council.name}",
                    raised_on=today,
                    automatic_key=kind,
                    evidence_items=items,
                    new_evidence_at=timezone.now(),
                    reasons="A finding.",
                )
            )
        concerns.append(
            Concern(
                council=council,
                trigger=person_trigger,
                title="Senior turnover",
                evidence="Three managers left.",
                raised_on=today,
                raised_by=by,
            )
        )
    made = Concern.objects.bulk_create(concerns, batch_size=2000)
    ConcernEvent.objects.bulk_create(
        [ConcernEvent(concern=c, action="raised", text="Raised") for c in made], batch_size=2000
    )
    ReviewPriority.objects.bulk_create(
        [
            ReviewPriority(council=c, priority=["none", "watch", "next_meeting"][i % 3], set_by=by)
            for i, c in enumerate(councils)
        ]
    )
    RiskAssessment.objects.bulk_create(
        [RiskAssessment(council=c, year=y, assessor=by) for c in councils for y in years]
    )
    Judgement.objects.bulk_create(
        [
            Judgement(
                council=c,
                period=latest,
                domain=d,
                rating="amber",
                published_rating="amber",
                published_at=timezone.now(),
                published_by=by,
                written_by=by,
            )
            for c in councils
            for d in Domain.values
        ],
        ignore_conflicts=True,
    )
