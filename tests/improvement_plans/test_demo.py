"""The improvement plans' demonstration data: Sefton's plan from the seed with two quarters of
progress, plans for two other councils, one published; safe to run twice."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from demo.improvement_plans import improvement_plans_demo_load
from demo.users import users_ensure
from improvement_plans.models import (
    Action,
    Citation,
    ImprovementArea,
    Milestone,
    Plan,
    ProgressUpdate,
    TargetActual,
)
from improvement_plans.selectors import plan_summary, plans_visible_to

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Plan.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
        TargetActual.objects.count(),
        Citation.objects.count(),
        Plan.history.count(),
        Milestone.history.count(),
        ProgressUpdate.history.count(),
    )


def test_the_demo_loads_the_sefton_plan_with_two_quarters_and_two_other_plans() -> None:
    users_ensure()
    improvement_plans_demo_load()

    sefton = Plan.objects.get(council__slug="sefton")
    assert sefton.is_published
    assert sefton.created_by == User.objects.get(email="sefton.lead@demo.nwsli.org.uk")
    assert ImprovementArea.objects.filter(heading__plan=sefton).live().count() == 19
    assert Action.objects.in_plan(sefton).live().count() == 53
    quarters = set(
        ProgressUpdate.objects.filter(action__area__heading__plan=sefton).values_list(
            "period__year", "period__quarter"
        )
    )
    assert quarters == {(2026, 1), (2026, 2)}
    summary = plan_summary(
        plan=sefton, fetched_by=AnonymousUser(), today=datetime.date(2026, 11, 25)
    )
    assert summary.period is not None
    assert summary.period.slug == "2026-27-Q2"
    assert summary.targets_met > 0
    assert summary.targets_missed > 0
    assert summary.overdue_milestones > 0
    assert summary.status_counts["no_update"] > 0
    assert {s for s, n in summary.status_counts.items() if n} >= {
        "on_track",
        "at_risk",
        "off_track",
        "complete",
    }

    others = Plan.objects.exclude(council__slug="sefton")
    assert sorted(p.council.slug for p in others) == ["blackpool", "wirral"]
    assert not any(p.is_published for p in others)
    wirral = others.get(council__slug="wirral")
    assert ProgressUpdate.objects.filter(action__area__heading__plan=wirral).count() == 3
    wirral_summary = plan_summary(plan=wirral, fetched_by=AnonymousUser())
    assert (wirral_summary.targets_met, wirral_summary.targets_missed) == (1, 2)
    assert list(plans_visible_to(AnonymousUser())) == [sefton]


def test_the_demo_is_safe_to_run_twice() -> None:
    users_ensure()
    improvement_plans_demo_load()
    first = counts()
    improvement_plans_demo_load()
    assert counts() == first


def test_the_demo_needs_its_users() -> None:
    improvement_plans_demo_load()
    assert not Plan.objects.exists()
