"""The plan's reads take a fixed number of queries: the same ceiling for a small plan and for
20 areas × 60 actions each × 8 quarters of progress (the issue's scale)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from authorities.models import Council
from improvement_plans.exports import plan_rows
from improvement_plans.models import (
    Action,
    ActionReference,
    ExpectedEvidence,
    ImprovementArea,
    Milestone,
    OutcomeHeading,
    Plan,
    ProgressUpdate,
    Target,
    TargetActual,
)
from improvement_plans.selectors import (
    overdue_milestones,
    plan_structure,
    plan_summary,
    region_summary,
)
from returns.services import period_ensure

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)
STRUCTURE_QUERIES = 11
SUMMARY_QUERIES = 7
REGION_QUERIES = 8
OVERDUE_QUERIES = 3


def bulk_plan(council: Council, user: User, *, areas: int, actions: int, quarters: int) -> Plan:
    """A plan made directly in bulk (the services' one-by-one writes would be slow here)."""
    plan = Plan.objects.create(council=council, title="Large plan")
    headings = OutcomeHeading.objects.bulk_create(
        [OutcomeHeading(plan=plan, order=i, title=f"Heading {i}") for i in range(1, 5)]
    )
    made_areas = ImprovementArea.objects.bulk_create(
        [
            ImprovementArea(heading=headings[(i - 1) * 4 // areas], order=i, title=f"Area {i}")
            for i in range(1, areas + 1)
        ]
    )
    made_actions = Action.objects.bulk_create(
        [
            Action(area=a, order=n, how_achieved=f"Action {a.pk}.{n}")
            for a in made_areas
            for n in range(1, actions + 1)
        ]
    )
    evidence = ExpectedEvidence.objects.bulk_create(
        [
            ExpectedEvidence(action=a, order=1, text="See Area 1 Action 1.", timescale="June 2010")
            for a in made_actions
        ]
    )
    ActionReference.objects.bulk_create(
        [
            ActionReference(
                source_action=e.action,
                source_evidence=e,
                field="evidence",
                start=4,
                end=19,
                token=0,
                target=made_actions[0],
            )
            for e in evidence
        ]
    )
    targets = Target.objects.bulk_create(
        [
            Target(action=a, description="d", measure="m", target_value=Decimal(70))
            for a in made_actions
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(action=a, kind="month", due_date=datetime.date(2010, 6, 1))
            for a in made_actions
        ]
    )
    for q in range(quarters):
        period = period_ensure(year=2023 + q // 4, quarter=q % 4 + 1)
        updates = ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(action=a, period=period, status="on_track", recorded_by=user)
                for a in made_actions
            ]
        )
        TargetActual.objects.bulk_create(
            [
                TargetActual(target=t, update=u, period=period, actual=Decimal(60 + q * 2))
                for t, u in zip(targets, updates, strict=True)
            ]
        )
    return plan


def count(fn: object) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = fn()  # type: ignore[operator]
    return len(captured.captured_queries), result


@pytest.mark.parametrize(("areas", "actions", "quarters"), [(2, 2, 1), (20, 60, 8)])
def test_plan_reads_take_a_fixed_number_of_queries(
    sefton: Council,
    wirral: Council,
    sefton_lead: User,
    planning_group_member: User,
    areas: int,
    actions: int,
    quarters: int,
) -> None:
    plan = bulk_plan(sefton, sefton_lead, areas=areas, actions=actions, quarters=quarters)
    bulk_plan(wirral, sefton_lead, areas=areas, actions=actions, quarters=quarters)
    total = areas * actions
    sefton_lead = User.objects.get(pk=sefton_lead.pk)
    planning_group_member = User.objects.get(pk=planning_group_member.pk)

    queries, view = count(lambda: plan_structure(plan=plan, fetched_by=sefton_lead, today=TODAY))
    assert queries <= STRUCTURE_QUERIES
    assert len(view.actions) == total  # type: ignore[attr-defined]
    assert view.actions[-1].number == total  # type: ignore[attr-defined]
    assert view.actions[0].targets[0].latest_actual.actual == Decimal(60 + (quarters - 1) * 2)  # type: ignore[attr-defined]
    assert view.actions[0].latest.period.quarter == (quarters - 1) % 4 + 1  # type: ignore[attr-defined]
    assert 'aria-label="Action 1"' in view.actions[-1].evidence[0].html  # type: ignore[attr-defined]
    assert len(plan_rows(view)) == total  # type: ignore[arg-type]

    queries, summary = count(lambda: plan_summary(plan=plan, fetched_by=sefton_lead, today=TODAY))
    assert queries <= SUMMARY_QUERIES
    assert summary.status_counts["on_track"] == total  # type: ignore[attr-defined]
    met = total if 60 + (quarters - 1) * 2 >= 70 else 0
    assert (summary.targets_met, summary.targets_missed) == (met, total - met)  # type: ignore[attr-defined]
    assert summary.overdue_milestones == total  # type: ignore[attr-defined]

    queries, rows = count(lambda: region_summary(fetched_by=planning_group_member, today=TODAY))
    assert queries <= REGION_QUERIES
    assert [row.actions for row in rows] == [total, total]  # type: ignore[attr-defined]

    queries, overdue = count(
        lambda: overdue_milestones(plan=plan, fetched_by=sefton_lead, today=TODAY)
    )
    assert queries <= OVERDUE_QUERIES
    assert len(overdue) == total  # type: ignore[arg-type]
