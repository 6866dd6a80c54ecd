"""Fixtures for the support app's tests: Table 1 loaded, and helpers that build engagements
through the services, as a page would."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from accounts.models import Role, User
from authorities.models import Council
from support import services
from support.models import Engagement, EngagementProvider, Offer
from support.services import ProviderSpec
from support.table1 import table1_load
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _table1(db: None) -> None:
    table1_load()


def offer(key: str) -> Offer:
    return Offer.objects.select_related("tier").get(key=key)


def council(name: str) -> Council:
    return Council.objects.select_related("sub_region").get(name=name)


def engagement_with_days(
    *,
    receiver: Council,
    providers: list[tuple[Council, Decimal, Decimal | None, Decimal, Decimal | None]],
    by: User,
    starts_on: datetime.date,
    status: str = "agreed",
    offer_key: str = "support-buddying",
    topic: str = "Buddying",
) -> Engagement:
    """An engagement moved to ``status`` with providers given as (council, officer planned,
    officer actual, member planned, member actual)."""
    engagement = services.engagement_request(
        council=receiver, offer=offer(offer_key), topic=topic, requested_by=by
    )
    added = services.engagement_match(
        engagement=engagement,
        providers=[
            ProviderSpec(c, "buddy", officer_days_planned=op, member_days_planned=mp)
            for c, op, _oa, mp, _ma in providers
        ],
        matched_by=by,
    )
    services.engagement_dates_set(
        engagement=engagement, starts_on=starts_on, ends_on=None, set_by=by
    )
    if status == "matched":
        return Engagement.objects.get(pk=engagement.pk)
    services.engagement_agree(engagement=engagement, agreed_by=by)
    if status in ("in_progress", "completed"):
        services.engagement_start(engagement=engagement, started_by=by)
        for provider, (_c, _op, oa, _mp, ma) in zip(added, providers, strict=True):
            kwargs = {}
            if oa is not None:
                kwargs["officer_days_actual"] = oa
            if ma is not None:
                kwargs["member_days_actual"] = ma
            if kwargs:
                services.engagement_days_record(
                    engagement=engagement, provider=provider, recorded_by=by, **kwargs
                )
    if status == "completed":
        services.engagement_complete(engagement=engagement, completed_by=by)
    return Engagement.objects.get(pk=engagement.pk)


def provider_of(engagement: Engagement, council_: Council) -> EngagementProvider:
    return EngagementProvider.objects.get(engagement=engagement, council=council_)


@pytest.fixture
def make_council_user() -> Callable[..., User]:
    """A performance lead (or another role) of any council."""

    def make(council_: Council, role: str = Role.PERFORMANCE_LEAD) -> User:
        return make_user(f"{role}.{council_.slug}@{council_.slug}.example", role, council_)

    return make
