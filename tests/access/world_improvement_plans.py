"""One of everything the ``improvement_plans`` app's URLs address, added to the access matrix's world."""

import datetime
from typing import Any

from improvement_plans.services import (
    action_add,
    area_add,
    citation_add,
    heading_add,
    milestone_add,
    plan_create,
    progress_record,
    target_add,
)
from returns.models import Domain


def build_improvement_plans_world(world: dict[str, Any]) -> dict[str, Any]:
    """Records for the ``improvement_plans`` URLs, built on the core world; returns the keys to add."""
    records: dict[str, Any] = {}
    records.update(_plan_world(world))
    records.update(_progress_world(world))
    return records


def _progress_world(world: dict[str, Any]) -> dict[str, Any]:
    """For the progress pages: a draft Wirral plan with one action, one target and one
    quarter's progress (``world["period"]``, a past quarter)."""
    plan = plan_create(council=world["wirral"], title="Progress plan", created_by=None)
    area = area_add(
        heading=heading_add(plan=plan, title="Safeguarding Adults", by=None), title="Audit", by=None
    )
    action = action_add(area=area, how_achieved="Audit a monthly sample of cases", by=None)
    target = target_add(
        action=action, measure="cases audited good or excellent", target_value="70", by=None
    )
    progress_record(
        action=action,
        period=world["period"],
        status="on_track",
        actuals={target: "72"},
        recorded_by=world["lead"],
    )
    return {"progress_plan": plan, "progress_action": action}


def _plan_world(world: dict[str, Any]) -> dict[str, Any]:
    """For the plan pages: a draft Wirral plan with a heading, an area, an action with its
    expected evidence, a target and a milestone, and a citation of a scorecard domain."""
    plan = plan_create(council=world["wirral"], title="Wirral improvement plan", created_by=None)
    heading = heading_add(plan=plan, title="Safeguarding Adults", by=None)
    area = area_add(heading=heading, title="Improve safeguarding practice", by=None)
    action = action_add(
        area=area,
        how_achieved="Audit case files",
        evidence=[("Audits reported to the board", "Quarterly")],
        by=None,
    )
    return {
        "plan": plan,
        "plan_heading": heading,
        "plan_area": area,
        "plan_action": action,
        "plan_evidence": action.evidence.get(),
        "plan_target": target_add(
            action=action, measure="files rated good", target_value="70", by=None
        ),
        "plan_milestone": milestone_add(
            action=action, kind="date", due_date=datetime.date(2030, 6, 30), by=None
        ),
        "plan_citation": citation_add(plan=plan, domain=Domain.values[0], by=None),
    }
