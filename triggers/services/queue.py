"""Writes for the Planning Group's review queue and the automatic triggers' thresholds.

The queue is ordered by the Planning Group's own priority for each council (MoU Table 2: judged
qualitatively, "not a rigid formula"); bulk actions set that priority or close a council's open
flags and concerns with one reason. The thresholds are the regional administrator's; a change is
previewed (how many flags it would raise and clear on the latest closed quarter) before it is
saved, kept in history, and used by the next evaluation.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts import access
from accounts.models import User
from authorities.models import Council
from sli_portal.history import set_change_reason, set_history_user
from sli_portal.refusals import Refused
from triggers.automatic.evaluation import latest_closed_period, triggers_evaluate
from triggers.models import Concern, Priority, ReviewPriority, Thresholds
from triggers.services.concerns import concern_close


class QueueRefused(Refused):
    """A queue action or a change of thresholds the portal refuses."""


def review_priority_set(
    *, councils: Sequence[Council], priority: str, reason: str, set_by: User
) -> int:
    """Set the Planning Group's priority for each of ``councils``, with the reason (kept in the
    priority's history). Returns how many changed."""
    if not access.can_set_priority(set_by):
        raise QueueRefused("Only the SLI Planning Group sets a council's priority")
    if priority not in Priority.values:
        raise QueueRefused("Choose a priority", field="priority")
    if not councils:
        raise QueueRefused("Select at least one council", field="councils")
    changed = 0
    with transaction.atomic():
        for council in councils:
            row, _ = ReviewPriority.objects.select_for_update().get_or_create(council=council)
            if (row.priority, row.reason) == (priority, reason.strip()):
                continue
            row.priority, row.reason, row.set_by = priority, reason.strip(), set_by
            set_history_user(row, set_by)
            set_change_reason(row, "Priority set")
            row.save()
            changed += 1
    return changed


def queue_close(*, councils: Sequence[Council], reason: str, closed_by: User) -> int:
    """Close every open flag and concern of each of ``councils`` with one reason (each gets its
    own CLOSED event). A flag closed this way is not raised again on the same evidence.
    Returns how many were closed."""
    if not access.can_set_priority(closed_by):
        raise QueueRefused("Only the SLI Planning Group closes concerns from the queue")
    if not reason.strip():
        raise QueueRefused("Enter the reason for closing", field="reason")
    if not councils:
        raise QueueRefused("Select at least one council", field="councils")
    with transaction.atomic():
        concerns = list(Concern.objects.in_queue().filter(council__in=councils).order_by("pk"))
        for concern in concerns:
            concern_close(concern=concern, by=closed_by, reason=reason)
    return len(concerns)


@dataclass(frozen=True)
class ThresholdValues:
    """The thresholds the automatic triggers use, as the administrator sets them."""

    mads_worse: Decimal
    bottom_quartile_quarters: int
    unit_cost_change: Decimal
    admissions_rise: Decimal
    late_after_days: int
    local_account_grace_days: int


@dataclass(frozen=True)
class ThresholdsPreview:
    """What a change of thresholds would do to the flags on the latest closed quarter."""

    period_label: str
    would_raise: int
    would_clear: int


def _apply(values: ThresholdValues, by: User) -> Thresholds:
    thresholds = Thresholds.objects.select_for_update().get(pk=Thresholds.current().pk)
    for name, value in values.__dict__.items():
        setattr(thresholds, name, value)
    set_history_user(thresholds, by)
    set_change_reason(thresholds, "Thresholds changed")
    thresholds.save()
    return thresholds


def thresholds_preview(
    *, values: ThresholdValues, by: User, today: datetime.date | None = None
) -> ThresholdsPreview | None:
    """How many flags evaluating the latest closed quarter with ``values`` would raise (or
    raise again) and clear. Worked out and rolled back: nothing changes. None when no quarter
    has closed."""
    period = latest_closed_period(today)
    if period is None:
        return None
    with transaction.atomic():
        _apply(values, by)
        result = triggers_evaluate(period=period, today=today)
        transaction.set_rollback(True)
    return ThresholdsPreview(
        period_label=period.label,
        would_raise=len(result.raised) + len(result.reopened),
        would_clear=len(result.cleared),
    )


def thresholds_change(*, values: ThresholdValues, changed_by: User) -> Thresholds:
    """Save the thresholds (history kept). The next evaluation uses them."""
    if not access.can_change_thresholds(changed_by):
        raise QueueRefused("Only the regional administrator changes the thresholds")
    with transaction.atomic():
        return _apply(values, changed_by)
