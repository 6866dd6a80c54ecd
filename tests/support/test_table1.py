"""Table 1 of the MoU as data: every offer in its tier, the programme's activities, loading
twice changes nothing, and the risk assessment's tiers are Table 1's."""

import pytest

from support.models import Offer, Table1Tier
from support.table1 import table1_load
from triggers.models import SupportTier

pytestmark = pytest.mark.django_db

MOU_TABLE_1 = {
    "Support (Self Help)": [
        "Sharing good practice 'Beacon' events, networks, 'self help' regional excellence "
        "directory, matching tool",
        "Shadowing via existing regional or national networks",
        "Buddying via existing regional or national networks",
        "Action Learning Facilitated via existing regional or national networks of externally",
        "Local Peer Challenge",
    ],
    "Targeted Support": [
        "LGA Peer Review",
        "Peer Mentoring via existing regional or national networks",
        "Coaching via existing regional or national networks or external provider",
        "Training via existing regional or national networks or external provider",
        "Local Peer Challenge",
    ],
    "Intervention": [
        "Local Peer Challenge",
        "Peer 'consultancy' Review of service by a single regional or national peer",
        "LGA Peer Review",
    ],
}


def test_every_offer_of_the_mou_is_in_its_tier_with_its_description() -> None:
    found = {
        tier.name: [o.description for o in tier.offers.order_by("order")]
        for tier in Table1Tier.objects.all()
    }
    assert found == MOU_TABLE_1
    assert Table1Tier.objects.get(key="support").note == "one or a combination of any of these"


def test_the_regional_programme_activities_are_offers_without_a_tier() -> None:
    names = list(
        Offer.objects.filter(source=Offer.Source.NW_PROGRAMME).values_list("name", flat=True)
    )
    assert names == [
        "Action Learning Sets",
        "Facilitated Group Learning",
        "Informal Learning Workshops",
        "Buddying and Mentoring",
        "NW ADASS Peer to Peer Team Challenge",
        "Conferences and Masterclasses",
        "Staff Development and Training",
        "Bespoke Support",
    ]
    assert not Offer.objects.filter(source=Offer.Source.NW_PROGRAMME, tier__isnull=False)


def test_loading_twice_changes_nothing_and_keeps_an_edit_in_history() -> None:
    result = table1_load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 24)
    shadowing = Offer.objects.get(key="support-shadowing")
    shadowing.description = "Edited"
    shadowing.save()
    assert table1_load().updated == 1
    shadowing.refresh_from_db()
    assert shadowing.description == "Shadowing via existing regional or national networks"
    assert shadowing.history.count() == 3


def test_the_risk_assessments_tiers_are_table_1s_tiers() -> None:
    assert list(Table1Tier.objects.values_list("key", "name")) == list(SupportTier.choices)
