"""The access matrix's entries for the ``improvement_plans`` app's URLs (see test_matrix.py)."""

from typing import Any

from tests.access.personas import SIGN_IN, Matrix, kw

# Progress and the regional summary: a council records progress on its own plan only; the
# Planning Group, risk assessors, the Board and the administrator read every plan.
PROGRESS_EDIT = {
    "anonymous": SIGN_IN,
    "wirral_lead": 200,
    "wirral_director": 200,
    "sefton_lead": 404,
    "planning_group_member": 403,
    "risk_assessor": 403,
    "board_member": 403,
    "regional_admin": 403,
}
PROGRESS_READ = {
    **PROGRESS_EDIT,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 200,
    "regional_admin": 200,
}
REGIONAL_READERS = {
    **PROGRESS_READ,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 403,
}


# The plan pages (world["plan"] is a draft Wirral plan): reading a draft is for its council and
# the region; anonymous visitors and other councils get a 404 until it is published. Editing is
# the council's own lead's and director's: a read-only role gets 403, another council 404.
PLAN_READ = {**PROGRESS_READ, "anonymous": 404}
PLAN_EDIT = PROGRESS_EDIT
PLAN_EDIT_POST = {**PLAN_EDIT, "wirral_lead": 302, "wirral_director": 302}
COUNCIL_USERS = {**PLAN_EDIT, "sefton_lead": 200}
ALL_200 = dict.fromkeys(PROGRESS_EDIT, 200)


def PLAN(world: dict[str, Any]) -> int:
    return world["plan"].pk


def _plan(**records: str) -> Any:
    """URL keyword arguments: the plan and, by URL argument, the world's record for it."""
    return kw(pk=PLAN, **{arg: (lambda w, key=key: w[key].pk) for arg, key in records.items()})


def PROGRESS_PLAN(world: dict[str, Any]) -> int:
    return world["progress_plan"].pk


IMPROVEMENT_PLANS_MATRIX: Matrix = {
    # Plans and their structure
    "improvement_plans:index": ("get", kw(), ALL_200),
    "improvement_plans:create": ("get", kw(), COUNCIL_USERS),
    "improvement_plans:import": ("get", kw(), COUNCIL_USERS),
    "improvement_plans:import_example": ("get", kw(fmt="xlsx"), ALL_200),
    "improvement_plans:plan": ("get", _plan(), PLAN_READ),
    "improvement_plans:plan_pdf": ("get", _plan(), PLAN_READ),
    "improvement_plans:plan_xlsx": ("get", _plan(), PLAN_READ),
    "improvement_plans:plan_csv": ("get", _plan(), PLAN_READ),
    "improvement_plans:plan_edit": ("get", _plan(), PLAN_EDIT),
    "improvement_plans:plan_editor": ("get", _plan(), PLAN_EDIT),
    "improvement_plans:plan_publish": ("post", _plan(), PLAN_EDIT_POST),
    "improvement_plans:plan_unpublish": ("post", _plan(), PLAN_EDIT_POST),
    "improvement_plans:plan_archive": ("get", _plan(), PLAN_EDIT),
    "improvement_plans:citation_add": ("get", _plan(), PLAN_EDIT),
    "improvement_plans:citation_remove": (
        "get",
        _plan(citation_pk="plan_citation"),
        PLAN_EDIT,
    ),
    "improvement_plans:heading_add": ("get", _plan(), PLAN_EDIT),
    "improvement_plans:heading_edit": ("get", _plan(heading_pk="plan_heading"), PLAN_EDIT),
    "improvement_plans:heading_move": ("post", _plan(heading_pk="plan_heading"), PLAN_EDIT_POST),
    "improvement_plans:heading_remove": ("get", _plan(heading_pk="plan_heading"), PLAN_EDIT),
    "improvement_plans:area_add": ("get", _plan(), PLAN_EDIT),
    "improvement_plans:area_edit": ("get", _plan(area_pk="plan_area"), PLAN_EDIT),
    "improvement_plans:area_move": ("get", _plan(area_pk="plan_area"), PLAN_EDIT),
    "improvement_plans:area_remove": ("get", _plan(area_pk="plan_area"), PLAN_EDIT),
    "improvement_plans:action_add": ("get", _plan(), PLAN_EDIT),
    "improvement_plans:action_edit": ("get", _plan(action_pk="plan_action"), PLAN_EDIT),
    "improvement_plans:action_move": ("get", _plan(action_pk="plan_action"), PLAN_EDIT),
    "improvement_plans:action_remove": ("get", _plan(action_pk="plan_action"), PLAN_EDIT),
    "improvement_plans:evidence_add": ("get", _plan(action_pk="plan_action"), PLAN_EDIT),
    "improvement_plans:evidence_edit": ("get", _plan(evidence_pk="plan_evidence"), PLAN_EDIT),
    "improvement_plans:evidence_remove": ("get", _plan(evidence_pk="plan_evidence"), PLAN_EDIT),
    "improvement_plans:target_add": ("get", _plan(action_pk="plan_action"), PLAN_EDIT),
    "improvement_plans:target_edit": ("get", _plan(target_pk="plan_target"), PLAN_EDIT),
    "improvement_plans:target_remove": ("get", _plan(target_pk="plan_target"), PLAN_EDIT),
    "improvement_plans:milestone_add": ("get", _plan(action_pk="plan_action"), PLAN_EDIT),
    "improvement_plans:milestone_edit": (
        "get",
        _plan(milestone_pk="plan_milestone"),
        PLAN_EDIT,
    ),
    "improvement_plans:milestone_remove": (
        "get",
        _plan(milestone_pk="plan_milestone"),
        PLAN_EDIT,
    ),
    # Progress and the regional summary
    "improvement_plans:region_summary": ("get", kw(), REGIONAL_READERS),
    "improvement_plans:progress_quarters": ("get", kw(pk=PROGRESS_PLAN), PROGRESS_EDIT),
    "improvement_plans:progress": (
        "get",
        kw(pk=PROGRESS_PLAN, period_slug=lambda w: w["period"].slug),
        PROGRESS_EDIT,
    ),
    "improvement_plans:progress_area": (
        "get",
        kw(
            pk=PROGRESS_PLAN,
            period_slug=lambda w: w["period"].slug,
            area_pk=lambda w: w["progress_action"].area_id,
        ),
        PROGRESS_EDIT,
    ),
    "improvement_plans:action_history": (
        "get",
        kw(pk=PROGRESS_PLAN, action_pk=lambda w: w["progress_action"].pk),
        PROGRESS_READ,
    ),
}
