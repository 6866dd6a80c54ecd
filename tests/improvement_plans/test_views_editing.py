"""Editing a plan through its pages: adding between two others, moving, removing after a
confirmation, edit forms pre-filled with the current numbers, targets, milestones, citations,
publishing, and the refusals (another council 404, a read-only role 403, anonymous to sign
in, the wrong method 405)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import (
    Action,
    Citation,
    ImprovementArea,
    Milestone,
    Plan,
    PlanStatus,
    Target,
)
from improvement_plans.services import action_add, evidence_add
from tests.improvement_plans.conftest import build_plan, numbered

pytestmark = pytest.mark.django_db


def url(name: str, plan: Plan, **kwargs: int) -> str:
    return reverse(f"improvement_plans:{name}", kwargs={"pk": plan.pk, **kwargs})


def actions(plan: Plan) -> list[Action]:
    return list(Action.objects.in_plan(plan).numbered())


def test_create_a_plan(sefton_lead: User, client_for) -> None:
    client = client_for(sefton_lead)
    page = client.get(reverse("improvement_plans:create"))
    assert page.status_code == 200
    response = client.post(
        reverse("improvement_plans:create"),
        {"council": sefton_lead.memberships.get().council_id, "plan_title": "Our plan"},
    )
    plan = Plan.objects.get(title="Our plan")
    assert response.status_code == 302
    assert response["Location"] == url("plan_editor", plan)
    assert (plan.council.slug, plan.status, plan.created_by) == ("sefton", "draft", sefton_lead)


def test_create_without_a_title_says_what_to_enter(sefton_lead: User, client_for) -> None:
    response = client_for(sefton_lead).post(
        reverse("improvement_plans:create"),
        {"council": sefton_lead.memberships.get().council_id, "plan_title": ""},
    )
    assert response.status_code == 400
    assert "Enter the plan&#x27;s title" in response.content.decode()


def test_change_the_title_and_period(sefton: Council, sefton_lead: User, client_for) -> None:
    plan = build_plan(sefton, [[1]])
    client = client_for(sefton_lead)
    assert 'value="Test plan"' in client.get(url("plan_edit", plan)).content.decode()
    client.post(url("plan_edit", plan), {"plan_title": "Renamed", "period_covered": "2025/26"})
    plan.refresh_from_db()
    assert (plan.title, plan.period_covered) == ("Renamed", "2025/26")
    assert plan.history.first().history_user == sefton_lead


def test_add_an_action_between_two_others_renumbers_the_rest(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[2, 2]])
    first_area = ImprovementArea.objects.filter(heading__plan=plan).order_by("order").first()
    client = client_for(sefton_lead)
    page = client.get(url("plan_editor", plan)).content.decode()
    add_here = f"{url('action_add', plan)}?where={first_area.pk}:2"
    assert add_here in page
    form = client.get(add_here).content.decode()
    assert f'value="{first_area.pk}:2" selected' in form
    response = client.post(
        url("action_add", plan),
        {
            "where": f"{first_area.pk}:2",
            "how_achieved": "New action",
            "evidence": "At least 80% of staff trained",
            "timescale": "June 2026",
        },
    )
    assert response.status_code == 302
    assert [text for _, text in numbered(plan)] == [
        "Action 1.1.1",
        "New action",
        "Action 1.1.2",
        "Action 1.2.1",
        "Action 1.2.2",
    ]
    added = actions(plan)[1]
    assert response["Location"] == f"{url('plan_editor', plan)}#action-{added.pk}"
    assert added.targets.get().target_value == Decimal(80)
    assert added.milestones.get().due_date == datetime.date(2026, 6, 1)
    page = client.get(url("plan_editor", plan)).content.decode()
    assert page.index("New action") < page.index("Action 1.1.2") < page.index(">Action 5</h4>")
    assert f'id="action-{added.pk}"' in page
    assert "Improvement Area 1, Action 2 added" in page


def test_move_an_action_down_and_to_another_area(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[2, 1]])
    client = client_for(sefton_lead)
    first = actions(plan)[0]
    response = client.post(url("action_move", plan, action_pk=first.pk), {"direction": "down"})
    assert response.status_code == 302
    assert [t for _, t in numbered(plan)] == ["Action 1.1.2", "Action 1.1.1", "Action 1.2.1"]
    second_area = ImprovementArea.objects.filter(heading__plan=plan).order_by("order").last()
    form = client.get(url("action_move", plan, action_pk=first.pk)).content.decode()
    assert "After Action 3" in form
    client.post(url("action_move", plan, action_pk=first.pk), {"where": f"{second_area.pk}:2"})
    assert [t for _, t in numbered(plan)] == ["Action 1.1.2", "Action 1.2.1", "Action 1.1.1"]
    page = client.get(url("plan_editor", plan)).content.decode()
    assert page.index("Improvement Area 2 –") < page.index("Action 1.1.1")


def test_moving_the_first_action_up_changes_nothing(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[2]])
    first = actions(plan)[0]
    client_for(sefton_lead).post(url("action_move", plan, action_pk=first.pk), {"direction": "up"})
    assert [t for _, t in numbered(plan)] == ["Action 1.1.1", "Action 1.1.2"]


def test_references_follow_the_action_after_renumbering(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[2]])
    target = actions(plan)[1]
    source = actions(plan)[0]
    evidence_add(action=source, text="Builds on Area 1 Action 2.", by=None)
    area = source.area
    client = client_for(sefton_lead)
    client.post(url("action_add", plan), {"where": f"{area.pk}:1", "how_achieved": "First now"})
    page = client.get(url("plan_editor", plan)).content.decode()
    assert (
        f'Builds on Area 1 Action <a class="govuk-link" href="#action-{target.pk}" '
        'aria-label="Action 3">3</a>.'
    ) in page
    item = source.evidence.get()
    form = client.get(url("evidence_edit", plan, evidence_pk=item.pk)).content.decode()
    assert "Builds on Area 1 Action 3." in form
    assert "Builds on Area 1 Action 2." not in form


def test_the_action_form_is_filled_with_current_numbers(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[2]])
    second = actions(plan)[1]
    area = second.area
    referrer = action_add(
        area=area, how_achieved="Follows Area 1 Action 2", owner="Head of service", by=None
    )
    client = client_for(sefton_lead)
    client.post(url("action_add", plan), {"where": f"{area.pk}:1", "how_achieved": "Inserted"})
    form = client.get(url("action_edit", plan, action_pk=referrer.pk)).content.decode()
    assert "Follows Area 1 Action 3" in form
    assert 'value="Head of service"' in form
    client.post(
        url("action_edit", plan, action_pk=referrer.pk),
        {"how_achieved": "Follows Area 1 Action 3 closely", "owner": "Director"},
    )
    referrer.refresh_from_db()
    assert referrer.owner == "Director"
    assert referrer.outgoing_references.get().target_id == second.pk


def test_add_an_area_and_a_heading_at_a_position(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[1, 1]])
    heading = plan.headings.get()
    client = client_for(sefton_lead)
    client.post(url("area_add", plan), {"where": f"{heading.pk}:2", "area_title": "Middle"})
    titles = [a.title for a in ImprovementArea.objects.filter(heading__plan=plan).numbered()]
    assert titles == ["Area 1.1", "Middle", "Area 1.2"]
    page = client.get(url("plan_editor", plan)).content.decode()
    assert "Improvement Area 2 – Middle" in page
    assert "Improvement Area 3 – Area 1.2" in page
    client.post(url("heading_add", plan), {"where": "1", "heading_title": "Providing Leadership"})
    assert [h.title for h in plan.headings.order_by("order")] == [
        "Providing Leadership",
        "Heading 1",
    ]


def test_remove_an_action_asks_first_then_archives_and_renumbers(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[3]])
    middle = actions(plan)[1]
    client = client_for(sefton_lead)
    remove = url("action_remove", plan, action_pk=middle.pk)
    confirm = client.get(remove)
    assert confirm.status_code == 200
    assert "Remove Improvement Area 1, Action 2?" in confirm.content.decode()
    assert len(actions(plan)) == 3
    client.post(remove)
    assert [t for _, t in numbered(plan)] == ["Action 1.1.1", "Action 1.1.3"]
    middle.refresh_from_db()
    assert middle.archived_at is not None
    assert client.get(remove).status_code == 404


def test_targets_and_milestones_forms(sefton: Council, sefton_lead: User, client_for) -> None:
    plan = build_plan(sefton, [[1]])
    action = actions(plan)[0]
    client = client_for(sefton_lead)
    response = client.post(
        url("target_add", plan, action_pk=action.pk),
        {
            "measure": "Reviews within 28 days",
            "baseline": "55",
            "direction": "at_least",
            "target_value": "70",
            "unit": "percent",
            "due_date_0": "31",
            "due_date_1": "3",
            "due_date_2": "2026",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(action=action)
    assert (target.baseline, target.target_value, target.due_date) == (
        Decimal(55),
        Decimal(70),
        datetime.date(2026, 3, 31),
    )
    edit = client.get(url("target_edit", plan, target_pk=target.pk)).content.decode()
    assert 'value="Reviews within 28 days"' in edit
    bad = client.post(
        url("target_edit", plan, target_pk=target.pk),
        {"measure": "x", "direction": "at_least", "target_value": "lots", "unit": "percent"},
    )
    assert bad.status_code == 400
    assert "The target value must be a number, like 70" in bad.content.decode()
    response = client.post(
        url("milestone_add", plan, action_pk=action.pk),
        {"kind": "month", "due_date_0": "15", "due_date_1": "9", "due_date_2": "2025"},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(action=action)
    assert milestone.due_date == datetime.date(2025, 9, 1)
    missing = client.post(url("milestone_add", plan, action_pk=action.pk), {"kind": "date"})
    assert missing.status_code == 400
    assert "Enter the date the milestone is due" in missing.content.decode()
    client.post(
        url("milestone_edit", plan, milestone_pk=milestone.pk),
        {
            "kind": "month",
            "due_date_0": "1",
            "due_date_1": "9",
            "due_date_2": "2025",
            "completed_on_0": "20",
            "completed_on_1": "9",
            "completed_on_2": "2025",
        },
    )
    milestone.refresh_from_db()
    assert milestone.completed_on == datetime.date(2025, 9, 20)


def test_cite_a_scorecard_domain_for_an_area_and_remove_it(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[1]])
    area = ImprovementArea.objects.get(heading__plan=plan)
    client = client_for(sefton_lead)
    form = client.get(url("citation_add", plan) + f"?area={area.pk}").content.decode()
    assert "Scorecard domains" in form
    response = client.post(
        url("citation_add", plan), {"cited": "domain:leadership", "area": str(area.pk)}
    )
    assert response.status_code == 302
    citation = Citation.objects.get(plan=plan)
    assert (citation.area, citation.domain) == (area, "leadership")
    client.post(url("citation_remove", plan, citation_pk=citation.pk))
    citation.refresh_from_db()
    assert citation.archived_at is not None


def test_another_councils_concern_cannot_be_cited_by_its_id(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[1]])
    response = client_for(sefton_lead).post(url("citation_add", plan), {"cited": "concern:999"})
    assert response.status_code == 400
    assert not Citation.objects.exists()


def test_publish_and_unpublish(sefton: Council, sefton_lead: User, client_for) -> None:
    plan = build_plan(sefton, [[1]])
    client = client_for(sefton_lead)
    assert client.get(url("plan_publish", plan)).status_code == 405
    client.post(url("plan_publish", plan))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert client_for(None).get(url("plan", plan)).status_code == 200
    client.post(url("plan_unpublish", plan))
    assert client_for(None).get(url("plan", plan)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("wirral_lead", 404),
        ("planning_group_member", 403),
        ("risk_assessor", 403),
        ("board_member", 403),
        ("regional_admin", 403),
    ],
)
def test_only_the_councils_own_users_edit_even_a_published_plan(
    sefton: Council,
    sefton_lead: User,
    persona: str,
    status: int,
    request: pytest.FixtureRequest,
    client_for,
) -> None:
    plan = build_plan(sefton, [[1]])
    client_for(sefton_lead).post(url("plan_publish", plan))
    action = actions(plan)[0]
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url("action_edit", plan, action_pk=action.pk)).status_code == status
    response = client.post(
        url("action_add", plan), {"where": f"{action.area_id}:1", "how_achieved": "x"}
    )
    assert response.status_code == status
    assert client.post(url("plan_unpublish", plan)).status_code == status
    assert len(actions(plan)) == 1


def test_anonymous_is_sent_to_sign_in(sefton: Council, client_for) -> None:
    plan = build_plan(sefton, [[1]])
    response = client_for(None).get(url("action_add", plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_action_of_another_plan_is_not_found(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[1]])
    other = build_plan(sefton, [[1]])
    foreign = actions(other)[0]
    response = client_for(sefton_lead).get(url("action_edit", plan, action_pk=foreign.pk))
    assert response.status_code == 404
