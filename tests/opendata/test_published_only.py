"""Open data is the published set, for everyone: no draft or redrafted rating, no internal
commentary, no ranks, no figure the public pages do not show, in CSV, XLSX or JSON, whoever
asks (a Planning Group member included)."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts import access
from returns.models import Return
from scorecard.models import CouncilPosition, Rating
from tests.opendata.conftest import (
    NATIONAL_FIGURE,
    PUBLIC_COMMENTARY,
    SECRETS,
    UNACCEPTED_FIGURE,
    all_results,
    csv_rows,
    xlsx_rows,
)
from triggers.models import Concern, ConcernStatus, Trigger, Visibility
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

READERS = [None, "sefton_lead", "planning_group_member", "regional_admin"]


def everything(client) -> str:
    """Every open data output, as one text to search."""
    parts = []
    for name in ("opendata:ratings_download", "opendata:measure_values_download"):
        parts.append(client.get(reverse(name, args=["csv"])).content.decode("utf-8-sig"))
        rows = xlsx_rows(client.get(reverse(name, args=["xlsx"])).content)
        parts.append(json.dumps(rows, default=str))
    for name in ("opendata:api_ratings", "opendata:api_measure_values"):
        parts.append(json.dumps(all_results(client, name)))
    return "\n".join(parts)


@pytest.mark.parametrize("persona", READERS)
def test_drafts_and_internal_commentary_never_appear(persona, published, client_for, request):
    user = request.getfixturevalue(persona) if persona else None
    text = everything(client_for(user))
    assert PUBLIC_COMMENTARY in text
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.mark.parametrize("persona", READERS)
def test_ratings_are_the_published_ones_only(persona, published, client_for, request):
    user = request.getfixturevalue(persona) if persona else None
    results = all_results(client_for(user), "opendata:api_ratings", council="wirral")
    assert [(r["domain"], r["rating"], r["rating_label"]) for r in results] == [
        ("leadership", Rating.GREEN, "Green")
    ]
    rows = csv_rows(
        client_for(user).get(reverse("opendata:ratings_download", args=["csv"])).content
    )
    wirral = [r for r in rows if r[0] == "Wirral"]
    assert wirral == [
        [
            "Wirral",
            "E08000015",
            "2023/24",
            "2023/24 Q4",
            "Leadership & Governance",
            "Green",
            PUBLIC_COMMENTARY,
            wirral[0][7],
        ]
    ]
    assert "Red" not in [r[5] for r in wirral]
    assert "Culture & Challenge" not in [r[4] for r in rows]


def test_open_data_is_the_same_for_every_reader(published, client_for, planning_group_member):
    anonymous, member = client_for(None), client_for(planning_group_member)
    for name in ("opendata:ratings_download", "opendata:measure_values_download"):
        url = reverse(name, args=["csv"])
        assert anonymous.get(url).content == member.get(url).content
    for name in ("opendata:api_ratings", "opendata:api_measure_values"):
        assert all_results(anonymous, name) == all_results(member, name)


def test_quarterly_values_are_those_the_public_pages_show(published, client_for):
    results = all_results(client_for(None), "opendata:api_measure_values")
    quarterly = {
        (r["council_ons_code"], r["measure_id"], r["period_label"]): r["value"]
        for r in results
        if r["quarter"] is not None
    }
    shown = {
        (p.council.ons_code, p.measure_id, p.period.label): p.value
        for p in CouncilPosition.objects.select_related("council", "period")
    }
    assert quarterly == shown
    assert {r["source"] for r in results if r["quarter"]} == {"accepted_return"}
    # A quarter accepted but without comparators, and a return only submitted, are not shown.
    assert not any(r["period_label"].startswith("2024/25") for r in results)
    assert float(UNACCEPTED_FIGURE) not in [r["value"] for r in results]


def test_published_national_figures_of_the_portals_councils_appear(published, client_for):
    results = all_results(client_for(None), "opendata:api_measure_values", year="2022")
    assert [(r["council_ons_code"], r["value"], r["quarter"], r["source"]) for r in results] == [
        ("E08000015", NATIONAL_FIGURE, None, "published_national_figure")
    ]
    assert results[0]["period_label"] == "2022/23"
    assert results[0]["source_label"] == (
        "Published national figure: NHS England, Adult Social Care Outcomes Framework (ASCOF)"
    )


def test_demonstration_figures_are_labelled_as_such(published, client_for):
    Return.objects.filter(council=published.sefton, period=published.quarter).update(
        is_demonstration=True
    )
    results = all_results(client_for(None), "opendata:api_measure_values", council="sefton")
    quarterly = [r for r in results if r["quarter"]]
    assert quarterly
    assert {r["source"] for r in quarterly} == {"demonstration"}
    rows = csv_rows(
        client_for(None)
        .get(reverse("opendata:measure_values_download", args=["csv"]), {"council": "sefton"})
        .content
    )
    assert {r[9] for r in rows[1:]} == {
        "Demonstration figure generated from published annual figures"
    }


def test_no_ranks_because_the_public_pages_show_none(published, client_for, sefton_lead):
    assert not access.can_see_ranks(AnonymousUser())
    for user in (None, sefton_lead):
        client = client_for(user)
        for name in ("opendata:ratings_download", "opendata:measure_values_download"):
            header = csv_rows(client.get(reverse(name, args=["csv"])).content)[0]
            assert not [h for h in header if "rank" in h.lower()]
        for result in all_results(client, "opendata:api_measure_values"):
            assert not [k for k in result if "rank" in k]


def test_concerns_and_triggers_never_appear(published, client_for, planning_group_member):
    table2_load()
    Concern.objects.create(
        council=published.wirral,
        trigger=Trigger.objects.order_by("pk").first(),
        title="CONCERN-TITLE: safeguarding backlog",
        evidence="CONCERN-EVIDENCE: confidential",
        raised_on=datetime.date(2024, 3, 1),
        visibility=Visibility.SHARED,
        status=ConcernStatus.SHARED,
        raised_by=planning_group_member,
    )
    text = everything(client_for(planning_group_member))
    assert "CONCERN-" not in text
    assert Trigger.objects.order_by("pk").first().name not in text


def test_a_demonstration_figure_of_the_regions_own_item_is_called_invented(published, client_for):
    from returns.models import Measure, ReturnTier

    Return.objects.filter(council=published.sefton, period=published.quarter).update(
        is_demonstration=True
    )
    Measure.objects.in_return().update(tier=ReturnTier.NW_BENCHMARKING)
    results = all_results(client_for(None), "opendata:api_measure_values", council="sefton")
    quarterly = [r for r in results if r["quarter"]]
    assert quarterly
    assert {r["source"] for r in quarterly} == {"demonstration_invented"}
    assert {r["source_label"] for r in quarterly} == {
        "Demonstration figure invented for the region’s own item"
    }
