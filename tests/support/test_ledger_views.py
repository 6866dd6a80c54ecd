"""The reciprocity ledger's pages: the ledger (chart, table and CSV, with the same figures as
``ledger_for_year``), and challenges lodged by a council and resolved by the administrator."""

import csv
import io
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from sli_portal.financial_years import financial_year_of
from support.ledger import ledger_for_year
from support.models import ShareChallenge
from support.services import share_challenge_lodge
from tests.conftest import committed
from tests.support.conftest import council, engagement_with_days

pytestmark = pytest.mark.django_db
D = Decimal


def _year() -> int:
    return financial_year_of(timezone.localdate())


def _give(by, giver: str, receiver: str, officer: str, member: str = "0") -> None:
    engagement_with_days(
        receiver=council(receiver),
        providers=[(council(giver), D(officer), None, D(member), None)],
        by=by,
        starts_on=timezone.localdate(),
    )


@pytest.fixture
def days(planning_group_member) -> None:
    """Sefton gives Wirral 3 officer and 1 member days; Halton gives Bury 1 day. Most councils
    give nothing, so the median is 0 and both givers are over the threshold."""
    _give(planning_group_member, "Sefton", "Wirral", "3", "1")
    _give(planning_group_member, "Halton", "Bury", "1")


def _figures(html: str, pattern: str) -> dict[tuple[str, str], str]:
    return {(c, s): d for c, s, d in re.findall(pattern, html)}


def test_ledger_shows_the_figures_of_ledger_for_year(days, client_for, planning_group_member):
    response = client_for(planning_group_member).get(reverse("support:ledger"))
    assert response.status_code == 200
    expected = ledger_for_year(year=_year())
    shown = response.context["ledger"]
    assert shown.median == expected.median
    assert shown.threshold == expected.threshold
    assert [(r.council.pk, r.given, r.received, r.flagged) for r in shown.rows] == [
        (r.council.pk, r.given, r.received, r.flagged) for r in expected.rows
    ]
    html = response.content.decode()
    assert "The regional median of days given" in html
    assert "<strong>0.0 days</strong>" in html
    assert "Carrying a disproportionate share" in html
    flagged = html.split('id="ledger-flagged"')[1].split("</div>")[0]
    assert "Sefton (4.0 days given)" in flagged
    assert "Halton (1.0 days given)" in flagged


def test_chart_and_table_carry_the_same_numbers(days, client_for, planning_group_member):
    html = client_for(planning_group_member).get(reverse("support:ledger")).content.decode()
    chart = html.split("<svg")[1].split("</svg>")[0]
    ElementTree.fromstring(f"<svg{chart}</svg>")  # well-formed, so browsers and PDFs draw it
    table = html.split('id="ledger-table"')[1].split("</table>")[0]
    in_chart = _figures(chart, r'data-council="([\w-]+)" data-series="(\w+)" data-days="([\d.]+)"')
    in_table = {}
    for slug, cells in re.findall(r'data-council="([\w-]+)">(.*?)</tr>', table, re.S):
        for series, value in re.findall(r'data-series="(\w+)" data-days="([\d.]+)"', cells):
            in_table[(slug, series)] = value
    assert in_chart == in_table
    assert in_chart[("sefton", "given")] == "4.0"
    assert in_chart[("wirral", "received")] == "4.0"
    assert 'role="img"' in html.split("<svg")[1].split(">")[0]
    assert "<title" in chart
    assert "Over the threshold" in chart


def test_council_user_sees_every_total_but_only_its_own_offers(days, client_for, sefton_lead):
    response = client_for(sefton_lead).get(reverse("support:ledger"))
    rows = {row.council.name: row for row in response.context["ledger"].rows}
    assert rows["Wirral"].received.total == D(4)
    assert rows["Sefton"].by_offer
    assert not rows["Wirral"].by_offer
    assert [c.name for c, _ in response.context["offer_rows"]] == ["Sefton"]
    assert "Challenge Sefton" in response.content.decode()


def test_board_member_is_refused_the_ledger(client_for, board_member):
    assert client_for(board_member).get(reverse("support:ledger")).status_code == 403


