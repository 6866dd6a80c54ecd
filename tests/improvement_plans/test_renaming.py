"""Renaming a plan, an outcome heading and an improvement area: the services (atomic,
attributed, kept in history, refusing a blank title or an archived plan), their pages, and the
links to them, to quarterly progress and to each action's history on the plan page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import ImprovementArea, OutcomeHeading, Plan
from improvement_plans.services import (
    PlanRefused,
    area_remove,
    area_update,
    heading_update,
    plan_archive,
    plan_update,
)
from tests.improvement_plans.conftest import build_plan

pytestmark = pytest.mark.django_db


def url(name: str, plan: Plan, **kwargs: int) -> str:
    return reverse(f"improvement_plans:{name}", kwargs={"pk": plan.pk, **kwargs})


def test_plan_update_changes_the_title_and_period_with_history(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[1]])
    plan_update(
        plan=plan,
        title="  Adult social care plan ",
        period_covered=" 2025/26 ",
        updated_by=sefton_lead,
    )
    plan.refresh_from_db()
    assert (plan.title, plan.period_covered) == ("Adult social care plan", "2025/26")
    latest = plan.history.first()
    assert (latest.title, latest.history_user) == ("Adult social care plan", sefton_lead)
    assert plan.history.filter(title="Test plan").exists()


def test_plan_update_refuses_a_blank_title_an_archived_plan_and_another_council(
    sefton: Council, sefton_lead: User, wirral_lead: User
) -> None:
    plan = build_plan(sefton, [[1]])
    with pytest.raises(PlanRefused) as refused:
        plan_update(plan=plan, title="   ", updated_by=sefton_lead)
    assert (refused.value.field, refused.value.message) == ("title", "Enter the plan's title")
    with pytest.raises(PermissionDenied):
        plan_update(plan=plan, title="Taken over", updated_by=wirral_lead)
    plan_archive(plan=plan, by=sefton_lead)
    with pytest.raises(PlanRefused, match="archived"):
        plan_update(plan=plan, title="Renamed", updated_by=sefton_lead)
    plan.refresh_from_db()
    assert plan.title == "Test plan"


def test_heading_and_area_update_keep_history_and_refuse_blank_or_removed(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[1, 1]])
    heading = OutcomeHeading.objects.get(plan=plan)
    first, second = ImprovementArea.objects.filter(heading=heading).order_by("order")
    heading_update(heading=heading, title=" Safeguarding Adults ", updated_by=sefton_lead)
    area_update(area=first, title="Improve safeguarding practice", updated_by=sefton_lead)
    heading.refresh_from_db()
    first.refresh_from_db()
    assert heading.title == "Safeguarding Adults"
    assert first.title == "Improve safeguarding practice"
    assert first.order == 1
    assert heading.history.first().history_user == sefton_lead
    assert first.history.first().history_user == sefton_lead
    assert first.history.filter(title="Area 1.1").exists()
    with pytest.raises(PlanRefused) as refused:
        heading_update(heading=heading, title="", updated_by=sefton_lead)
    assert refused.value.field == "title"
    with pytest.raises(PlanRefused) as refused:
        area_update(area=first, title=" ", updated_by=sefton_lead)
    assert refused.value.field == "title"
    area_remove(area=second, by=sefton_lead)
    second.refresh_from_db()
    with pytest.raises(PlanRefused, match="removed"):
        area_update(area=second, title="Back again", updated_by=sefton_lead)


def test_change_the_plans_title_through_the_service(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[1]])
    client = client_for(sefton_lead)
    response = client.post(url("plan_edit", plan), {"plan_title": "  ", "period_covered": ""})
    assert response.status_code == 400
    assert "Enter the plan&#x27;s title" in response.content.decode()
    response = client.post(
        url("plan_edit", plan), {"plan_title": "Our plan", "period_covered": "2025-27"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.period_covered) == ("Our plan", "2025-27")
    assert plan.history.first().history_user == sefton_lead


def test_change_a_headings_and_an_areas_title(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[1, 1]])
    heading = OutcomeHeading.objects.get(plan=plan)
    area = ImprovementArea.objects.filter(heading=heading).order_by("order").last()
    assert area is not None
    client = client_for(sefton_lead)

    page = client.get(url("heading_edit", plan, heading_pk=heading.pk))
    assert page.status_code == 200
    assert 'value="Heading 1"' in page.content.decode()
    response = client.post(url("heading_edit", plan, heading_pk=heading.pk), {"heading_title": ""})
    assert response.status_code == 400
    assert "Enter the outcome heading" in response.content.decode()
    response = client.post(
        url("heading_edit", plan, heading_pk=heading.pk), {"heading_title": "Providing Leadership"}
    )
    assert response["Location"] == url("plan_editor", plan) + f"#heading-{heading.pk}"
    heading.refresh_from_db()
    assert heading.title == "Providing Leadership"

    page = client.get(url("area_edit", plan, area_pk=area.pk))
    assert page.status_code == 200
    assert "Improvement Area 2" in page.content.decode()
    response = client.post(url("area_edit", plan, area_pk=area.pk), {"area_title": "Carers"})
    assert response["Location"] == url("plan_editor", plan) + f"#area-{area.pk}"
    area.refresh_from_db()
    assert (area.title, area.order) == ("Carers", 2)
    assert area.history.first().history_user == sefton_lead


def test_a_heading_or_area_of_another_plan_is_not_found(
    sefton: Council, wirral: Council, sefton_lead: User, wirral_lead: User, client_for
) -> None:
    ours = build_plan(sefton, [[1]])
    theirs = build_plan(wirral, [[1]])
    heading = OutcomeHeading.objects.get(plan=theirs)
    area = ImprovementArea.objects.get(heading=heading)
    client = client_for(sefton_lead)
    assert client.get(url("heading_edit", ours, heading_pk=heading.pk)).status_code == 404
    assert client.get(url("area_edit", ours, area_pk=area.pk)).status_code == 404
    assert client.get(url("heading_edit", theirs, heading_pk=heading.pk)).status_code == 404
    response = client_for(wirral_lead).post(
        url("area_edit", theirs, area_pk=area.pk), {"area_title": "Renamed"}
    )
    assert response.status_code == 302


def test_the_plan_page_links_to_editing_progress_and_history(
    sefton: Council, sefton_lead: User, planning_group_member: User, client_for
) -> None:
    plan = build_plan(sefton, [[2, 1]])
    heading = OutcomeHeading.objects.get(plan=plan)
    area = ImprovementArea.objects.get(heading=heading, order=1)
    action = area.actions.get(order=1)
    editing = [
        url("heading_edit", plan, heading_pk=heading.pk),
        url("area_edit", plan, area_pk=area.pk),
        url("progress_quarters", plan),
        url("plan_edit", plan),
    ]
    history = url("action_history", plan, action_pk=action.pk)

    read = client_for(sefton_lead).get(url("plan", plan)).content.decode()
    for link in [url("plan_editor", plan), url("progress_quarters", plan)]:
        assert f'href="{link}"' in read
    own = client_for(sefton_lead).get(url("plan_editor", plan)).content.decode()
    for link in [*editing, history]:
        assert f'href="{link}"' in own
    assert 'class="app-plan-summary"' in own

    region = client_for(planning_group_member).get(url("plan", plan)).content.decode()
    for link in [*editing, url("plan_editor", plan)]:
        assert f'href="{link}"' not in region
