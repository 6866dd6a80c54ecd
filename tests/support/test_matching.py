"""The matching tool on crafted data (tests/support/world.py), with the expected scores worked
out by hand:

total = 1 x evidence + 2 x capacity + 1 x proximity + 1 x reciprocity

Request: Wirral (Greater Merseyside) asks about measure M, topic "Reablement", on 15 June 2025.
Regional median of days given in 2025/26 = 1, so the capacity threshold is 2 x 1 = 2 days.

- Manchester: evidence 1 (band better) + 1 (Green) + 0 + 1 (top-level standard) = 3;
  capacity 1 - 0/2 = 1; proximity 0; reciprocity (5 - 0)/10 = 0.5;
  total 3 + 2 x 1 + 0 + 0.5 = 5.50
- Sefton: evidence 2 (top quartile) + 0 + 1 (unendorsed entry) + 0 = 3;
  capacity 1 - 1/2 = 0.5; proximity 1; reciprocity (0 - 1)/10 = -0.1;
  total 3 + 2 x 0.5 + 1 - 0.1 = 4.90
- Cheshire East: evidence 2 (top quartile) + 0 + 2 (endorsed entry) + 0 = 4;
  capacity 1 - 6/2 = -2, held at 0; proximity 0; reciprocity (0 - 11)/10 = -1.1, held at -1;
  total 4 + 0 + 0 - 1 = 3.00
- Liverpool: under intervention on M, never suggested; Wirral: the requester, never suggested;
  Blackpool and the rest: no evidence of strength, not suggested.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from support import services
from support.matching import Request, _under_intervention, engagement_candidates, match_candidates
from support.models import Origin
from tests.support import world
from tests.support.conftest import council, offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(regional_admin, monkeypatch) -> world.World:
    monkeypatch.setattr("support.evidence.top_level_standards", world.top_levels)
    return world.build(regional_admin)


def ranked(candidates) -> list[tuple[str, Decimal]]:
    return [(c.council.name, c.total) for c in candidates]


def test_candidates_are_ranked_by_the_stated_weighted_sum(w) -> None:
    candidates = match_candidates(
        council=w.wirral, measure=w.measure, topic="Reablement", today=world.TODAY
    )
    assert ranked(candidates) == [
        ("Manchester", Decimal("5.50")),
        ("Sefton", Decimal("4.90")),
        ("Cheshire East", Decimal("3.00")),
    ]
    manchester, sefton, cheshire_east = candidates
    assert manchester.evidence_parts == {
        "data": 1, "green": 1, "directory": 0, "self_assessment": 1,
    }  # fmt: skip
    assert (manchester.capacity.score, manchester.proximity.score, manchester.reciprocity.score) == (
        Decimal("1.00"), 0, Decimal("0.50"),
    )  # fmt: skip
    assert sefton.evidence_parts == {"data": 2, "green": 0, "directory": 1, "self_assessment": 0}
    assert (sefton.capacity.score, sefton.proximity.score, sefton.reciprocity.score) == (
        Decimal("0.50"), 1, Decimal("-0.10"),
    )  # fmt: skip
    assert cheshire_east.evidence.score == Decimal("4.00")
    assert (cheshire_east.capacity.score, cheshire_east.reciprocity.score) == (
        Decimal("0.00"), Decimal("-1.00"),
    )  # fmt: skip


def test_every_suggestion_is_explained_in_words_never_a_formula(w) -> None:
    sefton = next(
        c
        for c in match_candidates(
            council=w.wirral, measure=w.measure, topic="Reablement", today=world.TODAY
        )
        if c.council == w.sefton
    )
    code = w.measure.code
    assert f"in the top quartile of NW councils on {code}" in sefton.evidence.explanation
    assert "(ranked 2 of 20)" in sefton.evidence.explanation
    assert "in the excellence directory (not yet endorsed)" in sefton.evidence.explanation
    assert sefton.capacity.explanation == (
        "has given 1 day this year, against a regional median of 1 day: within a fair share"
    )
    assert sefton.proximity.explanation == "in the same sub-region (Greater Merseyside)"
    assert sefton.reciprocity.explanation == (
        "has received 0 days and given 1 day to date: has given more help than it has received"
    )
    assert "Sefton is in the same sub-region (Greater Merseyside)." in sefton.reasons
    for reason in sefton.reasons:
        assert reason.startswith("Sefton ")
        for symbol in ("\u00d7", "\u2212", "/10", " = "):
            assert symbol not in reason, reason
    assert [name for name, _s, _e in sefton.explanations] == [
        "Evidence of strength", "Capacity", "Proximity", "Reciprocity",
    ]  # fmt: skip


def test_the_requester_and_a_council_under_intervention_there_are_never_suggested(w) -> None:
    names = {
        c.council.name
        for c in match_candidates(council=w.sefton, measure=w.measure, today=world.TODAY)
    }
    assert "Sefton" not in names
    assert "Liverpool" not in names
    assert _under_intervention(Request(council=w.wirral, measure=w.measure)) == {w.liverpool.pk}
    assert _under_intervention(Request(council=w.wirral, topic="Reablement services")) == {
        w.liverpool.pk
    }
    assert _under_intervention(Request(council=w.wirral, domain="leadership")) == set()


def test_once_the_intervention_is_declined_the_council_is_suggested_again(
    w, regional_admin
) -> None:
    services.engagement_decline(
        engagement=w.intervention, reason="Resolved by the council", declined_by=regional_admin
    )
    # Liverpool: evidence 2 (top quartile); capacity 1 - 0/2 = 1; same sub-region 1;
    # reciprocity 0: 2 + 2 x 1 + 1 + 0 = 5.00, between Manchester and Sefton.
    assert ranked(
        match_candidates(council=w.wirral, measure=w.measure, topic="Reablement", today=world.TODAY)
    ) == [
        ("Manchester", Decimal("5.50")),
        ("Liverpool", Decimal("5.00")),
        ("Sefton", Decimal("4.90")),
        ("Cheshire East", Decimal("3.00")),
    ]


def test_equal_totals_are_ordered_by_name(w, regional_admin) -> None:
    # Halton and Knowsley: an unendorsed entry each (evidence 1); each gave 1 day (capacity
    # 1 - 1/2 = 0.5); both in Greater Merseyside (1); reciprocity (0 - 1)/10 = -0.1:
    # 1 + 2 x 0.5 + 1 - 0.1 = 2.90 each.
    for name in ("Knowsley", "Halton"):
        entry = services.strength_entry_create(
            council=council(name), topic="Carers breaks", description="Short breaks",
            contact_role="Carers lead", created_by=regional_admin,
        )  # fmt: skip
        services.strength_entry_publish(entry=entry, published_by=regional_admin)
    assert ranked(match_candidates(council=w.wirral, topic="Carers breaks", today=world.TODAY)) == [
        ("Halton", Decimal("2.90")),
        ("Knowsley", Decimal("2.90")),
    ]


def test_a_domain_request_scores_the_share_of_its_measures_in_the_top_quartile(w) -> None:
    # Sefton is top quartile on 1 of the 1 domain measures it has a figure for: 2 x 1/1 = 2,
    # and nothing else names the domain: evidence 2, capacity 0.5, proximity 1,
    # reciprocity -0.1 -> 2 + 1 + 1 - 0.1 = 3.90.
    candidates = match_candidates(
        council=w.wirral, domain=w.measure.scorecard_domain, today=world.TODAY
    )
    sefton = next(c for c in candidates if c.council == w.sefton)
    assert sefton.evidence_parts["data"] == Decimal("2.00")
    assert "in the top quartile on 1 of its 1" in sefton.evidence.explanation


def test_an_engagements_candidates_leave_out_its_providers(w, wirral_lead, regional_admin) -> None:
    engagement = services.engagement_request(
        council=w.wirral, offer=offer("support-buddying"), topic="Reablement",
        measure=w.measure, requested_by=wirral_lead,
    )  # fmt: skip
    services.engagement_match(
        engagement=engagement,
        providers=[services.ProviderSpec(w.manchester, "buddy")],
        matched_by=regional_admin,
    )
    names = [
        c.council.name for c in engagement_candidates(engagement=engagement, today=world.TODAY)
    ]
    assert names == ["Sefton", "Cheshire East"]


def test_matching_reads_a_fixed_number_of_queries(w, regional_admin) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            match_candidates(
                council=w.wirral, measure=w.measure, topic="Reablement", today=world.TODAY
            )
        return len(ctx.captured_queries)

    small = count()
    for other in w.the_thirteen[:6]:
        services.engagement_recommend(
            council=other, offer=offer("targeted-peer-mentoring"), origin=Origin.BOARD,
            topic="Reablement", reasons="r", measure=w.measure, recommended_by=regional_admin,
        )  # fmt: skip
        entry = services.strength_entry_create(
            council=other, topic="Reablement", description="d", contact_role="Lead",
            measures=[w.measure], created_by=regional_admin,
        )  # fmt: skip
        services.strength_entry_publish(entry=entry, published_by=regional_admin)
    assert count() == small
    assert small <= 14