def test_unknown_year_is_404(client_for, wirral_lead):
    client = client_for(wirral_lead)
    assert client.get(reverse("support:ledger") + "?year=1999").status_code == 404
    assert client.get(reverse("support:ledger") + "?year=abc").status_code == 404


def test_csv_has_the_table_figures(days, client_for, wirral_lead):
    response = client_for(wirral_lead).get(reverse("support:ledger_csv", args=[_year()]))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row[0]: row for row in rows[1:]}
    assert rows[0][6] == "Days given (counted)"
    assert by_name["Sefton"][6] == "4.0"
    assert by_name["Sefton"][15] == "Yes"
    assert by_name["Wirral"][11] == "4.0"
    assert by_name["Wirral"][15] == "No"


@pytest.mark.parametrize("extra", [0, 6])
def test_ledger_query_count_is_fixed(
    extra, client_for, planning_group_member, django_assert_max_num_queries
):
    givers = ["Halton", "Bury", "Oldham", "Salford", "Wigan", "Trafford"][:extra]
    for giver in givers:
        _give(planning_group_member, giver, "Knowsley", "1")
        share_challenge_lodge(
            council=council(giver), year=_year(), reason="Too much", lodged_by=planning_group_member
        )
    client = client_for(planning_group_member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("support:ledger")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("support:ledger_csv", args=[_year()])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("support:challenges")).status_code == 200


# Challenges ----------------------------------------------------------------------------------


def _lodge_url(slug: str = "wirral") -> str:
    return reverse("support:challenge_lodge", kwargs={"year": _year(), "slug": slug})


def test_council_lodges_a_challenge(client_for, wirral_lead, wirral):
    with committed():
        response = client_for(wirral_lead).post(_lodge_url(), {"reason": "We give too much"})
    assert response.status_code == 302
    assert response["Location"] == reverse("support:challenges")
    challenge = ShareChallenge.objects.get()
    assert (challenge.council, challenge.year, challenge.lodged_by) == (
        wirral,
        _year(),
        wirral_lead,
    )


def test_challenge_needs_a_reason(client_for, wirral_lead):
    response = client_for(wirral_lead).post(_lodge_url(), {"reason": ""})
    assert response.status_code == 400
    assert (
        "Enter why the share of time asked of your council is too much" in response.content.decode()
    )
    assert not ShareChallenge.objects.exists()


def test_second_open_challenge_is_refused(client_for, wirral_lead, wirral):
    share_challenge_lodge(council=wirral, year=_year(), reason="First", lodged_by=wirral_lead)
    response = client_for(wirral_lead).post(_lodge_url(), {"reason": "Again"})
    assert response.status_code == 400
    assert "already has an open challenge" in response.content.decode()


def test_challenge_refusals(client_for, sefton_lead, planning_group_member, regional_admin):
    assert client_for(sefton_lead).get(_lodge_url()).status_code == 404
    assert client_for(planning_group_member).get(_lodge_url()).status_code == 403
    assert client_for(regional_admin).post(_lodge_url(), {"reason": "x"}).status_code == 403
    assert client_for(None).get(_lodge_url()).status_code == 302


def test_administrator_resolves_a_challenge(client_for, wirral, wirral_lead, regional_admin):
    challenge = share_challenge_lodge(
        council=wirral, year=_year(), reason="Too much", lodged_by=wirral_lead
    )
    url = reverse("support:challenge_resolve", args=[challenge.pk])
    assert client_for(wirral_lead).post(url, {"outcome": "upheld"}).status_code == 403
    response = client_for(regional_admin).post(url, {"outcome": "upheld", "resolution": ""})
    assert response.status_code == 400
    assert "Enter the resolution" in response.content.decode()
    response = client_for(regional_admin).post(
        url, {"outcome": "upheld", "resolution": "Fewer requests next year"}
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert (challenge.outcome, challenge.resolved_by) == ("upheld", regional_admin)
    listed = client_for(wirral_lead).get(reverse("support:challenges")).content.decode()
    assert "Upheld" in listed
    assert "Fewer requests next year" in listed
