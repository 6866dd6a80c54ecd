"""Quarterly progress on a plan's actions (DOMAIN.md §7: "progress is reported monthly or
quarterly to management"). Every update is kept: a second update for the same quarter is a new
row, and the latest one is the quarter's position."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from improvement_plans.models import Action, ProgressStatus, ProgressUpdate, Target, TargetActual
from improvement_plans.services.common import PlanRefused, check_may_edit, save
from improvement_plans.services.details import _decimal
from returns.models import Period


@transaction.atomic
def progress_record(
    *,
    action: Action,
    period: Period,
    status: str,
    commentary: str = "",
    actuals: Mapping[Target, Decimal | str | None] | None = None,
    recorded_by: User,
) -> ProgressUpdate:
    """Record an action's status and commentary for ``period`` (a quarter, from
    ``returns.services.period_ensure``) and the actual figure against each of its targets
    (None or "" for a target with no figure yet). The action's status becomes this one."""
    check_may_edit(recorded_by, action.area.heading.plan)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.archived_at is not None:
        raise PlanRefused("This action has been removed from the plan")
    if status not in ProgressStatus.values:
        raise PlanRefused("Choose the action's status", field="status")
    figures: list[tuple[Target, Decimal]] = []
    for target, raw in (actuals or {}).items():
        if target.action_id != action.pk or target.archived_at is not None:
            raise PlanRefused("Report actuals only against this action's targets", field="actuals")
        value = _decimal(raw, f"actual_{target.pk}", "actual", required=False)
        if value is not None:
            figures.append((target, value))
    update = save(
        ProgressUpdate(
            action=action,
            period=period,
            status=status,
            commentary=commentary.strip(),
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
    if figures:
        bulk_create_with_history(
            [
                TargetActual(target=target, update=update, period=period, actual=value)
                for target, value in figures
            ],
            TargetActual,
            default_user=recorded_by,
        )
    if action.status != status:
        action.status = status
        save(action, recorded_by)
    return update
