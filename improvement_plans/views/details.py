"""Editing an action's details: its expected evidence of improvement, targets and milestones
(added, changed, removed after a confirmation).

Every view takes the plan through the access module for ``edit_plan`` and then only records
of that plan's live actions (anything else is a 404). Removing archives: nothing is deleted."""

import functools
from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from accounts import access
from improvement_plans.forms import EvidenceForm, MilestoneForm, TargetForm
from improvement_plans.models import Action, ExpectedEvidence, Milestone, Plan, Target
from improvement_plans.numbering import plan_numbers
from improvement_plans.services import (
    evidence_add,
    evidence_remove,
    evidence_update,
    milestone_add,
    milestone_remove,
    milestone_update,
    target_add,
    target_remove,
    target_update,
)
from improvement_plans.views.plans import editing, handle_form, handle_removal
from improvement_plans.views.structure import action_label, plain_text, plan_action

D = TypeVar("D", ExpectedEvidence, Target)


def _detail(model: type[D], plan: Plan, pk: int) -> D:
    """A piece of expected evidence or a target, not removed, of a live action of the plan."""
    live = Action.objects.in_plan(plan).live()
    return get_object_or_404(
        model.objects.filter(action__in=live, archived_at__isnull=True).select_related(
            "action__area__heading"
        ),
        pk=pk,
    )


def _milestone(plan: Plan, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.live()
        .filter(action__area__heading__plan=plan)
        .select_related("action__area__heading"),
        pk=pk,
    )


def _add_detail(
    request: HttpRequest,
    plan: Plan,
    action_pk: int,
    *,
    form_class: type[TargetForm | MilestoneForm],
    add: Callable[..., object],
    fields: tuple[str, ...],
    noun: str,
) -> HttpResponse:
    """Adding a target or milestone to one of the plan's actions: ``add`` is given the action,
    who adds it and the form's ``fields``."""
    action = plan_action(plan, action_pk)
    return handle_form(
        request,
        plan,
        form_class(request.POST or None),
        save=lambda data: add(
            action=action, by=access.signed_in(request), **{name: data[name] for name in fields}
        ),
        done=lambda _: (f"{noun} added to {action_label(plan, action)}.", f"action-{action.pk}"),
        caption=lambda: action_label(plan, action),
    )


def _change_detail(
    request: HttpRequest,
    plan: Plan,
    item: Target | Milestone,
    *,
    form_class: type[TargetForm | MilestoneForm],
    update: Callable[..., object],
    fields: tuple[str, ...],
    noun: str,
) -> HttpResponse:
    """Changing a target or milestone: ``update`` is given who changes it and the form's
    ``fields``."""
    return handle_form(
        request,
        plan,
        form_class(
            request.POST or None,
            initial={name: getattr(item, name) for name in fields},
            editing=True,
        ),
        save=lambda data: update(
            by=access.signed_in(request), **{name: data[name] for name in fields}
        ),
        done=lambda _: (f"{noun} saved.", f"action-{item.action_id}"),
        caption=lambda: action_label(plan, item.action),
    )


# --- Expected evidence ------------------------------------------------------------------------


@editing()
def evidence_new(request: HttpRequest, plan: Plan, action_pk: int) -> HttpResponse:
    action = plan_action(plan, action_pk)
    return handle_form(
        request,
        plan,
        EvidenceForm(request.POST or None),
        save=lambda data: evidence_add(
            action=action,
            text=data["text"],
            timescale=data["timescale"],
            parse=data["read_details"],
            by=access.signed_in(request),
        ),
        done=lambda _: (
            f"Expected evidence added to {action_label(plan, action)}.",
            f"action-{action.pk}",
        ),
        caption=lambda: action_label(plan, action),
    )


