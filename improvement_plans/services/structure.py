"""Writes for a plan's structure: outcome headings, improvement areas, actions and their
expected evidence (DOMAIN.md §7).

Numbering stays right because no number is stored: each service keeps its siblings' ``order``
1..n in the same transaction (under a lock on the plan) and the numbers are computed from the
orders (``improvement_plans.numbering``). References between actions point at the actions, so
"see Area 3 Action 11" follows the action wherever it moves.

Removing archives: the heading, area, action or evidence item keeps its rows and history,
leaves the numbering, and its live siblings close up. Nothing is deleted, so progress already
reported against a removed action stays on record and a reference to it shows "[removed]".
"""

from collections.abc import Sequence

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import User
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
from improvement_plans.numbering import plan_numbers
from improvement_plans.references import resolve
from improvement_plans.services.common import (
    PlanRefused,
    archive,
    check_may_edit,
    check_position,
    clean_text,
    lock_plan,
    place,
    save,
)
from improvement_plans.services.details import details_from_text

HEADING_MAX = 300


def _live_headings(plan: Plan) -> list[OutcomeHeading]:
    return list(plan.headings.filter(archived_at__isnull=True).order_by("order", "pk"))


def _live_areas(heading: OutcomeHeading) -> list[ImprovementArea]:
    return list(heading.areas.filter(archived_at__isnull=True).order_by("order", "pk"))


def _live_actions(area: ImprovementArea) -> list[Action]:
    return list(area.actions.filter(archived_at__isnull=True).order_by("order", "pk"))


def _live_evidence(action: Action) -> list[ExpectedEvidence]:
    return list(action.evidence.filter(archived_at__isnull=True).order_by("order", "pk"))


def _check_live(obj: object, what: str) -> None:
    if getattr(obj, "archived_at", None) is not None:
        raise PlanRefused(f"This {what} has been removed from the plan")


@transaction.atomic
def heading_add(
    *, plan: Plan, title: str, position: int | None = None, by: User | None
) -> OutcomeHeading:
    """Add an outcome heading at ``position`` (1-based; last if None)."""
    check_may_edit(by, plan)
    check_position(position)
    plan = lock_plan(plan)
    text = clean_text(title, field="title", label="the heading")
    if len(text) > HEADING_MAX:
        raise PlanRefused(f"The heading must be {HEADING_MAX} characters or fewer", field="title")
    heading = OutcomeHeading(plan=plan, title=text, order=0)
    heading.order = place(_live_headings(plan), heading, position, by)
    return save(heading, by)


@transaction.atomic
def heading_update(
    *, heading: OutcomeHeading, title: str, updated_by: User | None
) -> OutcomeHeading:
    """Change an outcome heading's title; its place and its areas stay as they are."""
    check_may_edit(updated_by, heading.plan)
    _check_live(heading, "heading")
    text = clean_text(title, field="title", label="the heading")
    if len(text) > HEADING_MAX:
        raise PlanRefused(f"The heading must be {HEADING_MAX} characters or fewer", field="title")
    heading.title = text
    return save(heading, updated_by)


@transaction.atomic
def heading_move(*, heading: OutcomeHeading, position: int, by: User | None) -> OutcomeHeading:
    """Move a heading, with its areas and actions, to ``position`` among the headings."""
    check_may_edit(by, heading.plan)
    check_position(position)
    lock_plan(heading.plan_id)
    heading.refresh_from_db()
    _check_live(heading, "heading")
    others = [h for h in _live_headings(heading.plan) if h.pk != heading.pk]
    heading.order = place(others, heading, position, by)
    return save(heading, by)


@transaction.atomic
def heading_remove(*, heading: OutcomeHeading, by: User | None) -> None:
    """Archive a heading; its areas and actions leave the numbering with it."""
    check_may_edit(by, heading.plan)
    lock_plan(heading.plan_id)
    heading.refresh_from_db()
    _check_live(heading, "heading")
    archive(heading, by)
    place(_live_headings(heading.plan), None, None, by)


@transaction.atomic
def area_add(
    *, heading: OutcomeHeading, title: str, position: int | None = None, by: User | None
) -> ImprovementArea:
    """Add an improvement area under ``heading`` at ``position`` among its areas (last if
    None). Every later area's number goes up by one."""
    check_may_edit(by, heading.plan)
    check_position(position)
    lock_plan(heading.plan_id)
    _check_live(heading, "heading")
    area = ImprovementArea(
        heading=heading, title=clean_text(title, field="title", label="the area's title"), order=0
    )
    area.order = place(_live_areas(heading), area, position, by)
    return save(area, by)


