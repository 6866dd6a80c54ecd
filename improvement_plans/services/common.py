"""What every improvement plan service shares: the refusal, the edit check, attributed saves
and keeping siblings' order 1..n."""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts import access
from accounts.models import User
from improvement_plans.models import Action, ExpectedEvidence, ImprovementArea, OutcomeHeading, Plan
from sli_portal.history import set_history_user
from sli_portal.refusals import Refused

M = TypeVar("M", bound=models.Model)
# A part of a plan kept in order among its siblings, archived rather than deleted.
Part = TypeVar("Part", OutcomeHeading, ImprovementArea, Action, ExpectedEvidence)


class PlanRefused(Refused):
    """A change to an improvement plan the portal refuses."""


def check_may_edit(by: User | None, plan: Plan) -> None:
    """Only the council's own users edit its plan (``edit_plan``). ``by=None`` is the portal
    itself (the ``import_plan`` command, demonstration data)."""
    if by is not None and not access.may_act_for(by, "edit_plan", plan.council_id):
        raise PermissionDenied


def lock_plan(plan: Plan | int) -> Plan:
    """Lock the plan's row so two people reordering the same plan take turns."""
    pk = plan if isinstance(plan, int) else plan.pk
    return Plan.objects.select_for_update().get(pk=pk)


def save(obj: M, by: User | None, **kwargs: Any) -> M:
    """Save with the history row attributed to ``by``."""
    set_history_user(obj, by)
    obj.save(**kwargs)
    return obj


def archive(obj: Part, by: User | None) -> None:
    obj.archived_at = timezone.now()
    if hasattr(obj, "archived_by"):
        obj.archived_by = by
    save(obj, by)


def place(
    siblings: Sequence[Part], item: Part | None, position: int | None, by: User | None
) -> int:
    """Put ``item`` at ``position`` (1-based; None or past the end means last) among the live
    ``siblings`` (in order, without ``item``), give every sibling its order 1..n and save the
    ones whose order changed, each with a history row. Returns the item's order; the caller
    sets it. With ``item=None`` it closes the gap a removed item left."""
    ordered = list(siblings)
    if item is not None:
        index = len(ordered) if position is None else max(0, min(position - 1, len(ordered)))
        ordered.insert(index, item)
    changed = []
    mine = 0
    for order, sibling in enumerate(ordered, start=1):
        if sibling is item:
            mine = order
            continue
        if sibling.order != order:
            sibling.order = order
            changed.append(sibling)
    if changed:
        bulk_update_with_history(changed, type(changed[0]), ["order"], default_user=by)
    return mine


def check_position(position: int | None) -> None:
    if position is not None and position < 1:
        raise PlanRefused("The position must be 1 or more", field="position")


def clean_text(value: str, *, field: str, label: str, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise PlanRefused(f"Enter {label}", field=field)
    return text
