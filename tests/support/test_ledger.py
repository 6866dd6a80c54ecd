"""The reciprocity ledger on crafted data (tests/support/world.py), figures worked out by hand,
and challenges to a disproportionate share (MoU 2.1 g)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from support import services
from support.ledger import Days, ledger_for_year, regional_median
from support.models import LedgerSettings, ShareChallenge
from support.services import SupportRefused
from tests.support import world
from tests.support.conftest import engagement_with_days

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def w(regional_admin, monkeypatch) -> world.World:
    monkeypatch.setattr("support.evidence.top_level_standards", world.top_levels)
    return world.build(regional_admin)


def row(ledger, council):
    return next(r for r in ledger.rows if r.council == council)


def test_days_given_and_received_planned_actual_and_counted(w) -> None:
    ledger = ledger_for_year(year=2025)
    assert len(ledger.rows) == 24  # Cumbria ended in 2023; Cumberland, Westmorland and Furness
    cheshire_east = row(ledger, w.cheshire_east)
    # Engagement Y: officer 4 planned / 5 actual -> 5 counted; member 1 planned / none -> 1.
    assert cheshire_east.given == Days(
        officer_planned=D(4), officer_actual=D(5), officer=D(5),
        member_planned=D(1), member_actual=D(0), member=D(1),
    )  # fmt: skip
    assert (cheshire_east.given.total, cheshire_east.given.planned, cheshire_east.given.actual) == (
        D(6), D(5), D(5),
    )  # fmt: skip
    assert row(ledger, w.wirral).received == cheshire_east.given
    # Engagement X: 14 councils x 1 planned officer day, nothing actual yet.
    blackpool = row(ledger, w.blackpool)
    assert (blackpool.received.total, blackpool.received.actual, blackpool.engagements_received) == (
        D(14), D(0), 1,
    )  # fmt: skip
    # Engagement Z is only matched, and W started in 2024/25: neither counts in 2025/26.
    assert row(ledger, w.manchester).given.total == 0
    assert row(ledger, w.manchester).received.total == 0
    assert row(ledger, w.knowsley).received.total == 0
    assert cheshire_east.balance == D(6)
    assert row(ledger, w.blackpool).balance == D(-14)


def test_by_offer_type(w) -> None:
    ledger = ledger_for_year(year=2025)
    [shadowing] = row(ledger, w.cheshire_east).by_offer
    assert (shadowing.offer, shadowing.tier, shadowing.given.total, shadowing.received.total) == (
        "Shadowing", "Support (Self Help)", D(6), D(0),
    )  # fmt: skip
    [buddying] = row(ledger, w.blackpool).by_offer
    assert (buddying.offer, buddying.received.total) == ("Buddying", D(14))


def test_the_median_and_the_disproportionate_share_flag(w) -> None:
    # 9 councils gave 0, 14 gave 1, Cheshire East 6: the 12th and 13th of 24 are both 1.
    ledger = ledger_for_year(year=2025)
    assert (ledger.median, ledger.multiple, ledger.threshold) == (D(1), D("2.00"), D(2))
    assert [r.council.name for r in ledger.flagged] == ["Cheshire East"]
    assert not row(ledger, w.sefton).flagged


def test_the_multiple_is_a_setting(w, regional_admin) -> None:
    settings = LedgerSettings.current()
    settings.disproportionate_multiple = D(6)
    settings.save()
    # 6 days is not more than 6 x 1.
    assert ledger_for_year(year=2025).flagged == []
    assert settings.history.count() == 2


def test_when_most_councils_gave_nothing_any_giver_is_flagged(w) -> None:
    # 2024/25: only Cheshire East gave (3 + 2 actual days); the median of 24 is 0.
    ledger = ledger_for_year(year=2024)
    assert (ledger.median, [r.council.name for r in ledger.flagged]) == (D(0), ["Cheshire East"])
    assert row(ledger, w.cheshire_east).given.total == D(5)


def test_regional_median_counts_councils_that_gave_nothing() -> None:
    assert regional_median({1: D(4), 2: D(2)}, [1, 2, 3]) == D(2)
    assert regional_median({1: D(4), 2: D(2)}, [1, 2, 3, 4]) == D(1)
    assert regional_median({}, []) == D(0)


def test_a_flagged_council_challenges_and_the_administrator_resolves(
    w, regional_admin, make_council_user
) -> None:
    lead = make_council_user(w.cheshire_east)
    challenge = services.share_challenge_lodge(
        council=w.cheshire_east, year=2025, reason="Six days in two months", lodged_by=lead
    )
    assert row(ledger_for_year(year=2025), w.cheshire_east).challenge_status == "open"
    with pytest.raises(SupportRefused, match="already has an open challenge"):
        services.share_challenge_lodge(
            council=w.cheshire_east, year=2025, reason="again", lodged_by=lead
        )
    with pytest.raises(SupportRefused, match="Enter the resolution"):
        services.share_challenge_resolve(
            challenge=challenge, outcome="upheld", resolution=" ", resolved_by=regional_admin
        )
    services.share_challenge_resolve(
        challenge=challenge,
        outcome="upheld",
        resolution="No more requests this year",
        resolved_by=regional_admin,
    )
    assert row(ledger_for_year(year=2025), w.cheshire_east).challenge_status == "upheld"
    with pytest.raises(SupportRefused, match="already been resolved"):
        services.share_challenge_resolve(
            challenge=challenge, outcome="not_upheld", resolution="x", resolved_by=regional_admin
        )
    services.share_challenge_lodge(
        council=w.cheshire_east, year=2025, reason="Asked again", lodged_by=lead
    )
    assert row(ledger_for_year(year=2025), w.cheshire_east).challenge_status == "open"


def test_the_database_keeps_one_open_challenge_and_a_complete_resolution(w, regional_admin) -> None:
    ShareChallenge.objects.create(council=w.sefton, year=2025, reason="r", lodged_by=regional_admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareChallenge.objects.create(
            council=w.sefton, year=2025, reason="r", lodged_by=regional_admin
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareChallenge.objects.filter(council=w.sefton).update(outcome="upheld")


def test_the_ledger_reads_a_fixed_number_of_queries(w, regional_admin) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            ledger_for_year(year=2025)
        return len(ctx.captured_queries)

    small = count()
    for giver in w.the_thirteen[:8]:
        engagement_with_days(
            receiver=w.knowsley if giver != w.knowsley else w.wirral,
            providers=[(giver, D(2), D(2), D(1), None)],
            by=regional_admin,
            starts_on=world.TODAY,
            status="completed",
            offer_key="support-local-peer-challenge",
        )
    assert count() == small
    assert small <= 5
