"""Quarterly progress: every update kept, actuals judged by the target's direction, the plan's
summary and the Planning Group's summary across councils, and overdue milestones."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import (
    Action,
    Direction,
    Milestone,
    ProgressUpdate,
    Target,
    target_met,
)
from improvement_plans.selectors import overdue_milestones, plan_summary, region_summary
from improvement_plans.services import (
    PlanRefused,
    milestone_add,
    milestone_update,
    plan_publish,
    progress_record,
    target_add,
    target_update,
)
from returns.services import period_ensure
from tests.improvement_plans.conftest import build_plan

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 11, 15)


@pytest.mark.parametrize(
    ("direction", "actual", "met"),
    [
        (Direction.AT_LEAST, "70", True),
        (Direction.AT_LEAST, "69.9", False),
        (Direction.AT_MOST, "70", True),
        (Direction.FEWER_THAN, "70", False),
        (Direction.FEWER_THAN, "4", True),
        (Direction.MORE_THAN, "70", False),
        (Direction.MORE_THAN, "71", True),
        (Direction.EXACTLY, "70.0", True),
    ],
)
def test_met_is_judged_by_the_direction(direction: str, actual: str, met: bool) -> None:
    assert target_met(direction, Decimal(70), Decimal(actual)) is met


def test_a_second_update_in_the_same_quarter_is_a_new_row(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[1]])
    action = Action.objects.in_plan(plan).get()
    quarter = period_ensure(year=2024, quarter=2)
    first = progress_record(
        action=action,
        period=quarter,
        status="on_track",
        commentary="Started",
        recorded_by=sefton_lead,
    )
    second = progress_record(
        action=action,
        period=quarter,
        status="at_risk",
        commentary="Slipping",
        recorded_by=sefton_lead,
    )
    assert first.pk != second.pk
    assert list(ProgressUpdate.objects.filter(action=action).values_list("status", flat=True)) == [
        "on_track",
        "at_risk",
    ]
    action.refresh_from_db()
    assert action.status == "at_risk"
    assert action.history.first().history_user == sefton_lead  # type: ignore[union-attr]
    summary = plan_summary(plan=plan, fetched_by=sefton_lead, today=TODAY)
    assert summary.status_counts["at_risk"] == 1
    assert summary.status_counts["on_track"] == 0


def test_actuals_are_recorded_per_target_and_summarised(sefton: Council, sefton_lead: User) -> None:
    plan = build_plan(sefton, [[3]])
    first, second, third = Action.objects.in_plan(plan).numbered()
    audit = target_add(
        action=first, measure="audits good or excellent", target_value="70", by=sefton_lead
    )
    poor = target_add(
        action=first,
        measure="audited cases poor",
        target_value="5",
        direction="fewer_than",
        by=sefton_lead,
    )
    target_add(action=second, measure="reviews within 28 days", target_value="70", by=sefton_lead)
    old = period_ensure(year=2024, quarter=1)
    latest = period_ensure(year=2024, quarter=2)
    progress_record(action=third, period=old, status="off_track", recorded_by=sefton_lead)
    progress_record(
        action=first,
        period=latest,
        status="on_track",
        commentary="Audit running",
        actuals={audit: Decimal("72.5"), poor: "7"},
        recorded_by=sefton_lead,
    )
    summary = plan_summary(plan=plan, fetched_by=sefton_lead, today=TODAY)
    assert summary.period == latest
    assert summary.actions == 3
    assert (summary.targets_met, summary.targets_missed, summary.targets_no_actual) == (1, 1, 1)
    assert summary.status_counts["on_track"] == 1
    assert summary.status_counts["off_track"] == 0
    assert summary.status_counts["no_update"] == 2
    target_update(target=poor, target_value="10", by=sefton_lead)
    summary = plan_summary(plan=plan, fetched_by=sefton_lead, today=TODAY)
    assert (summary.targets_met, summary.targets_missed) == (2, 0)


def test_progress_is_refused_for_another_actions_target_or_a_bad_status(
    sefton: Council, sefton_lead: User, wirral_lead: User
) -> None:
    plan = build_plan(sefton, [[2]])
    first, second = Action.objects.in_plan(plan).numbered()
    target = target_add(action=second, measure="m", target_value="1", unit="number", by=sefton_lead)
    quarter = period_ensure(year=2024, quarter=2)
    with pytest.raises(PlanRefused):
        progress_record(
            action=first,
            period=quarter,
            status="on_track",
            actuals={target: "1"},
            recorded_by=sefton_lead,
        )
    with pytest.raises(PlanRefused):
        progress_record(action=first, period=quarter, status="fine", recorded_by=sefton_lead)
    with pytest.raises(PlanRefused):
        progress_record(
            action=second,
            period=quarter,
            status="on_track",
            actuals={target: "lots"},
            recorded_by=sefton_lead,
        )
    with pytest.raises(PermissionDenied):
        progress_record(action=first, period=quarter, status="on_track", recorded_by=wirral_lead)
    assert not ProgressUpdate.objects.exists()


def test_overdue_milestones_are_flagged(sefton: Council, sefton_lead: User) -> None:
    plan = build_plan(sefton, [[2]])
    first, second = Action.objects.in_plan(plan).numbered()
    past_date = milestone_add(
        action=first, kind="date", due_date=datetime.date(2024, 11, 14), by=sefton_lead
    )
    milestone_add(action=first, kind="date", due_date=TODAY, by=sefton_lead)
    milestone_add(action=second, kind="month", due_date=datetime.date(2024, 11, 20), by=sefton_lead)
    last_month = milestone_add(
        action=second,
        kind="month",
        due_date=datetime.date(2024, 10, 31),
        description="Report",
        by=sefton_lead,
    )
    milestone_add(
        action=second,
        kind="recurring",
        recurrence="quarterly",
        due_date=datetime.date(2020, 1, 1),
        by=sefton_lead,
    )
    milestone_add(action=second, kind="completed", by=sefton_lead)
    assert last_month.due_date == datetime.date(2024, 10, 1)
    overdue = overdue_milestones(plan=plan, fetched_by=sefton_lead, today=TODAY)
    assert [(o.action_number, o.milestone) for o in overdue] == [(1, past_date), (2, last_month)]
    milestone_update(milestone=past_date, completed_on=TODAY, by=sefton_lead)
    assert [
        o.milestone for o in overdue_milestones(plan=plan, fetched_by=sefton_lead, today=TODAY)
    ] == [last_month]
    assert plan_summary(plan=plan, fetched_by=sefton_lead, today=TODAY).overdue_milestones == 1
    assert Milestone.objects.get(pk=past_date.pk).is_overdue(TODAY) is False
    with pytest.raises(PlanRefused):
        milestone_add(action=first, kind="date", by=sefton_lead)
    with pytest.raises(PlanRefused):
        milestone_add(action=first, kind="recurring", recurrence="fortnightly", by=sefton_lead)


def test_the_region_summary_shows_each_plan_the_reader_may_see(
    sefton: Council,
    wirral: Council,
    planning_group_member: User,
    sefton_lead: User,
    wirral_lead: User,
) -> None:
    sefton_plan = build_plan(sefton, [[2]])
    wirral_plan = build_plan(wirral, [[1]])
    quarter = period_ensure(year=2024, quarter=3)
    progress_record(
        action=Action.objects.in_plan(wirral_plan).get(),
        period=quarter,
        status="complete",
        recorded_by=wirral_lead,
    )
    rows = region_summary(fetched_by=planning_group_member, today=TODAY)
    by_council = {row.plan.council: row for row in rows}
    assert by_council[wirral].status_counts["complete"] == 1
    assert by_council[wirral].period == quarter
    assert by_council[sefton].period is None
    assert by_council[sefton].status_counts["no_update"] == 2
    assert [row.plan for row in region_summary(fetched_by=sefton_lead, today=TODAY)] == [
        sefton_plan
    ]
    plan_publish(plan=wirral_plan, by=wirral_lead)
    assert {row.plan for row in region_summary(fetched_by=sefton_lead, today=TODAY)} == {
        sefton_plan,
        wirral_plan,
    }


def test_targets_with_bad_values_are_refused(sefton: Council, sefton_lead: User) -> None:
    action = Action.objects.in_plan(build_plan(sefton, [[1]])).get()
    with pytest.raises(PlanRefused):
        target_add(action=action, measure="m", target_value="seventy", by=sefton_lead)
    with pytest.raises(PlanRefused):
        target_add(
            action=action, measure="m", target_value="70", direction="roughly", by=sefton_lead
        )
    assert not Target.objects.exists()
