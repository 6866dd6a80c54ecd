"""The quarterly progress pages: choosing the quarter, the quarter's task list of improvement
areas, recording an area's actions' status, commentary and actuals on the area's page (all or
nothing), each action's history, and who may do what."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import (
    Action,
    ImprovementArea,
    Plan,
    ProgressUpdate,
    Target,
    TargetActual,
)
from improvement_plans.services import (
    PlanRefused,
    area_remove,
    milestone_add,
    plan_publish,
    progress_record,
    target_add,
)
from improvement_plans.services import quarters as quarters_service
from returns.models import Period
from returns.services import period_ensure
from sli_portal.financial_years import quarter_of
from tests.improvement_plans.conftest import build_plan
from tests.improvement_plans.test_query_counts import bulk_plan

pytestmark = pytest.mark.django_db
PAST = "2025-26-Q1"
PROGRESS_QUERIES = 18


def url(plan: Plan, slug: str = PAST) -> str:
    return reverse("improvement_plans:progress", kwargs={"pk": plan.pk, "period_slug": slug})


def area_url(plan: Plan, slug: str = PAST, area: ImprovementArea | None = None) -> str:
    """The progress page of ``area`` (the plan's first area unless given) in the quarter."""
    area = area or ImprovementArea.objects.filter(heading__plan=plan).order_by("pk").first()
    assert area is not None
    return reverse(
        "improvement_plans:progress_area",
        kwargs={"pk": plan.pk, "period_slug": slug, "area_pk": area.pk},
    )


def history_url(plan: Plan, action: Action) -> str:
    return reverse(
        "improvement_plans:action_history", kwargs={"pk": plan.pk, "action_pk": action.pk}
    )


@pytest.fixture
def plan(wirral: Council) -> Plan:
    # Area 1 holds actions 1 to 3; area 2, under the second heading, action 4.
    return build_plan(wirral, [[3], [1]])


@pytest.fixture
def actions(plan: Plan) -> list[Action]:
    return list(Action.objects.in_plan(plan).numbered())


@pytest.fixture
def targets(actions: list[Action]) -> tuple[Target, Target]:
    audits = target_add(
        action=actions[0], measure="cases audited good or excellent", target_value="70", by=None
    )
    poor = target_add(
        action=actions[0],
        measure="cases audited poor",
        target_value="5",
        direction="fewer_than",
        by=None,
    )
    return audits, poor


def field(action: Action, part: str) -> str:
    return f"action-{action.pk}-{part}"


def test_the_page_lists_every_action_with_its_fields_and_overdue_milestones(
    client_for, wirral_lead: User, plan: Plan, actions: list[Action], targets: tuple
) -> None:
    milestone_add(
        action=actions[1],
        kind="date",
        due_date=datetime.date(2020, 6, 30),
        description="First audit report",
        by=None,
    )
    response = client_for(wirral_lead).get(area_url(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "progress in 2025/26 Q1" in html
    assert "Improvement Area 1 – Area 1.1" in html
    assert "Status of Action 4" not in html
    for number in (1, 2, 3):
        assert f"Status of Action {number}" in html
        assert f"Commentary on Action {number} (optional)" in html
    assert "Actual for cases audited good or excellent (target at least 70%)" in html
    assert "Actual for cases audited poor (target fewer than 5%)" in html
    assert 'id="overdue-milestones"' in html
    assert f'href="#action-{actions[1].pk}">Action 2</a>: First audit report' in html
    assert 'name="' + field(actions[0], "status") + '" type="radio" value="at_risk"' in html


def test_saving_records_each_action_given_a_status_with_its_actuals(
    client_for,
    wirral_lead: User,
    plan: Plan,
    actions: list[Action],
    targets: tuple[Target, Target],
) -> None:
    audits, poor = targets
    response = client_for(wirral_lead).post(
        area_url(plan),
        {
            field(actions[0], "status"): "on_track",
            field(actions[0], "commentary"): "Audit running monthly",
            field(actions[0], f"target-{audits.pk}"): "72.5",
            field(actions[0], f"target-{poor.pk}"): "7",
            field(actions[2], "status"): "complete",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url(plan)
    updates = ProgressUpdate.objects.order_by("action__order", "action__area__order")
    assert {(u.action_id, u.status, u.recorded_by_id) for u in updates} == {
        (actions[0].pk, "on_track", wirral_lead.pk),
        (actions[2].pk, "complete", wirral_lead.pk),
    }
    assert {(a.target_id, a.actual) for a in TargetActual.objects.all()} == {
        (audits.pk, Decimal("72.5")),
        (poor.pk, Decimal("7")),
    }
    assert Period.objects.get(year=2025, quarter=1).slug == PAST
    page = client_for(wirral_lead).get(area_url(plan)).content.decode()
    assert 'value="72.5"' in page
    assert "Audit running monthly" in page


def test_saving_the_page_again_unchanged_adds_nothing_but_a_change_is_a_new_update(
    client_for, wirral_lead: User, plan: Plan, actions: list[Action], targets: tuple
) -> None:
    audits, _ = targets
    data = {
        field(actions[0], "status"): "on_track",
        field(actions[0], f"target-{audits.pk}"): "72.50",
    }
    client = client_for(wirral_lead)
    client.post(area_url(plan), data)
    response = client.post(area_url(plan), data, follow=True)
    assert "Nothing had changed" in response.content.decode()
    assert ProgressUpdate.objects.count() == 1
    client.post(area_url(plan), {**data, field(actions[0], "status"): "at_risk"})
    assert list(ProgressUpdate.objects.values_list("status", flat=True)) == [
        "on_track",
        "at_risk",
    ]


def test_a_bad_figure_or_a_missing_status_saves_nothing_and_says_where(
    client_for, wirral_lead: User, plan: Plan, actions: list[Action], targets: tuple
) -> None:
    audits, _ = targets
    response = client_for(wirral_lead).post(
        area_url(plan),
        {
            field(actions[0], "status"): "on_track",
            field(actions[0], f"target-{audits.pk}"): "seventy",
            field(actions[1], "commentary"): "Waiting for the new system",
            field(actions[2], "status"): "complete",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    bad_figure = (
        "Enter the actual for Action 1&#x27;s target (cases audited good or excellent) as a "
        "number, like 72.5"
    )
    assert f'<a href="#id_{field(actions[0], f"target-{audits.pk}")}">{bad_figure}</a>' in html
    assert (
        f'<a href="#id_{field(actions[1], "status")}_0">Choose the status of Action 2: you have '
        "given its commentary or an actual</a>"
    ) in html
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in html
    assert "Waiting for the new system" in html
    assert not ProgressUpdate.objects.exists()


def test_a_refusal_from_the_service_rolls_back_the_whole_quarter(
    client_for,
    wirral_lead: User,
    plan: Plan,
    actions: list[Action],
    targets: tuple,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A refusal the form cannot foresee (the action removed by a colleague while the page
    was open) leaves nothing of the quarter written, and is shown on that action."""
    real = quarters_service.progress_record

    def removed_meanwhile(**kwargs: object) -> ProgressUpdate:
        if kwargs["action"] == actions[2]:
            raise PlanRefused("This action has been removed from the plan")
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(quarters_service, "progress_record", removed_meanwhile)
    data = {field(actions[0], "status"): "on_track", field(actions[2], "status"): "complete"}
    response = client_for(wirral_lead).post(area_url(plan), data)
    assert response.status_code == 400
    assert (
        f'<a href="#id_{field(actions[2], "status")}_0">This action has been removed from the '
        "plan</a>"
    ) in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_an_unknown_status_is_refused(
    client_for, wirral_lead: User, plan: Plan, actions: list[Action]
) -> None:
    response = client_for(wirral_lead).post(area_url(plan), {field(actions[0], "status"): "fine"})
    assert response.status_code == 400
    assert "Choose the status of Action 1" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("slug", ["2025-Q1", "2025-27-Q1", "2025-26-Q5"])
def test_a_malformed_quarter_is_404(client_for, wirral_lead: User, plan: Plan, slug: str) -> None:
    assert client_for(wirral_lead).get(url(plan, slug)).status_code == 404


def test_a_quarter_still_to_come_is_404(client_for, wirral_lead: User, plan: Plan) -> None:
    year, _ = quarter_of(datetime.date.today())
    future = Period(year=year + 1, quarter=1).slug
    assert client_for(wirral_lead).get(url(plan, future)).status_code == 404


def test_the_current_quarter_can_be_reported_before_it_is_stored(
    client_for, wirral_lead: User, plan: Plan, actions: list[Action]
) -> None:
    year, quarter = quarter_of(datetime.date.today())
    slug = Period(year=year, quarter=quarter).slug
    Period.objects.filter(year=year, quarter=quarter).delete()
    client = client_for(wirral_lead)
    assert client.get(url(plan, slug)).status_code == 200
    assert client.get(area_url(plan, slug)).status_code == 200
    client.post(area_url(plan, slug), {field(actions[0], "status"): "not_started"})
    assert ProgressUpdate.objects.get().period.slug == slug


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("sefton_lead", 404),
        ("planning_group_member", 403),
        ("risk_assessor", 403),
        ("board_member", 403),
        ("regional_admin", 403),
    ],
)
def test_only_the_council_records_progress_on_its_plan(
    request: pytest.FixtureRequest,
    client_for,
    plan: Plan,
    actions: list[Action],
    persona: str,
    status: int,
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(plan)).status_code == status
    assert (
        client.post(area_url(plan), {field(actions[0], "status"): "on_track"}).status_code == status
    )
    quarters = reverse("improvement_plans:progress_quarters", kwargs={"pk": plan.pk})
    assert client.get(quarters).status_code == status
    assert not ProgressUpdate.objects.exists()


def test_another_councils_published_plan_is_still_404_for_progress(
    client_for, sefton_lead: User, wirral_lead: User, plan: Plan
) -> None:
    plan_publish(plan=plan, by=wirral_lead)
    assert client_for(sefton_lead).get(url(plan)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(plan: Plan) -> None:
    response = Client().get(url(plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_other_methods_are_refused(client_for, wirral_lead: User, plan: Plan) -> None:
    client = client_for(wirral_lead)
    assert client.put(area_url(plan)).status_code == 405
    assert client.post(url(plan)).status_code == 405
    quarters = reverse("improvement_plans:progress_quarters", kwargs={"pk": plan.pk})
    assert client.post(quarters).status_code == 405


def test_the_quarters_page_offers_the_current_recent_and_reported_quarters(
    client_for, wirral_lead: User, plan: Plan, actions: list[Action]
) -> None:
    progress_record(
        action=actions[0],
        period=period_ensure(year=2019, quarter=3),
        status="on_track",
        recorded_by=wirral_lead,
    )
    response = client_for(wirral_lead).get(
        reverse("improvement_plans:progress_quarters", kwargs={"pk": plan.pk})
    )
    html = response.content.decode()
    year, quarter = quarter_of(datetime.date.today())
    current = Period(year=year, quarter=quarter)
    assert f'href="{url(plan, current.slug)}">{current.label}</a>' in html
    assert "Current quarter" in html
    assert f'href="{url(plan, "2019-20-Q3")}">2019/20 Q3</a>' in html
    assert html.count('class="govuk-table__row"') == 1 + 5 + 1


def test_an_actions_history_shows_every_update_with_who_and_when(
    client_for,
    wirral_lead: User,
    wirral_director: User,
    planning_group_member: User,
    plan: Plan,
    actions: list[Action],
    targets: tuple[Target, Target],
) -> None:
    audits, poor = targets
    quarter = period_ensure(year=2025, quarter=1)
    progress_record(
        action=actions[0],
        period=quarter,
        status="on_track",
        commentary="First audits done",
        actuals={audits: "72", poor: "7"},
        recorded_by=wirral_lead,
    )
    progress_record(
        action=actions[0], period=quarter, status="at_risk", recorded_by=wirral_director
    )
    response = client_for(planning_group_member).get(history_url(plan, actions[0]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Progress history of Action 1" in html
    assert html.count("2025/26 Q1</th>") == 2
    assert html.index("At risk") < html.index("On track")
    assert "cases audited good or excellent: 72% (met)" in html
    assert "cases audited poor: 7% (missed)" in html
    assert wirral_lead.email in html or wirral_lead.get_full_name() in html
    assert "Record progress this quarter" not in html
    lead_page = client_for(wirral_lead).get(history_url(plan, actions[0])).content.decode()
    assert "Record progress this quarter" in lead_page


def test_an_actions_history_follows_who_may_read_the_plan(
    client_for, sefton_lead: User, wirral_lead: User, plan: Plan, actions: list[Action]
) -> None:
    address = history_url(plan, actions[0])
    assert client_for(sefton_lead).get(address).status_code == 404
    anonymous = Client().get(address)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    plan_publish(plan=plan, by=wirral_lead)
    assert client_for(sefton_lead).get(address).status_code == 200
    assert Client().get(address).status_code == 200


def test_an_action_of_another_plan_is_404(
    client_for, wirral_lead: User, wirral: Council, plan: Plan
) -> None:
    other = Action.objects.in_plan(build_plan(wirral, [[1]])).get()
    assert client_for(wirral_lead).get(history_url(plan, other)).status_code == 404


@pytest.mark.parametrize(("areas", "actions", "quarters"), [(2, 2, 1), (20, 60, 8)])
def test_the_progress_page_takes_a_fixed_number_of_queries(
    client_for,
    wirral: Council,
    wirral_lead: User,
    django_assert_max_num_queries,
    areas: int,
    actions: int,
    quarters: int,
) -> None:
    plan = bulk_plan(wirral, wirral_lead, areas=areas, actions=actions, quarters=quarters)
    client = client_for(wirral_lead)
    # The last bulk quarter is 2023 + (quarters - 1) // 4, quarter (quarters - 1) % 4 + 1.
    last = period_ensure(year=2023 + (quarters - 1) // 4, quarter=(quarters - 1) % 4 + 1)
    with django_assert_max_num_queries(PROGRESS_QUERIES):
        response = client.get(url(plan, last.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{areas * actions} of {areas * actions} actions have progress recorded" in html
    assert f"You have completed {areas} of {areas} improvement areas" in html
    last_area = ImprovementArea.objects.filter(heading__plan=plan).order_by("pk").last()
    with django_assert_max_num_queries(PROGRESS_QUERIES):
        response = client.get(area_url(plan, last.slug, last_area))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Status of Action {areas * actions}" in html
    assert html.count('type="radio" value="on_track"') == actions


def test_the_quarter_lists_each_area_with_whether_it_is_done(
    client_for, wirral_lead: User, wirral: Council
) -> None:
    plan = build_plan(wirral, [[2, 1], [0]])
    actions = list(Action.objects.in_plan(plan).numbered())
    areas = list(ImprovementArea.objects.filter(heading__plan=plan).order_by("pk"))
    client = client_for(wirral_lead)
    client.post(area_url(plan, area=areas[0]), {field(actions[0], "status"): "on_track"})
    client.post(area_url(plan, area=areas[1]), {field(actions[2], "status"): "complete"})
    html = client.get(url(plan)).content.decode()
    statuses = re.findall(r'id="area-(\d+)-status">(.*?)</div>', html)
    assert statuses == [
        (str(areas[0].pk), '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>'),
        (str(areas[1].pk), "Completed"),
        (str(areas[2].pk), "No actions"),
    ]
    assert "You have completed 1 of 2 improvement areas" in html
    assert f'href="{area_url(plan, area=areas[1])}"' in html
    assert f'href="{area_url(plan, area=areas[2])}"' not in html


def test_an_area_page_records_only_its_own_actions(
    client_for, wirral_lead: User, plan: Plan, actions: list[Action]
) -> None:
    response = client_for(wirral_lead).post(
        area_url(plan),
        {field(actions[0], "status"): "on_track", field(actions[3], "status"): "complete"},
        follow=True,
    )
    assert "Progress saved for 1 action of area 1 in 2025/26 Q1." in response.content.decode()
    assert list(ProgressUpdate.objects.values_list("action_id", flat=True)) == [actions[0].pk]


def test_an_area_of_another_plan_or_removed_is_404(
    client_for, wirral_lead: User, wirral: Council, plan: Plan
) -> None:
    other = build_plan(wirral, [[1]])
    other_area = ImprovementArea.objects.get(heading__plan=other)
    client = client_for(wirral_lead)
    assert client.get(area_url(plan, area=other_area)).status_code == 404
    area = ImprovementArea.objects.filter(heading__plan=plan).order_by("pk").first()
    assert area is not None
    area_remove(area=area, by=wirral_lead)
    assert client.get(area_url(plan, area=area)).status_code == 404
