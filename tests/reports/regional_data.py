"""Published data for a Regional Account, written in bulk (as bench/overview.py does): stored
comparators, TEASC summaries, published judgements with public commentary, CIPFA nearest
neighbour positions, narratives and Local Accounts, for a quarter and the same quarter a year
earlier. Used by the tests and by bench/regional_account.py."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from reports.models import KeyMessage, Topic
from returns.models import Domain, Measure, Period, Polarity
from returns.services import period_ensure
from scorecard.models import (
    Band,
    ComparatorGroup,
    CouncilPosition,
    Direction,
    Judgement,
    LocalAccount,
    MeasureBenchmark,
    Narrative,
    PublishedPosition,
    Rating,
    TeascSummary,
)

RATINGS = [Rating.GREEN, Rating.AMBER, Rating.RED, Rating.GREEN, Rating.NOT_ASSESSED]
DIRECTIONS = [Direction.IMPROVING, Direction.STABLE, Direction.WORSENING, Direction.UNKNOWN]
BANDS = [Band.BETTER, Band.SIMILAR, Band.SLIGHTLY_WORSE, Band.SLIGHTLY_BETTER]


@dataclass(frozen=True)
class RegionalData:
    period: Period
    last_year: Period
    councils: list[Council]
    measures: list[Measure]


def key_measures() -> list[Measure]:
    return list(
        Measure.objects.in_return()
        .exclude(scorecard_domain="")
        .filter(polarity__in=[Polarity.HIGHER, Polarity.LOWER])
        .order_by("display_order", "code")
    )


def value_for(council_index: int, measure_index: int, year: int) -> float:
    return round(40.0 + (council_index * 7 + measure_index * 3 + year) % 50 + 0.25, 3)


def regional_data_fill(
    *,
    by: User,
    year: int = 2023,
    quarter: int = 4,
    councils: list[Council] | None = None,
    commentary: str = "Public commentary for {council}, {domain}.",
) -> RegionalData:
    """Fill the quarter ``year`` Q``quarter`` and the same quarter a year earlier."""
    period = period_ensure(year=year, quarter=quarter)
    last = period_ensure(year=year - 1, quarter=quarter)
    if councils is None:
        councils = list(
            Council.objects.active_between(period.starts_on, period.ends_on).order_by("name")
        )
    measures = key_measures()
    now = timezone.now()
    for p in (period, last):
        MeasureBenchmark.objects.bulk_create(
            [
                MeasureBenchmark(
                    measure=m,
                    period=p,
                    nw_count=len(councils),
                    nw_mean=55.0 + j,
                    nw_median=54.5 + j,
                    nw_lower_quartile=45.0 + j,
                    nw_upper_quartile=65.0 + j,
                    nw_mad=5.0,
                    england_value=53.25 + j,
                    england_year=p.year - 1,
                )
                for j, m in enumerate(measures)
            ]
        )
        CouncilPosition.objects.bulk_create(
            [
                CouncilPosition(
                    council=c,
                    measure=m,
                    period=p,
                    value=value_for(i, j, p.year),
                    rank=1 + i % len(councils),
                    ranked_of=len(councils),
                    value_quartile=1 + (i + j) % 4,
                    direction=DIRECTIONS[(i + j) % 4],
                    band=BANDS[(i + j) % 4],
                    trend=[[f"Q{k}", 40.0 + k] for k in range(1, 5)],
                )
                for i, c in enumerate(councils)
                for j, m in enumerate(measures)
            ],
            batch_size=2000,
        )
        TeascSummary.objects.bulk_create(
            [
                TeascSummary(
                    council=c,
                    period=p,
                    items=40,
                    better=20 + (i + p.year) % 15,
                    improving=15 + (i + p.year) % 20,
                    better_and_improving=10 + (i * 3 + p.year) % 25,
                )
                for i, c in enumerate(councils)
            ]
        )
        Judgement.objects.bulk_create(
            [
                Judgement(
                    council=c,
                    period=p,
                    domain=d,
                    rating=RATINGS[(i + j + p.year) % 5],
                    commentary=commentary.format(council=c.name, domain=label),
                    internal_commentary="Internal: discussed with the DASS.",
                    published_rating=RATINGS[(i + j + p.year) % 5],
                    published_commentary=commentary.format(council=c.name, domain=label),
                    published_at=now,
                    written_by=by,
                    published_by=by,
                )
                for i, c in enumerate(councils)
                for j, (d, label) in enumerate(Domain.choices)
            ],
            batch_size=2000,
        )
    PublishedPosition.objects.bulk_create(
        [
            PublishedPosition(
                council=c,
                measure=m,
                year=year - 1,
                group=ComparatorGroup.CIPFA,
                value=value_for(i, j, year - 1),
                median=50.75 + j,
                count=16,
                band=Band.SIMILAR,
            )
            for i, c in enumerate(councils)
            for j, m in enumerate(measures)
        ],
        batch_size=2000,
    )
    Narrative.objects.bulk_create(
        [
            Narrative(
                council=c,
                period=period,
                generated_text="Generated",
                text=f"Published narrative for {c.name}.",
                published_text=f"Published narrative for {c.name}.",
                published_at=now,
                edited_by=by,
            )
            for c in councils
        ]
    )
    LocalAccount.objects.bulk_create(
        [
            LocalAccount(
                council=c,
                year=year,
                assessment=LocalAccount.Assessment.PUBLISHED
                if i % 4
                else LocalAccount.Assessment.VAGUE,
                published_on=datetime.date(year + 1, 6, 30),
                notes="Planning Group notes: internal only.",
                recorded_by=by,
            )
            for i, c in enumerate(councils)
            if i % 5
        ]
    )
    return RegionalData(period=period, last_year=last, councils=councils, measures=measures)


def key_messages_edit_all(*, year: int = 2023, by: User) -> None:
    """The Planning Group's wording of every key message of ``year``, so a version can be
    published."""
    for topic, title in Topic.choices:
        KeyMessage.objects.create(
            year=year,
            topic=topic,
            draft=f"The portal's draft: {title}",
            text=f"The Planning Group's message: {title}",
            edited_by=by,
            edited_at=timezone.now(),
        )