@transaction.atomic
def area_update(*, area: ImprovementArea, title: str, updated_by: User | None) -> ImprovementArea:
    """Change what an improvement area is about; its number and its actions stay as they
    are."""
    check_may_edit(updated_by, area.heading.plan)
    _check_live(area, "improvement area")
    area.title = clean_text(title, field="title", label="the area's title")
    return save(area, updated_by)


@transaction.atomic
def area_move(
    *,
    area: ImprovementArea,
    heading: OutcomeHeading | None = None,
    position: int | None = None,
    by: User | None,
) -> ImprovementArea:
    """Move an area to ``position`` under ``heading`` (its own heading if None; last if
    ``position`` is None). The heading must be in the same plan."""
    plan = area.heading.plan
    check_may_edit(by, plan)
    check_position(position)
    lock_plan(plan.pk)
    area.refresh_from_db()
    _check_live(area, "improvement area")
    target = heading or area.heading
    if target.plan_id != plan.pk:
        raise PlanRefused("Choose a heading in the same plan", field="heading")
    _check_live(target, "heading")
    source = area.heading
    others = [a for a in _live_areas(target) if a.pk != area.pk]
    area.heading = target
    area.order = place(others, area, position, by)
    save(area, by)
    if source.pk != target.pk:
        place(_live_areas(source), None, None, by)
    return area


@transaction.atomic
def area_remove(*, area: ImprovementArea, by: User | None) -> None:
    """Archive an area; its actions leave the numbering with it."""
    check_may_edit(by, area.heading.plan)
    lock_plan(area.heading.plan_id)
    area.refresh_from_db()
    _check_live(area, "improvement area")
    archive(area, by)
    place(_live_areas(area.heading), None, None, by)


@transaction.atomic
def action_add(
    *,
    area: ImprovementArea,
    how_achieved: str,
    owner: str = "",
    position: int | None = None,
    evidence: Sequence[tuple[str, str]] = (),
    by: User | None,
) -> Action:
    """Add an action to ``area`` at ``position`` among its actions (last if None), with its
    expected evidence as (text, timescale) pairs. Actions are numbered across the plan, so
    every later action's number goes up by one. Milestones and targets are read from the
    evidence as on import; references in the text name actions by their current numbers."""
    plan = area.heading.plan
    check_may_edit(by, plan)
    check_position(position)
    lock_plan(plan.pk)
    _check_live(area, "improvement area")
    action = Action(
        area=area,
        how_achieved=clean_text(
            how_achieved, field="how_achieved", label="how it is to be achieved"
        ),
        owner=owner.strip(),
        order=0,
    )
    action.order = place(_live_actions(area), action, position, by)
    save(action, by)
    for order, (text, timescale) in enumerate(evidence, start=1):
        _evidence_create(action, text, timescale, order, by)
    refresh_references(action=action)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    how_achieved: str | None = None,
    owner: str | None = None,
    by: User | None,
) -> Action:
    """Change what an action says. Text naming other actions uses their current numbers."""
    check_may_edit(by, action.area.heading.plan)
    _check_live(action, "action")
    if how_achieved is not None:
        action.how_achieved = clean_text(
            how_achieved, field="how_achieved", label="how it is to be achieved"
        )
    if owner is not None:
        action.owner = owner.strip()
    save(action, by)
    refresh_references(action=action)
    return action


@transaction.atomic
def action_move(
    *,
    action: Action,
    area: ImprovementArea | None = None,
    position: int | None = None,
    by: User | None,
) -> Action:
    """Move an action to ``position`` in ``area`` (its own if None; last if ``position`` is
    None). The area must be in the same plan."""
    plan = action.area.heading.plan
    check_may_edit(by, plan)
    check_position(position)
    lock_plan(plan.pk)
    action.refresh_from_db()
    _check_live(action, "action")
    target = area or action.area
    if target.heading.plan_id != plan.pk:
        raise PlanRefused("Choose an improvement area in the same plan", field="area")
    _check_live(target, "improvement area")
    source = action.area
    others = [a for a in _live_actions(target) if a.pk != action.pk]
    action.area = target
    action.order = place(others, action, position, by)
    save(action, by)
    if source.pk != target.pk:
        place(_live_actions(source), None, None, by)
    return action


