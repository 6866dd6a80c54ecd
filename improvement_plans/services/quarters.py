"""A quarter's progress on many actions at once, as the progress page saves it: all of it or
none of it."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from improvement_plans.models import Action, Plan, ProgressUpdate, Target
from improvement_plans.services.common import PlanRefused, check_may_edit
from improvement_plans.services.progress import progress_record
from returns.services import period_ensure


@dataclass(frozen=True)
class ProgressEntry:
    """One action's report for the quarter."""

    action: Action
    status: str
    commentary: str = ""
    actuals: Mapping[Target, Decimal | str | None] = field(default_factory=dict)


class QuarterRefused(PlanRefused):
    """One entry was refused; ``action`` says which. Nothing of the quarter was written."""

    def __init__(self, refused: PlanRefused, *, action: Action) -> None:
        super().__init__(refused.message, field=refused.field)
        self.action = action


@transaction.atomic
def progress_record_quarter(
    *,
    plan: Plan,
    year: int,
    quarter: int,
    entries: Sequence[ProgressEntry],
    recorded_by: User,
) -> list[ProgressUpdate]:
    """Record each entry's progress for the quarter (``progress_record``; the quarter is made
    with ``returns.services.period_ensure`` if new) in one transaction: if any entry is refused
    nothing is written and :class:`QuarterRefused` names the action."""
    check_may_edit(recorded_by, plan)
    plan_id = plan.pk
    for entry in entries:
        if entry.action.area.heading.plan_id != plan_id:
            raise QuarterRefused(
                PlanRefused("Report progress only on this plan's actions"), action=entry.action
            )
    period = period_ensure(year=year, quarter=quarter)
    updates = []
    for entry in entries:
        try:
            updates.append(
                progress_record(
                    action=entry.action,
                    period=period,
                    status=entry.status,
                    commentary=entry.commentary,
                    actuals=entry.actuals,
                    recorded_by=recorded_by,
                )
            )
        except PlanRefused as refused:
            raise QuarterRefused(refused, action=entry.action) from refused
    return updates
