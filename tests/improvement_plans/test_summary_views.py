"""The plan's summary (the include for the plan page) and the Planning Group's summary across
councils: counts by status in the latest quarter, targets met and missed, overdue milestones,
a chart with a table alternative, and who may see it."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import Action, Plan
from improvement_plans.selectors import plan_summary
from improvement_plans.services import milestone_add, progress_record, target_add
from returns.services import period_ensure
from tests.improvement_plans.conftest import build_plan
from tests.improvement_plans.test_query_counts import bulk_plan

pytestmark = pytest.mark.django_db
SUMMARY = reverse("improvement_plans:region_summary")
REGION_QUERIES = 10


def progressed_plan(council: Council, lead: User) -> Plan:
    """Three actions: one on track with one target met and one missed, one off track with an
    overdue milestone, one with no update in the latest quarter."""
    plan = build_plan(council, [[3]])
    first, second, _third = Action.objects.in_plan(plan).numbered()
    met = target_add(action=first, measure="audits good", target_value="70", by=None)
    missed = target_add(
        action=first, measure="audits poor", target_value="5", direction="fewer_than", by=None
    )
    target_add(action=second, measure="reviews in 28 days", target_value="70", by=None)
    milestone_add(action=second, kind="date", due_date=datetime.date(2020, 1, 31), by=None)
    progress_record(
        action=first,
        period=period_ensure(year=2025, quarter=2),
        status="on_track",
        actuals={met: "75", missed: "9"},
        recorded_by=lead,
    )
    progress_record(
        action=second,
        period=period_ensure(year=2025, quarter=2),
        status="off_track",
        recorded_by=lead,
    )
    return plan


def cells(html: str, table_id: str, council: str) -> list[str]:
    table = html[html.index(f'id="{table_id}"') :]
    row = table[table.index(f'data-council="{council}"') :]
    row = row[: row.index("</tr>")]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_the_plan_summary_include_shows_counts_targets_and_overdue(
    wirral: Council, wirral_lead: User
) -> None:
    plan = progressed_plan(wirral, wirral_lead)
    html = render_to_string(
        "improvement_plans/summary_plan.html",
        {"summary": plan_summary(plan=plan, fetched_by=wirral_lead)},
    )
    assert "Progress in 2025/26 Q2" in html
    assert "3 actions by status" in html
    counts = dict(re.findall(r'data-status="(\w+)">.*?numeric">(\d+)</td>', html, re.S))
    assert counts == {
        "not_started": "0",
        "on_track": "1",
        "at_risk": "0",
        "off_track": "1",
        "complete": "0",
        "no_update": "1",
    }
    met = html[html.index('data-summary="targets-met"') :]
    assert "1 of 3" in met[: met.index("</div>")]
    missed = html[html.index('data-summary="targets-missed"') :]
    assert "1 of 3" in missed[: missed.index("</div>")]
    overdue = html[html.index('data-summary="overdue"') :]
    assert "Overdue</strong> 1" in overdue[: overdue.index("</div>")]


def test_the_plan_summary_include_says_when_there_is_no_progress_yet(
    wirral: Council, wirral_lead: User
) -> None:
    plan = build_plan(wirral, [[1]])
    html = render_to_string(
        "improvement_plans/summary_plan.html",
        {"summary": plan_summary(plan=plan, fetched_by=wirral_lead)},
    )
    assert "No progress has been recorded on this plan yet." in html
    assert 'data-summary="status"' not in html


def test_the_region_summary_shows_every_councils_plan_in_a_chart_and_tables(
    client_for,
    wirral: Council,
    sefton: Council,
    wirral_lead: User,
    sefton_lead: User,
    planning_group_member: User,
) -> None:
    progressed_plan(wirral, wirral_lead)
    build_plan(sefton, [[2]])
    response = client_for(planning_group_member).get(SUMMARY)
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="plan-status-title">Actions by status in the latest quarter of 2' in svg
    assert "<title>Wirral: On track, 1 action</title>" in svg
    assert "<title>Wirral: Off track, 1 action</title>" in svg
    assert "<title>Sefton: No update this quarter, 2 actions</title>" in svg
    assert ">Wirral</text>" in svg
    assert cells(html, "status-table", "wirral") == [
        "2025/26 Q2",
        "3",
        "0",
        "1",
        "0",
        "1",
        "0",
        "1",
    ]
    assert cells(html, "status-table", "sefton") == [
        "No progress yet",
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "2",
    ]
    assert cells(html, "targets-table", "wirral") == ["3", "1", "1", "1", "1"]
    assert cells(html, "targets-table", "sefton") == ["0", "0", "0", "0", "0"]


@pytest.mark.parametrize("persona", ["risk_assessor", "board_member", "regional_admin"])
def test_every_regional_reader_sees_the_region_summary(
    request: pytest.FixtureRequest, client_for, persona: str
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(SUMMARY)
    assert response.status_code == 200
    assert "No council has an improvement plan in the portal yet." in response.content.decode()


@pytest.mark.parametrize("persona", ["wirral_lead", "wirral_director", "sefton_lead"])
def test_a_council_may_not_see_the_region_summary(
    request: pytest.FixtureRequest, client_for, persona: str
) -> None:
    assert client_for(request.getfixturevalue(persona)).get(SUMMARY).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(SUMMARY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_region_summary_is_read_only(client_for, planning_group_member: User) -> None:
    assert client_for(planning_group_member).post(SUMMARY).status_code == 405


@pytest.mark.parametrize(("areas", "actions", "quarters"), [(2, 2, 1), (20, 60, 8)])
def test_the_region_summary_takes_a_fixed_number_of_queries(
    client_for,
    wirral: Council,
    sefton: Council,
    wirral_lead: User,
    planning_group_member: User,
    django_assert_max_num_queries,
    areas: int,
    actions: int,
    quarters: int,
) -> None:
    bulk_plan(wirral, wirral_lead, areas=areas, actions=actions, quarters=quarters)
    bulk_plan(sefton, wirral_lead, areas=areas, actions=actions, quarters=quarters)
    client = client_for(planning_group_member)
    with django_assert_max_num_queries(REGION_QUERIES):
        response = client.get(SUMMARY)
    assert response.status_code == 200
    total = str(areas * actions)
    assert cells(response.content.decode(), "status-table", "sefton")[1] == total
