"""Bulk builders for scale tests and benchmarks: accepted returns without the upload pipeline."""

from decimal import Decimal

from accounts.models import User
from authorities.models import Council
from returns.models import (
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
