"""Helpers for the support app's view tests: engagements and directory entries built through
the services, at any scale, and measure positions that make a council a matching candidate."""

import datetime
from decimal import Decimal

from accounts.models import User
from authorities.models import Council
from returns.models import Measure, Polarity
from scorecard.models import Band, CouncilPosition
from support import services
from support.models import Engagement, StrengthEntry
from support.services import ProviderSpec
from tests.conftest import make_period
from tests.support.conftest import offer


def a_measure() -> Measure:
    measure = Measure.objects.in_return().filter(polarity=Polarity.HIGHER).first()
    assert measure is not None
    return measure


def top_quartile(council: Council, measure: Measure, *, rank: int = 1) -> None:
    """``council`` in the NW top quartile on ``measure`` in the latest quarter with positions."""
    period = make_period(2025, 1, today=datetime.date(2025, 6, 15))
    CouncilPosition.objects.create(
        council=council, measure=measure, period=period, value=1.0, value_quartile=4,
        band=Band.MUCH_BETTER, rank=rank, ranked_of=20,
    )  # fmt: skip


def request(council: Council, by: User, *, topic: str = "Reablement", measure=None) -> Engagement:
    return services.engagement_request(
        council=council,
        offer=offer("support-buddying"),
        topic=topic,
        description="A buddy for our reablement lead",
        measure=measure,
        requested_by=by,
    )


def under_way(receiver: Council, provider: Council, by: User, **kwargs) -> Engagement:
    """An engagement in progress with ``provider`` as its buddy (2 officer days planned)."""
    engagement = request(receiver, by, **kwargs)
    services.engagement_match(
        engagement=engagement,
        providers=[ProviderSpec(provider, "buddy", officer_days_planned=Decimal(2))],
        matched_by=by,
    )
    services.engagement_agree(engagement=engagement, agreed_by=by)
    services.engagement_start(engagement=engagement, started_by=by)
    return Engagement.objects.get(pk=engagement.pk)


def published(council: Council, by: User, *, topic: str, measures=(), endorse_by=None):
    entry = services.strength_entry_create(
        council=council, topic=topic, description=f"How {council.name} does {topic}",
        contact_role="Head of Service", measures=list(measures), created_by=by,
    )  # fmt: skip
    services.strength_entry_publish(entry=entry, published_by=by)
    if endorse_by is not None:
        services.strength_entry_endorse(entry=entry, endorsed_by=endorse_by)
    return StrengthEntry.objects.get(pk=entry.pk)