@editing()
def evidence_edit(request: HttpRequest, plan: Plan, evidence_pk: int) -> HttpResponse:
    item = _detail(ExpectedEvidence, plan, evidence_pk)
    numbers = plan_numbers(plan)
    initial = {
        "text": plain_text(item.text, item.action, numbers, item.pk),
        "timescale": item.timescale,
    }
    return handle_form(
        request,
        plan,
        EvidenceForm(request.POST or None, initial=initial, editing=True),
        save=lambda data: evidence_update(
            evidence=item,
            text=data["text"],
            timescale=data["timescale"],
            by=access.signed_in(request),
        ),
        done=lambda _: ("Expected evidence saved.", f"action-{item.action_id}"),
        caption=lambda: action_label(plan, item.action, numbers),
    )


@editing()
def evidence_delete(request: HttpRequest, plan: Plan, evidence_pk: int) -> HttpResponse:
    item = _detail(ExpectedEvidence, plan, evidence_pk)
    return handle_removal(
        request,
        plan,
        remove=lambda: evidence_remove(evidence=item, by=access.signed_in(request)),
        done="Expected evidence removed.",
        heading=f"Remove this expected evidence from {action_label(plan, item.action)}?",
        what=item.text or item.timescale,
        warning="Targets and milestones read from it stay until you remove them. It is "
        "archived with its history, not deleted.",
        anchor=f"action-{item.action_id}",
    )


# --- Targets ----------------------------------------------------------------------------------

TARGET_FIELDS = ("measure", "description", "baseline", "direction", "target_value", "unit")


@editing()
def target_new(request: HttpRequest, plan: Plan, action_pk: int) -> HttpResponse:
    return _add_detail(
        request,
        plan,
        action_pk,
        form_class=TargetForm,
        add=target_add,
        fields=(*TARGET_FIELDS, "due_date"),
        noun="Target",
    )


@editing()
def target_edit(request: HttpRequest, plan: Plan, target_pk: int) -> HttpResponse:
    target = _detail(Target, plan, target_pk)
    return _change_detail(
        request,
        plan,
        target,
        form_class=TargetForm,
        update=functools.partial(target_update, target=target),
        fields=(*TARGET_FIELDS, "due_date"),
        noun="Target",
    )


@editing()
def target_delete(request: HttpRequest, plan: Plan, target_pk: int) -> HttpResponse:
    target = _detail(Target, plan, target_pk)
    return handle_removal(
        request,
        plan,
        remove=lambda: target_remove(target=target, by=access.signed_in(request)),
        done="Target removed.",
        heading=f"Remove this target from {action_label(plan, target.action)}?",
        what=f"{target.measure}: {target}",
        warning="It leaves the plan's summary. Actuals already reported against it are kept.",
        anchor=f"action-{target.action_id}",
    )


# --- Milestones -------------------------------------------------------------------------------

MILESTONE_FIELDS = ("description", "kind", "due_date", "recurrence", "raw_text")


@editing()
def milestone_new(request: HttpRequest, plan: Plan, action_pk: int) -> HttpResponse:
    return _add_detail(
        request,
        plan,
        action_pk,
        form_class=MilestoneForm,
        add=milestone_add,
        fields=MILESTONE_FIELDS,
        noun="Milestone",
    )


@editing()
def milestone_edit(request: HttpRequest, plan: Plan, milestone_pk: int) -> HttpResponse:
    milestone = _milestone(plan, milestone_pk)
    return _change_detail(
        request,
        plan,
        milestone,
        form_class=MilestoneForm,
        update=functools.partial(milestone_update, milestone=milestone),
        fields=(*MILESTONE_FIELDS, "completed_on"),
        noun="Milestone",
    )


@editing()
def milestone_delete(request: HttpRequest, plan: Plan, milestone_pk: int) -> HttpResponse:
    milestone = _milestone(plan, milestone_pk)
    return handle_removal(
        request,
        plan,
        remove=lambda: milestone_remove(milestone=milestone, by=access.signed_in(request)),
        done="Milestone removed.",
        heading=f"Remove this milestone from {action_label(plan, milestone.action)}?",
        what=str(milestone),
        warning="It is archived with its history, not deleted.",
        anchor=f"action-{milestone.action_id}",
    )
