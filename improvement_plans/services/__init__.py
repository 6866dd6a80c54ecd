"""Writes for improvement plans (DOMAIN.md §7). Every service is atomic, keyword-only and
attributed (``by`` / ``recorded_by``; None is the portal itself), checks that the person may
edit the council's plan (``edit_plan`` in ``accounts.access``) and keeps history."""

from improvement_plans.services.common import PlanRefused
from improvement_plans.services.details import (
    milestone_add,
    milestone_remove,
    milestone_update,
    target_add,
    target_remove,
    target_update,
)
from improvement_plans.services.imports import (
    ImportOutcome,
    PlanImportRefused,
    plan_for_file,
    plan_import,
)
from improvement_plans.services.plans import (
    citation_add,
    citation_remove,
    plan_archive,
    plan_create,
    plan_publish,
    plan_unpublish,
    plan_update,
)
from improvement_plans.services.progress import progress_record
from improvement_plans.services.structure import (
    action_add,
    action_move,
    action_remove,
    action_update,
    area_add,
    area_move,
    area_remove,
    area_update,
    evidence_add,
    evidence_remove,
    evidence_update,
    heading_add,
    heading_move,
    heading_remove,
    heading_update,
    refresh_references,
)

__all__ = [
    "ImportOutcome",
    "PlanImportRefused",
    "PlanRefused",
    "action_add",
    "action_move",
    "action_remove",
    "action_update",
    "area_add",
    "area_move",
    "area_remove",
    "area_update",
    "citation_add",
    "citation_remove",
    "evidence_add",
    "evidence_remove",
    "evidence_update",
    "heading_add",
    "heading_move",
    "heading_remove",
    "heading_update",
    "milestone_add",
    "milestone_remove",
    "milestone_update",
    "plan_archive",
    "plan_create",
    "plan_for_file",
    "plan_import",
    "plan_publish",
    "plan_unpublish",
    "plan_update",
    "progress_record",
    "refresh_references",
    "target_add",
    "target_remove",
    "target_update",
]
