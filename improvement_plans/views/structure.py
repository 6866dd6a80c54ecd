"""Editing a plan's structure: outcome headings, improvement areas and actions (added at a
place, moved up, down or to another place, removed after a confirmation), and each action's
expected evidence, targets and milestones.

Every view takes the plan through the access module for ``edit_plan`` and then only records
of that plan (anything else is a 404). Removing archives: nothing is deleted. Text naming
other actions is shown in the edit forms with the actions' current numbers."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts import access
from improvement_plans.forms import (
    ActionEditForm,
    ActionForm,
    AreaEditForm,
    AreaForm,
    EvidenceForm,
    HeadingEditForm,
    HeadingForm,
    MilestoneForm,
    MoveForm,
    TargetForm,
    action_places,
    area_places,
)
from improvement_plans.models import (
    Action,
    ActionReference,
    ExpectedEvidence,
    ImprovementArea,
    Milestone,
    OutcomeHeading,
    Plan,
    Target,
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
    evidence_add,
    evidence_remove,
    evidence_update,
    heading_add,
    heading_move,
    heading_remove,
    heading_update,
    milestone_add,
    milestone_remove,
    milestone_update,
    target_add,
    target_remove,
    target_update,
)
from improvement_plans.views.plans import add_refusal, confirm_page, form_page, plan_for, to_plan

M = TypeVar("M", bound=Model)
MOVES = {"up": -1, "down": 1}


def _one(queryset: QuerySet[M], **lookup: Any) -> M:
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _heading(plan: Plan, pk: int) -> OutcomeHeading:
    return _one(plan.headings.filter(archived_at__isnull=True), pk=pk)


def _area(plan: Plan, pk: int) -> ImprovementArea:
    return _one(
        ImprovementArea.objects.filter(heading__plan=plan).live().select_related("heading"), pk=pk
    )


def _action(plan: Plan, pk: int) -> Action:
    return _one(Action.objects.in_plan(plan).live().select_related("area__heading"), pk=pk)


def _evidence(plan: Plan, pk: int) -> ExpectedEvidence:
    live = Action.objects.in_plan(plan).live()
    return _one(
        ExpectedEvidence.objects.filter(action__in=live, archived_at__isnull=True).select_related(
            "action__area__heading"
        ),
        pk=pk,
    )


def _target(plan: Plan, pk: int) -> Target:
    live = Action.objects.in_plan(plan).live()
    return _one(
        Target.objects.filter(action__in=live, archived_at__isnull=True).select_related(
            "action__area__heading"
        ),
        pk=pk,
    )


def _milestone(plan: Plan, pk: int) -> Milestone:
    return _one(
        Milestone.objects.live()
        .filter(action__area__heading__plan=plan)
        .select_related("action__area__heading"),
        pk=pk,
    )


def _plain(text: str, action: Action, numbers: PlanNumbers, evidence: int | None) -> str:
    """``text`` with the actions it names given their current numbers, for an edit form."""
    field = ActionReference.Field.EVIDENCE if evidence else ActionReference.Field.HOW_ACHIEVED
    links = [
        Link(ref.start, ref.end, ref.token, ref.target_id)
        for ref in ActionReference.objects.filter(
            source_action=action, field=field, source_evidence_id=evidence
        ).order_by("start")
    ]
    return render_text(text, links, numbers, html=False)


def _where(request: HttpRequest) -> dict[str, str]:
    where = request.GET.get("where", "")
    return {"where": where} if where else {}


def _action_label(plan: Plan, action: Action, numbers: PlanNumbers | None = None) -> str:
    numbers = numbers or plan_numbers(plan)
    return (
        f"Improvement Area {numbers.area_of_action(action.pk)}, "
        f"Action {numbers.actions.get(action.pk, '')}"
    )


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


def _remove(
    request: HttpRequest,
    plan: Plan,
    *,
    remove: Callable[[], object],
    done: str,
    heading: str,
    what: str,
    warning: str,
    anchor: str,
) -> HttpResponse:
    if request.method == "POST":
        try:
            remove()
        except PlanRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done)
        return to_plan(plan, anchor)
    back = reverse("improvement_plans:plan", kwargs={"pk": plan.pk}) + f"#{anchor}"
    return confirm_page(request, plan, heading=heading, what=what, warning=warning, back=back)


# --- Outcome headings -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def heading_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    view = plan_structure(plan=plan, fetched_by=request.user)
    form = HeadingForm(request.POST or None, initial=_where(request), view=view)
    if request.method == "POST" and form.is_valid():
        try:
            heading = heading_add(
                plan=plan,
                title=form.cleaned_data["heading_title"],
                position=int(form.cleaned_data["where"]),
                by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused, {"title": "heading_title", "position": "where"})
        else:
            messages.success(request, f"Outcome heading ‘{heading.title}’ added.")
            return to_plan(plan, f"heading-{heading.pk}")
    return form_page(request, plan, form)


@login_required
@require_http_methods(["GET", "POST"])
def heading_edit(request: HttpRequest, pk: int, heading_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    heading = _heading(plan, heading_pk)
    form = HeadingEditForm(request.POST or None, initial={"heading_title": heading.title})
    if request.method == "POST" and form.is_valid():
        try:
            heading_update(
                heading=heading,
                title=form.cleaned_data["heading_title"],
                updated_by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused, {"title": "heading_title"})
        else:
            messages.success(request, f"Outcome heading ‘{heading.title}’ saved.")
            return to_plan(plan, f"heading-{heading.pk}")
    return form_page(request, plan, form)


@login_required
@require_http_methods(["POST"])
def heading_step(request: HttpRequest, pk: int, heading_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    heading = _heading(plan, heading_pk)
    by = access.signed_in(request)
    return _step(
        request,
        heading.order,
        lambda position: heading_move(heading=heading, position=position, by=by),
        plan,
        f"heading-{heading.pk}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def heading_delete(request: HttpRequest, pk: int, heading_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    heading = _heading(plan, heading_pk)
    return _remove(
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


@login_required
@require_http_methods(["GET", "POST"])
def area_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    view = plan_structure(plan=plan, fetched_by=request.user)
    form = AreaForm(request.POST or None, initial=_where(request), view=view)
    if request.method == "POST" and form.is_valid():
        heading_pk, position = form.cleaned_data["where"]
        try:
            area = area_add(
                heading=_heading(plan, heading_pk),
                title=form.cleaned_data["area_title"],
                position=position,
                by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused, {"title": "area_title", "position": "where"})
        else:
            number = plan_numbers(plan).areas[area.pk]
            messages.success(
                request,
                f"Improvement Area {number} added. The areas after it have been renumbered.",
            )
            return to_plan(plan, f"area-{area.pk}")
    return form_page(request, plan, form)


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    area = _area(plan, area_pk)
    number = plan_numbers(plan).areas.get(area.pk)
    form = AreaEditForm(request.POST or None, initial={"area_title": area.title})
    if request.method == "POST" and form.is_valid():
        try:
            area_update(
                area=area,
                title=form.cleaned_data["area_title"],
                updated_by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused, {"title": "area_title"})
        else:
            messages.success(request, f"Improvement Area {number} saved.")
            return to_plan(plan, f"area-{area.pk}")
    return form_page(request, plan, form, caption=f"Improvement Area {number}")


@login_required
@require_http_methods(["GET", "POST"])
def area_relocate(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    """Up or down one place (POST ``direction``), or to a place under any heading (the form)."""
    plan = plan_for(request, pk, action="edit_plan")
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
    form = MoveForm(
        request.POST or None,
        places=area_places(view, exclude=area.pk),
        title=f"Move Improvement Area {number}",
    )
    if request.method == "POST" and form.is_valid():
        heading_pk, position = form.cleaned_data["where"]
        try:
            area_move(area=area, heading=_heading(plan, heading_pk), position=position, by=by)
        except PlanRefused as refused:
            add_refusal(form, refused, {"heading": "where", "position": "where"})
        else:
            now = plan_numbers(plan).areas[area.pk]
            messages.success(request, f"Moved: it is now Improvement Area {now}.")
            return to_plan(plan, f"area-{area.pk}")
    return form_page(request, plan, form, intro=area.title)


@login_required
@require_http_methods(["GET", "POST"])
def area_delete(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    area = _area(plan, area_pk)
    number = plan_numbers(plan).areas.get(area.pk)
    return _remove(
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


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    view = plan_structure(plan=plan, fetched_by=request.user)
    form = ActionForm(request.POST or None, initial=_where(request), view=view)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area_pk, position = data["where"]
        evidence = (
            [(data["evidence"], data["timescale"])] if data["evidence"] or data["timescale"] else []
        )
        try:
            action = action_add(
                area=_area(plan, area_pk),
                how_achieved=data["how_achieved"],
                owner=data["owner"],
                position=position,
                evidence=evidence,
                by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused, {"position": "where"})
        else:
            messages.success(
                request,
                f"{_action_label(plan, action)} added. The actions after it have been renumbered.",
            )
            return to_plan(plan, f"action-{action.pk}")
    return form_page(request, plan, form)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    action = _action(plan, action_pk)
    numbers = plan_numbers(plan)
    initial = {
        "how_achieved": _plain(action.how_achieved, action, numbers, None),
        "owner": action.owner,
    }
    form = ActionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action_update(
                action=action,
                how_achieved=form.cleaned_data["how_achieved"],
                owner=form.cleaned_data["owner"],
                by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"{_action_label(plan, action, numbers)} saved.")
            return to_plan(plan, f"action-{action.pk}")
    return form_page(request, plan, form, caption=_action_label(plan, action, numbers))


@login_required
@require_http_methods(["GET", "POST"])
def action_relocate(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Up or down one place in its area (POST ``direction``), or to a place in any area."""
    plan = plan_for(request, pk, action="edit_plan")
    action = _action(plan, action_pk)
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
    form = MoveForm(
        request.POST or None,
        places=action_places(view, exclude=action.pk),
        title=f"Move Action {view.numbers.actions.get(action.pk)}",
    )
    if request.method == "POST" and form.is_valid():
        area_pk, position = form.cleaned_data["where"]
        try:
            action_move(action=action, area=_area(plan, area_pk), position=position, by=by)
        except PlanRefused as refused:
            add_refusal(form, refused, {"area": "where", "position": "where"})
        else:
            messages.success(request, f"Moved: it is now {_action_label(plan, action)}.")
            return to_plan(plan, f"action-{action.pk}")
    return form_page(request, plan, form, intro=action.how_achieved)


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    action = _action(plan, action_pk)
    label = _action_label(plan, action)
    return _remove(
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


# --- Expected evidence ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evidence_new(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    action = _action(plan, action_pk)
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_add(
                action=action,
                text=form.cleaned_data["text"],
                timescale=form.cleaned_data["timescale"],
                parse=form.cleaned_data["read_details"],
                by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Expected evidence added to {_action_label(plan, action)}.")
            return to_plan(plan, f"action-{action.pk}")
    return form_page(request, plan, form, caption=_action_label(plan, action))


@login_required
@require_http_methods(["GET", "POST"])
def evidence_edit(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    item = _evidence(plan, evidence_pk)
    numbers = plan_numbers(plan)
    initial = {
        "text": _plain(item.text, item.action, numbers, item.pk),
        "timescale": item.timescale,
    }
    form = EvidenceForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_update(
                evidence=item,
                text=form.cleaned_data["text"],
                timescale=form.cleaned_data["timescale"],
                by=access.signed_in(request),
            )
        except PlanRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Expected evidence saved.")
            return to_plan(plan, f"action-{item.action_id}")
    caption = _action_label(plan, item.action, numbers)
    return form_page(request, plan, form, caption=caption)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    item = _evidence(plan, evidence_pk)
    return _remove(
        request,
        plan,
        remove=lambda: evidence_remove(evidence=item, by=access.signed_in(request)),
        done="Expected evidence removed.",
        heading=f"Remove this expected evidence from {_action_label(plan, item.action)}?",
        what=item.text or item.timescale,
        warning="Targets and milestones read from it stay until you remove them. It is "
        "archived with its history, not deleted.",
        anchor=f"action-{item.action_id}",
    )


# --- Targets ----------------------------------------------------------------------------------

TARGET_FIELDS = ("measure", "description", "baseline", "direction", "target_value", "unit")


@login_required
@require_http_methods(["GET", "POST"])
def target_new(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    action = _action(plan, action_pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target_add(
                action=action,
                due_date=data["due_date"],
                by=access.signed_in(request),
                **{name: data[name] for name in TARGET_FIELDS},
            )
        except PlanRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Target added to {_action_label(plan, action)}.")
            return to_plan(plan, f"action-{action.pk}")
    return form_page(request, plan, form, caption=_action_label(plan, action))


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    target = _target(plan, target_pk)
    initial = {name: getattr(target, name) for name in (*TARGET_FIELDS, "due_date")}
    form = TargetForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target_update(
                target=target,
                by=access.signed_in(request),
                **{name: data[name] for name in (*TARGET_FIELDS, "due_date")},
            )
        except PlanRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Target saved.")
            return to_plan(plan, f"action-{target.action_id}")
    return form_page(request, plan, form, caption=_action_label(plan, target.action))


@login_required
@require_http_methods(["GET", "POST"])
def target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    target = _target(plan, target_pk)
    return _remove(
        request,
        plan,
        remove=lambda: target_remove(target=target, by=access.signed_in(request)),
        done="Target removed.",
        heading=f"Remove this target from {_action_label(plan, target.action)}?",
        what=f"{target.measure}: {target}",
        warning="It leaves the plan's summary. Actuals already reported against it are kept.",
        anchor=f"action-{target.action_id}",
    )


# --- Milestones -------------------------------------------------------------------------------

MILESTONE_FIELDS = ("description", "kind", "due_date", "recurrence", "raw_text")


@login_required
@require_http_methods(["GET", "POST"])
def milestone_new(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    action = _action(plan, action_pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            milestone_add(
                action=action,
                by=access.signed_in(request),
                **{name: data[name] for name in MILESTONE_FIELDS},
            )
        except PlanRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Milestone added to {_action_label(plan, action)}.")
            return to_plan(plan, f"action-{action.pk}")
    return form_page(request, plan, form, caption=_action_label(plan, action))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    milestone = _milestone(plan, milestone_pk)
    fields = (*MILESTONE_FIELDS, "completed_on")
    initial = {name: getattr(milestone, name) for name in fields}
    form = MilestoneForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_update(
                milestone=milestone,
                by=access.signed_in(request),
                **{name: form.cleaned_data[name] for name in fields},
            )
        except PlanRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Milestone saved.")
            return to_plan(plan, f"action-{milestone.action_id}")
    return form_page(request, plan, form, caption=_action_label(plan, milestone.action))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_delete(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    plan = plan_for(request, pk, action="edit_plan")
    milestone = _milestone(plan, milestone_pk)
    return _remove(
        request,
        plan,
        remove=lambda: milestone_remove(milestone=milestone, by=access.signed_in(request)),
        done="Milestone removed.",
        heading=f"Remove this milestone from {_action_label(plan, milestone.action)}?",
        what=str(milestone),
        warning="It is archived with its history, not deleted.",
        anchor=f"action-{milestone.action_id}",
    )
