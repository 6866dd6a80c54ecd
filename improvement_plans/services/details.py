"""Writes for an action's measurable targets and milestones (DOMAIN.md §7)."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, overload

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from improvement_plans.models import (
    Action,
    Direction,
    ExpectedEvidence,
    Milestone,
    MilestoneKind,
    Recurrence,
    Target,
    TargetUnit,
)
from improvement_plans.parsing import ParsedMilestone, ParsedTarget, parse_targets, parse_timescale
from improvement_plans.services.common import PlanRefused, check_may_edit, save

TARGET_FIELDS = frozenset(
    {"description", "measure", "baseline", "target_value", "unit", "direction", "due_date"}
)
MILESTONE_FIELDS = frozenset(
    {"description", "kind", "due_date", "recurrence", "raw_text", "completed_on"}
)
LARGEST = Decimal(10) ** 10


def target_from_parsed(
    parsed: ParsedTarget, *, action: Action, evidence: ExpectedEvidence | None
) -> Target:
    return Target(
        action=action,
        source_evidence=evidence,
        description=parsed.description,
        measure=parsed.measure,
        target_value=parsed.target_value,
        unit=parsed.unit,
        direction=parsed.direction,
        due_date=parsed.due_date,
    )


def milestone_from_parsed(
    parsed: ParsedMilestone, *, action: Action, evidence: ExpectedEvidence | None, raw: str
) -> Milestone:
    return Milestone(
        action=action,
        source_evidence=evidence,
        description=parsed.description,
        kind=parsed.kind,
        due_date=parsed.due_date,
        recurrence=parsed.recurrence,
        raw_text=raw,
    )


def details_from_text(evidence: ExpectedEvidence) -> tuple[list[Target], list[Milestone]]:
    """The targets and milestones an item of expected evidence states, unsaved."""
    action = evidence.action
    targets = [
        target_from_parsed(p, action=action, evidence=evidence)
        for p in parse_targets(evidence.text)
    ]
    milestones = [
        milestone_from_parsed(p, action=action, evidence=evidence, raw=evidence.timescale)
        for p in parse_timescale(evidence.timescale)
    ]
    return targets, milestones


@overload
def _decimal(value: object, field: str, label: str, *, required: Literal[True]) -> Decimal: ...
@overload
def _decimal(value: object, field: str, label: str, *, required: bool) -> Decimal | None: ...
def _decimal(value: object, field: str, label: str, *, required: bool) -> Decimal | None:
    if value is None or value == "":
        if required:
            raise PlanRefused(f"Enter the {label}", field=field)
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise PlanRefused(f"The {label} must be a number, like 70", field=field) from exc
    if not number.is_finite() or abs(number) >= LARGEST:
        raise PlanRefused(f"The {label} must be a number, like 70", field=field)
    return number


def _check_target(target: Target) -> None:
    if not target.measure.strip():
        raise PlanRefused("Enter what is measured", field="measure")
    if target.unit not in TargetUnit.values:
        raise PlanRefused("Choose a unit", field="unit")
    if target.direction not in Direction.values:
        raise PlanRefused(
            "Choose whether the actual must be at least, at most, fewer than, "
            "more than or exactly the target",
            field="direction",
        )
    target.target_value = _decimal(
        target.target_value, "target_value", "target value", required=True
    )
    target.baseline = _decimal(target.baseline, "baseline", "baseline", required=False)


@transaction.atomic
def target_add(
    *,
    action: Action,
    measure: str,
    target_value: Decimal | str,
    unit: str = TargetUnit.PERCENT,
    direction: str = Direction.AT_LEAST,
    description: str = "",
    baseline: Decimal | str | None = None,
    due_date: datetime.date | None = None,
    source_evidence: ExpectedEvidence | None = None,
    by: User | None,
) -> Target:
    """Add a measurable target to an action."""
    check_may_edit(by, action.area.heading.plan)
    if source_evidence is not None and source_evidence.action_id != action.pk:
        raise PlanRefused("Choose evidence of this action", field="source_evidence")
    target = Target(
        action=action,
        source_evidence=source_evidence,
        measure=measure.strip(),
        description=description.strip() or measure.strip(),
        target_value=target_value,
        unit=unit,
        direction=direction,
        baseline=baseline,
        due_date=due_date,
    )
    _check_target(target)
    return save(target, by)


@transaction.atomic
def target_update(*, target: Target, by: User | None, **changes: Any) -> Target:
    """Change a target's ``description``, ``measure``, ``baseline``, ``target_value``,
    ``unit``, ``direction`` or ``due_date``. Actuals already reported are kept and judged
    against the target as it now stands."""
    check_may_edit(by, target.action.area.heading.plan)
    unknown = set(changes) - TARGET_FIELDS
    if unknown:
        raise TypeError(f"target_update() cannot change {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(
            target,
            name,
            value.strip()
            if isinstance(value, str) and name in ("measure", "description")
            else value,
        )
    _check_target(target)
    return save(target, by)


@transaction.atomic
def target_remove(*, target: Target, by: User | None) -> None:
    """Archive a target: it leaves the summaries; its actuals stay on record."""
    check_may_edit(by, target.action.area.heading.plan)
    target.archived_at = timezone.now()
    save(target, by)


def _check_milestone(milestone: Milestone) -> None:
    if milestone.kind not in MilestoneKind.values:
        raise PlanRefused("Choose the kind of milestone", field="kind")
    if milestone.kind in (MilestoneKind.DATE, MilestoneKind.MONTH) and milestone.due_date is None:
        raise PlanRefused("Enter the date the milestone is due", field="due_date")
    if milestone.kind == MilestoneKind.MONTH and milestone.due_date is not None:
        milestone.due_date = milestone.due_date.replace(day=1)
    if milestone.kind == MilestoneKind.RECURRING:
        if milestone.recurrence not in Recurrence.values:
            raise PlanRefused("Choose how often it recurs", field="recurrence")
    else:
        milestone.recurrence = ""


@transaction.atomic
def milestone_add(
    *,
    action: Action,
    kind: str,
    description: str = "",
    due_date: datetime.date | None = None,
    recurrence: str = "",
    raw_text: str = "",
    source_evidence: ExpectedEvidence | None = None,
    by: User | None,
) -> Milestone:
    """Add a milestone: a date, a month (``due_date`` in it), a recurrence or completed."""
    check_may_edit(by, action.area.heading.plan)
    if source_evidence is not None and source_evidence.action_id != action.pk:
        raise PlanRefused("Choose evidence of this action", field="source_evidence")
    milestone = Milestone(
        action=action,
        source_evidence=source_evidence,
        kind=kind,
        description=description.strip(),
        due_date=due_date,
        recurrence=recurrence,
        raw_text=raw_text.strip(),
    )
    _check_milestone(milestone)
    return save(milestone, by)


@transaction.atomic
def milestone_update(*, milestone: Milestone, by: User | None, **changes: Any) -> Milestone:
    """Change a milestone's ``description``, ``kind``, ``due_date``, ``recurrence``,
    ``raw_text`` or ``completed_on`` (the day it was met, which stops it being overdue)."""
    check_may_edit(by, milestone.action.area.heading.plan)
    unknown = set(changes) - MILESTONE_FIELDS
    if unknown:
        raise TypeError(f"milestone_update() cannot change {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(milestone, name, value)
    _check_milestone(milestone)
    return save(milestone, by)


@transaction.atomic
def milestone_remove(*, milestone: Milestone, by: User | None) -> None:
    check_may_edit(by, milestone.action.area.heading.plan)
    milestone.archived_at = timezone.now()
    save(milestone, by)
