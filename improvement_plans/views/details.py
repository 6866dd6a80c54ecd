"""Editing an action's details: its expected evidence of improvement, targets and milestones
(added, changed, removed after a confirmation).

Every view takes the plan through the access module for ``edit_plan`` and then only records
of that plan's live actions (anything else is a 404). Removing archives: nothing is deleted."""

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


def _evidence(plan: Plan, pk: int) -> ExpectedEvidence:
    live = Action.objects.in_plan(plan).live()
    return get_object_or_404(
        ExpectedEvidence.objects.filter(action__in=live, archived_at__isnull=True).select_related(
            "action__area__heading"
        ),
        pk=pk,
    )


def _target(plan: Plan, pk: int) -> Target:
    live = Action.objects.in_plan(plan).live()
    return get_object_or_404(
        Target.objects.filter(action__in=live, archived_at__isnull=True).select_related(
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
    item = _evidence(plan, evidence_pk)
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
    item = _evidence(plan, evidence_pk)
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
    action = plan_action(plan, action_pk)
    return handle_form(
        request,
        plan,
        TargetForm(request.POST or None),
        save=lambda data: target_add(
            action=action,
            due_date=data["due_date"],
            by=access.signed_in(request),
            **{name: data[name] for name in TARGET_FIELDS},
        ),
        done=lambda _: (f"Target added to {action_label(plan, action)}.", f"action-{action.pk}"),
        caption=lambda: action_label(plan, action),
    )


@editing()
def target_edit(request: HttpRequest, plan: Plan, target_pk: int) -> HttpResponse:
    target = _target(plan, target_pk)
    fields = (*TARGET_FIELDS, "due_date")
    return handle_form(
        request,
        plan,
        TargetForm(
            request.POST or None,
            initial={name: getattr(target, name) for name in fields},
            editing=True,
        ),
        save=lambda data: target_update(
            target=target, by=access.signed_in(request), **{name: data[name] for name in fields}
        ),
        done=lambda _: ("Target saved.", f"action-{target.action_id}"),
        caption=lambda: action_label(plan, target.action),
    )


@editing()
def target_delete(request: HttpRequest, plan: Plan, target_pk: int) -> HttpResponse:
    target = _target(plan, target_pk)
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
    action = plan_action(plan, action_pk)
    return handle_form(
        request,
        plan,
        MilestoneForm(request.POST or None),
        save=lambda data: milestone_add(
            action=action,
            by=access.signed_in(request),
            **{name: data[name] for name in MILESTONE_FIELDS},
        ),
        done=lambda _: (
            f"Milestone added to {action_label(plan, action)}.",
            f"action-{action.pk}",
        ),
        caption=lambda: action_label(plan, action),
    )


@editing()
def milestone_edit(request: HttpRequest, plan: Plan, milestone_pk: int) -> HttpResponse:
    milestone = _milestone(plan, milestone_pk)
    fields = (*MILESTONE_FIELDS, "completed_on")
    return handle_form(
        request,
        plan,
        MilestoneForm(
            request.POST or None,
            initial={name: getattr(milestone, name) for name in fields},
            editing=True,
        ),
        save=lambda data: milestone_update(
            milestone=milestone,
            by=access.signed_in(request),
            **{name: data[name] for name in fields},
        ),
        done=lambda _: ("Milestone saved.", f"action-{milestone.action_id}"),
        caption=lambda: action_label(plan, milestone.action),
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
