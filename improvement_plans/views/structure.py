"""Editing a plan's structure: outcome headings, improvement areas and actions (added at a
place, moved up, down or to another place, removed after a confirmation). Each action's expected
evidence, targets and milestones are ``details``.

Every view takes the plan through the access module for ``edit_plan`` and then only records
of that plan (anything else is a 404). Removing archives: nothing is deleted. Text naming
other actions is shown in the edit forms with the actions' current numbers."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from accounts import access
from improvement_plans.forms import (
    ActionEditForm,
    ActionForm,
    AreaEditForm,
    AreaForm,
    HeadingEditForm,
    HeadingForm,
    MoveForm,
    action_places,
    area_places,
)
from improvement_plans.models import (
    Action,
    ActionReference,
    ImprovementArea,
    OutcomeHeading,
    Plan,
)
from improvement_plans.numbering import PlanNumbers, plan_numbers
from improvement_plans.references import Link, render_text
from improvement_plans.selectors import plan_structure
from improvement_plans.services import (
    PlanRefused,
    action_add,
    action_move,
    action_remove,
    action_update,
    area_add,
    area_move,
    area_remove,
    area_update,
    heading_add,
    heading_move,
    heading_remove,
    heading_update,
)
from improvement_plans.views.plans import editing, handle_form, handle_removal, to_plan

MOVES = {"up": -1, "down": 1}


def _heading(plan: Plan, pk: int) -> OutcomeHeading:
    return get_object_or_404(plan.headings.filter(archived_at__isnull=True), pk=pk)


def _area(plan: Plan, pk: int) -> ImprovementArea:
    return get_object_or_404(
        ImprovementArea.objects.filter(heading__plan=plan).live().select_related("heading"), pk=pk
    )


def plan_action(plan: Plan, pk: int) -> Action:
    """A live action of the plan, or a 404."""
    return get_object_or_404(
        Action.objects.in_plan(plan).live().select_related("area__heading"), pk=pk
    )


def plain_text(text: str, action: Action, numbers: PlanNumbers, evidence: int | None) -> str:
    """``text`` with the actions it names given their current numbers, for an edit form."""
    field = ActionReference.Field.EVIDENCE if evidence else ActionReference.Field.HOW_ACHIEVED
    links = [
        Link(ref.start, ref.end, ref.token, ref.target_id)
        for ref in ActionReference.objects.filter(
            source_action=action, field=field, source_evidence_id=evidence
        ).order_by("start")
    ]
    return render_text(text, links, numbers, html=False)


def action_label(plan: Plan, action: Action, numbers: PlanNumbers | None = None) -> str:
    """ "Improvement Area 2, Action 5": the action's place in the plan's current numbering."""
    numbers = numbers or plan_numbers(plan)
    return (
        f"Improvement Area {numbers.area_of_action(action.pk)}, "
        f"Action {numbers.actions.get(action.pk, '')}"
    )


def _where(request: HttpRequest) -> dict[str, str]:
    where = request.GET.get("where", "")
    return {"where": where} if where else {}


def _step(
    request: HttpRequest, order: int, move: Callable[[int], object], plan: Plan, anchor: str
) -> HttpResponse:
    """Move one place up or down: POST ``direction``. At either end nothing changes."""
    position = order + MOVES.get(request.POST.get("direction", ""), 0)
    if position >= 1 and position != order:
        try:
            move(position)
        except PlanRefused as refused:
            messages.error(request, refused.message)
    return to_plan(plan, anchor)


# --- Outcome headings -------------------------------------------------------------------------


@editing()
def heading_new(request: HttpRequest, plan: Plan) -> HttpResponse:
    view = plan_structure(plan=plan, fetched_by=request.user)
    return handle_form(
        request,
        plan,
        HeadingForm(request.POST or None, initial=_where(request), view=view),
        save=lambda data: heading_add(
            plan=plan,
            title=data["heading_title"],
            position=int(data["where"]),
            by=access.signed_in(request),
        ),
        done=lambda heading: (
            f"Outcome heading ‘{heading.title}’ added.",
            f"heading-{heading.pk}",
        ),
        rename={"title": "heading_title", "position": "where"},
    )


@editing()
def heading_edit(request: HttpRequest, plan: Plan, heading_pk: int) -> HttpResponse:
    heading = _heading(plan, heading_pk)
    return handle_form(
        request,
        plan,
        HeadingEditForm(request.POST or None, initial={"heading_title": heading.title}),
        save=lambda data: heading_update(
            heading=heading, title=data["heading_title"], updated_by=access.signed_in(request)
        ),
        done=lambda _: (f"Outcome heading ‘{heading.title}’ saved.", f"heading-{heading.pk}"),
        rename={"title": "heading_title"},
    )


@editing("POST")
def heading_step(request: HttpRequest, plan: Plan, heading_pk: int) -> HttpResponse:
    heading = _heading(plan, heading_pk)
    by = access.signed_in(request)
    return _step(
        request,
        heading.order,
        lambda position: heading_move(heading=heading, position=position, by=by),
        plan,
        f"heading-{heading.pk}",
    )


@editing()
def heading_delete(request: HttpRequest, plan: Plan, heading_pk: int) -> HttpResponse:
    heading = _heading(plan, heading_pk)
    return handle_removal(
        request,
        plan,
        remove=lambda: heading_remove(heading=heading, by=access.signed_in(request)),
        done=f"‘{heading.title}’ removed. The areas and actions after it have been renumbered.",
        heading=f"Remove the heading ‘{heading.title}’?",
        what="Its improvement areas and actions leave the plan with it.",
        warning="Later areas and actions are renumbered. The heading is archived with its "
        "history and any progress recorded, not deleted.",
        anchor="plan",
    )


# --- Improvement areas ------------------------------------------------------------------------


@editing()
def area_new(request: HttpRequest, plan: Plan) -> HttpResponse:
    view = plan_structure(plan=plan, fetched_by=request.user)
    return handle_form(
        request,
        plan,
        AreaForm(request.POST or None, initial=_where(request), view=view),
        save=lambda data: area_add(
            heading=_heading(plan, data["where"][0]),
            title=data["area_title"],
            position=data["where"][1],
            by=access.signed_in(request),
        ),
        done=lambda area: (
            f"Improvement Area {plan_numbers(plan).areas[area.pk]} added. "
            "The areas after it have been renumbered.",
            f"area-{area.pk}",
        ),
        rename={"title": "area_title", "position": "where"},
    )


@editing()
def area_edit(request: HttpRequest, plan: Plan, area_pk: int) -> HttpResponse:
    area = _area(plan, area_pk)
    number = plan_numbers(plan).areas.get(area.pk)
    return handle_form(
        request,
        plan,
        AreaEditForm(request.POST or None, initial={"area_title": area.title}),
        save=lambda data: area_update(
            area=area, title=data["area_title"], updated_by=access.signed_in(request)
        ),
        done=lambda _: (f"Improvement Area {number} saved.", f"area-{area.pk}"),
        rename={"title": "area_title"},
        caption=lambda: f"Improvement Area {number}",
    )


@editing()
def area_relocate(request: HttpRequest, plan: Plan, area_pk: int) -> HttpResponse:
    """Up or down one place (POST ``direction``), or to a place under any heading (the form)."""
    area = _area(plan, area_pk)
    by = access.signed_in(request)
    if request.method == "POST" and "direction" in request.POST:
        return _step(
            request,
            area.order,
            lambda position: area_move(area=area, position=position, by=by),
            plan,
            f"area-{area.pk}",
        )
    view = plan_structure(plan=plan, fetched_by=request.user)
    number = view.numbers.areas.get(area.pk)
    return handle_form(
        request,
        plan,
        MoveForm(
            request.POST or None,
            places=area_places(view, exclude=area.pk),
            title=f"Move Improvement Area {number}",
        ),
        save=lambda data: area_move(
            area=area, heading=_heading(plan, data["where"][0]), position=data["where"][1], by=by
        ),
        done=lambda _: (
            f"Moved: it is now Improvement Area {plan_numbers(plan).areas[area.pk]}.",
            f"area-{area.pk}",
        ),
        rename={"heading": "where", "position": "where"},
        intro=area.title,
    )


@editing()
def area_delete(request: HttpRequest, plan: Plan, area_pk: int) -> HttpResponse:
    area = _area(plan, area_pk)
    number = plan_numbers(plan).areas.get(area.pk)
    return handle_removal(
        request,
        plan,
        remove=lambda: area_remove(area=area, by=access.signed_in(request)),
        done=f"Improvement Area {number} removed. Later areas and actions have been renumbered.",
        heading=f"Remove Improvement Area {number}?",
        what=area.title,
        warning="Its actions leave the plan with it and later areas and actions are "
        "renumbered. It is archived with its history and progress, not deleted.",
        anchor=f"heading-{area.heading_id}",
    )


# --- Actions ----------------------------------------------------------------------------------


@editing()
def action_new(request: HttpRequest, plan: Plan) -> HttpResponse:
    view = plan_structure(plan=plan, fetched_by=request.user)

    def add(data: dict[str, Any]) -> Action:
        area_pk, position = data["where"]
        evidence = (
            [(data["evidence"], data["timescale"])] if data["evidence"] or data["timescale"] else []
        )
        return action_add(
            area=_area(plan, area_pk),
            how_achieved=data["how_achieved"],
            owner=data["owner"],
            position=position,
            evidence=evidence,
            by=access.signed_in(request),
        )

    return handle_form(
        request,
        plan,
        ActionForm(request.POST or None, initial=_where(request), view=view),
        save=add,
        done=lambda action: (
            f"{action_label(plan, action)} added. The actions after it have been renumbered.",
            f"action-{action.pk}",
        ),
        rename={"position": "where"},
    )


@editing()
def action_edit(request: HttpRequest, plan: Plan, action_pk: int) -> HttpResponse:
    action = plan_action(plan, action_pk)
    numbers = plan_numbers(plan)
    initial = {
        "how_achieved": plain_text(action.how_achieved, action, numbers, None),
        "owner": action.owner,
    }
    return handle_form(
        request,
        plan,
        ActionEditForm(request.POST or None, initial=initial),
        save=lambda data: action_update(
            action=action,
            how_achieved=data["how_achieved"],
            owner=data["owner"],
            by=access.signed_in(request),
        ),
        done=lambda _: (f"{action_label(plan, action, numbers)} saved.", f"action-{action.pk}"),
        caption=lambda: action_label(plan, action, numbers),
    )


@editing()
def action_relocate(request: HttpRequest, plan: Plan, action_pk: int) -> HttpResponse:
    """Up or down one place in its area (POST ``direction``), or to a place in any area."""
    action = plan_action(plan, action_pk)
    by = access.signed_in(request)
    if request.method == "POST" and "direction" in request.POST:
        return _step(
            request,
            action.order,
            lambda position: action_move(action=action, position=position, by=by),
            plan,
            f"action-{action.pk}",
        )
    view = plan_structure(plan=plan, fetched_by=request.user)
    return handle_form(
        request,
        plan,
        MoveForm(
            request.POST or None,
            places=action_places(view, exclude=action.pk),
            title=f"Move Action {view.numbers.actions.get(action.pk)}",
        ),
        save=lambda data: action_move(
            action=action, area=_area(plan, data["where"][0]), position=data["where"][1], by=by
        ),
        done=lambda _: (f"Moved: it is now {action_label(plan, action)}.", f"action-{action.pk}"),
        rename={"area": "where", "position": "where"},
        intro=action.how_achieved,
    )


@editing()
def action_delete(request: HttpRequest, plan: Plan, action_pk: int) -> HttpResponse:
    action = plan_action(plan, action_pk)
    label = action_label(plan, action)
    return handle_removal(
        request,
        plan,
        remove=lambda: action_remove(action=action, by=access.signed_in(request)),
        done=f"{label} removed. The actions after it have been renumbered.",
        heading=f"Remove {label}?",
        what=action.how_achieved,
        warning="Later actions are renumbered; text that names this action will show "
        "‘[removed]’. It is archived with its history and progress, not deleted.",
        anchor=f"area-{action.area_id}",
    )
