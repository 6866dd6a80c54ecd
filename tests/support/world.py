"""Crafted data for the matching tool and the ledger, with every figure chosen so the expected
scores can be worked out by hand (the arithmetic is written in the tests).

Financial year 2025/26 (today 15 June 2025); the region has 24 councils active in the year.

Days given in 2025/26 (counted: actual where recorded, else planned):
- engagement X, received by Blackpool, agreed, starting 1 May 2025: 13 councils (the first 13
  by name outside Wirral, Sefton, Manchester, Cheshire East, Liverpool and Blackpool) and Sefton
  each give 1 officer day planned -> 14 councils at 1 day;
- engagement Y, received by Wirral, in progress, starting 10 May 2025: Cheshire East, officer
  4 planned / 5 actual, member 1 planned / not recorded -> 5 + 1 = 6 days counted;
- engagement Z, received by Knowsley, only matched: Manchester 3 days planned -> not counted.
So 9 councils gave 0, 14 gave 1 and one gave 6: the median of 24 is the mean of the 12th and
13th values, (1 + 1) / 2 = 1; the threshold 2 x 1 = 2; Cheshire East (6 > 2) is flagged.

In 2024/25 (engagement W, completed, starting 1 June 2024): Cheshire East gave Manchester 3
officer days and 2 member days (actual), so to the end of 2025/26 Cheshire East gave 11 and
received 0, Manchester gave 0 and received 5, Sefton gave 1 and received 0.

Evidence on measure M (higher is better, the first in the return), quarter 2025/26 Q1:
- Sefton: value quartile 4 (top quartile), ranked 2 of 20 -> data 2; an unendorsed published
  directory entry naming M -> directory 1;
- Manchester: value quartile 3, band "better" -> data 1; Green in M's domain -> 1; at the top
  level of standard "Reablement and hospital discharge" -> self-assessment 1 for a topic
  "Reablement";
- Cheshire East: value quartile 4, ranked 1 of 20 -> data 2; an endorsed entry naming M -> 2;
- Liverpool: value quartile 4, but under intervention on M (a live Intervention engagement);
- Blackpool: value quartile 2, band similar -> no evidence.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.models import Measure, Polarity
from scorecard.models import Band, CouncilPosition, Judgement, Rating
from selfassessment.selectors import TopLevelStandard
from support import services
from support.models import Engagement, LedgerSettings, Origin
from tests.conftest import make_period
from tests.support.conftest import council, engagement_with_days, offer

TODAY = datetime.date(2025, 6, 15)
YEAR = 2025
D = Decimal


@dataclass
class World:
    measure: Measure
    wirral: Council
    sefton: Council
    manchester: Council
    cheshire_east: Council
    liverpool: Council
    blackpool: Council
    knowsley: Council
    x: Engagement
    y: Engagement
    z: Engagement
    w: Engagement
    intervention: Engagement
    the_thirteen: list[Council]


def top_levels(*, year: int) -> list[TopLevelStandard]:
    """Stands in for selfassessment.selectors.top_level_standards in these tests."""
    manchester = Council.objects.get(name="Manchester")
    return [
        TopLevelStandard(
            manchester.pk, "Integrated Commissioning for Better Outcomes", "ICBO 4",
            "Reablement and hospital discharge", 4, 4,
        )
    ]  # fmt: skip


def build(by: User) -> World:
    measure = Measure.objects.in_return().filter(polarity=Polarity.HIGHER).first()
    assert measure is not None
    assert measure.scorecard_domain
    names = [
        "Wirral",
        "Sefton",
        "Manchester",
        "Cheshire East",
        "Liverpool",
        "Blackpool",
        "Knowsley",
    ]
    c = {name: council(name) for name in names}
    the_thirteen = list(
        Council.objects.active_on(TODAY)
        .exclude(name__in=[n for n in names if n != "Knowsley"])
        .order_by("name")[:13]
    )
    LedgerSettings.current()  # the single settings row exists, as it does once the portal runs
    period = make_period(YEAR, 1, today=TODAY)
    for name, quartile, band, rank in [
        ("Sefton", 4, Band.BETTER, 2),
        ("Manchester", 3, Band.BETTER, 6),
        ("Cheshire East", 4, Band.MUCH_BETTER, 1),
        ("Liverpool", 4, Band.BETTER, 3),
        ("Blackpool", 2, Band.SIMILAR, 14),
    ]:
        CouncilPosition.objects.create(
            council=c[name], measure=measure, period=period, value=1.0,
            value_quartile=quartile, band=band, rank=rank, ranked_of=20,
        )  # fmt: skip
    Judgement.objects.create(
        council=c["Manchester"], period=period, domain=measure.scorecard_domain,
        rating=Rating.GREEN, published_rating=Rating.GREEN, published_at=timezone.now(),
        written_by=by,
    )  # fmt: skip
    for name, endorse in (("Sefton", False), ("Cheshire East", True)):
        entry = services.strength_entry_create(
            council=c[name], topic=f"{name} on {measure.code}", description="How we do it",
            contact_role="Head of Service", measures=[measure], created_by=by,
        )  # fmt: skip
        services.strength_entry_publish(entry=entry, published_by=by)
        if endorse:
            services.strength_entry_endorse(entry=entry, endorsed_by=by)

    x = engagement_with_days(
        receiver=c["Blackpool"],
        providers=[(p, D(1), None, D(0), None) for p in [*the_thirteen, c["Sefton"]]],
        by=by, starts_on=datetime.date(2025, 5, 1), status="agreed",
    )  # fmt: skip
    y = engagement_with_days(
        receiver=c["Wirral"], providers=[(c["Cheshire East"], D(4), D(5), D(1), None)],
        by=by, starts_on=datetime.date(2025, 5, 10), status="in_progress",
        offer_key="support-shadowing",
    )  # fmt: skip
    z = engagement_with_days(
        receiver=c["Knowsley"], providers=[(c["Manchester"], D(3), None, D(0), None)],
        by=by, starts_on=datetime.date(2025, 5, 20), status="matched",
    )  # fmt: skip
    w = engagement_with_days(
        receiver=c["Manchester"], providers=[(c["Cheshire East"], D(3), D(3), D(0), D(2))],
        by=by, starts_on=datetime.date(2024, 6, 1), status="completed",
        offer_key="support-action-learning",
    )  # fmt: skip
    intervention = services.engagement_recommend(
        council=c["Liverpool"], offer=offer("intervention-peer-consultancy"),
        origin=Origin.PLANNING_GROUP, topic="Reablement", reasons="Falling performance",
        measure=measure, recommended_by=by,
    )  # fmt: skip
    return World(
        measure=measure, wirral=c["Wirral"], sefton=c["Sefton"], manchester=c["Manchester"],
        cheshire_east=c["Cheshire East"], liverpool=c["Liverpool"], blackpool=c["Blackpool"],
        knowsley=c["Knowsley"], x=x, y=y, z=z, w=w, intervention=intervention,
        the_thirteen=the_thirteen,
    )  # fmt: skip