@transaction.atomic
def action_remove(*, action: Action, by: User | None) -> None:
    """Archive an action: it leaves the numbering and every later action moves up one."""
    check_may_edit(by, action.area.heading.plan)
    lock_plan(action.area.heading.plan_id)
    action.refresh_from_db()
    _check_live(action, "action")
    archive(action, by)
    place(_live_actions(action.area), None, None, by)


def _evidence_create(
    action: Action, text: str, timescale: str, order: int, by: User | None, *, parse: bool = True
) -> ExpectedEvidence:
    item = save(
        ExpectedEvidence(
            action=action, order=order, text=text.strip(), timescale=timescale.strip()
        ),
        by,
    )
    if parse:
        targets, milestones = details_from_text(item)
        if targets:
            bulk_create_with_history(targets, Target, default_user=by)
        if milestones:
            bulk_create_with_history(milestones, Milestone, default_user=by)
    return item


@transaction.atomic
def evidence_add(
    *,
    action: Action,
    text: str,
    timescale: str = "",
    position: int | None = None,
    parse: bool = True,
    by: User | None,
) -> ExpectedEvidence:
    """Add an item of expected evidence (a row of the template) to an action. With ``parse``
    its milestones and targets are read from the text, as on import."""
    check_may_edit(by, action.area.heading.plan)
    check_position(position)
    lock_plan(action.area.heading.plan_id)
    _check_live(action, "action")
    if not text.strip() and not timescale.strip():
        raise PlanRefused("Enter the expected evidence or its timescale", field="text")
    item = ExpectedEvidence(action=action, order=0)
    order = place(_live_evidence(action), item, position, by)
    item = _evidence_create(action, text, timescale, order, by, parse=parse)
    refresh_references(action=action)
    return item


@transaction.atomic
def evidence_update(
    *,
    evidence: ExpectedEvidence,
    text: str | None = None,
    timescale: str | None = None,
    by: User | None,
) -> ExpectedEvidence:
    """Change an item of expected evidence. Text naming other actions uses their current
    numbers (as the selectors' ``text_plain`` shows it). Milestones and targets already read
    from it are kept: they are edited on their own."""
    check_may_edit(by, evidence.action.area.heading.plan)
    _check_live(evidence, "expected evidence")
    if text is not None:
        evidence.text = text.strip()
    if timescale is not None:
        evidence.timescale = timescale.strip()
    if not evidence.text and not evidence.timescale:
        raise PlanRefused("Enter the expected evidence or its timescale", field="text")
    save(evidence, by)
    refresh_references(action=evidence.action)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: ExpectedEvidence, by: User | None) -> None:
    check_may_edit(by, evidence.action.area.heading.plan)
    _check_live(evidence, "expected evidence")
    archive(evidence, by)
    place(_live_evidence(evidence.action), None, None, by)
    refresh_references(action=evidence.action)


def refresh_references(*, action: Action, action_by_number: dict[int, int] | None = None) -> None:
    """Store the links for the references in ``action``'s text, read with ``action_by_number``
    (number -> action id; the plan's current numbers if None). Links that are unchanged are
    kept; the others are replaced (each change in the history)."""
    if action_by_number is None:
        action_by_number = plan_numbers(action.area.heading.plan_id).action_by_number()
    wanted: set[tuple[str, int | None, int, int, int, int]] = set()
    for link in resolve(action.how_achieved, action_by_number):
        wanted.add(("how_achieved", None, link.start, link.end, link.token, link.target_id))
    for item in _live_evidence(action):
        for link in resolve(item.text, action_by_number):
            wanted.add(("evidence", item.pk, link.start, link.end, link.token, link.target_id))
    existing = {
        (r.field, r.source_evidence_id, r.start, r.end, r.token, r.target_id): r
        for r in ActionReference.objects.filter(source_action=action)
    }
    for key, reference in existing.items():
        if key not in wanted:
            reference.delete()
    new = [
        ActionReference(
            source_action=action,
            field=field,
            source_evidence_id=evidence_id,
            start=start,
            end=end,
            token=token,
            target_id=target,
        )
        for field, evidence_id, start, end, token, target in sorted(wanted, key=str)
        if (field, evidence_id, start, end, token, target) not in existing
    ]
    if new:
        bulk_create_with_history(new, ActionReference)
