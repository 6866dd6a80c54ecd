"""Reads of improvement plans for pages and exports, each with a fixed number of queries."""

from improvement_plans.selectors.plans import (
    ActionView,
    AreaView,
    EvidenceView,
    HeadingView,
    MilestoneView,
    PlanView,
    TargetView,
    action_progress_history,
    plan_structure,
    plans_visible_to,
)
from improvement_plans.selectors.summary import (
    NO_UPDATE,
    OverdueMilestone,
    PlanSummary,
    overdue_milestones,
    plan_summary,
    region_summary,
    summaries,
)

__all__ = [
    "NO_UPDATE",
    "ActionView",
    "AreaView",
    "EvidenceView",
    "HeadingView",
    "MilestoneView",
    "OverdueMilestone",
    "PlanSummary",
    "PlanView",
    "TargetView",
    "action_progress_history",
    "overdue_milestones",
    "plan_structure",
    "plan_summary",
    "plans_visible_to",
    "region_summary",
    "summaries",
]
