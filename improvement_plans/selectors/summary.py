"""How plans are going: one plan's summary and the Planning Group's summary across councils
(DOMAIN.md §7), and the overdue milestones. Each in a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django_stubs_ext import WithAnnotations

from accounts.access import AnyUser
from improvement_plans.models import (
    Action,
    Milestone,
    Plan,
    ProgressStatus,
    ProgressUpdate,
    Target,
    TargetActual,
    target_met,
)
from improvement_plans.numbering import plan_numbers
from improvement_plans.selectors.plans import plans_visible_to
from returns.models import Period
from sli_portal.financial_years import quarter_bounds

NO_UPDATE = "no_update"


@dataclass
class PlanSummary:
    """A plan's position in its latest quarter with progress (``period``; None before any):
    ``status_counts`` has every ``ProgressStatus`` and ``no_update`` (live actions with no
    update that quarter), by the latest update of each action in the quarter; targets met,
    missed and with no actual that quarter; milestones overdue today."""

    plan: Plan
    period: Period | None = None
    actions: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    targets_met: int = 0
    targets_missed: int = 0
    targets_no_actual: int = 0
    overdue_milestones: int = 0

    @property
    def targets(self) -> int:
        return self.targets_met + self.targets_missed + self.targets_no_actual

    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order statuses are shown, "No update" last."""
        rows = [
            (value, str(label), self.status_counts.get(value, 0))
            for value, label in ProgressStatus.choices
        ]
        return rows + [(NO_UPDATE, "No update this quarter", self.status_counts.get(NO_UPDATE, 0))]


def _latest_period_of_plan(plan_ref: str, as_at: Period | None = None) -> Subquery:
    updates = ProgressUpdate.objects.filter(
        action__area__heading__plan=OuterRef(plan_ref),
        action__archived_at__isnull=True,
    )
    if as_at is not None:
        updates = updates.filter(
            Q(period__year__lt=as_at.year)
            | Q(period__year=as_at.year, period__quarter__lte=as_at.quarter)
        )
    return Subquery(updates.order_by("-period__year", "-period__quarter").values("period_id")[:1])


class _LatestQuarter(TypedDict):
    latest_period_id: int | None


# A plan annotated with the quarter of its latest progress update (None before the first).
PlanWithLatestQuarter: TypeAlias = "WithAnnotations[Plan, _LatestQuarter]"


def _in_latest_quarter(plans: Sequence[PlanWithLatestQuarter], plan_path: str) -> Q:
    """Rows of each plan's latest quarter, one condition per distinct quarter (so the database
    never runs a correlated subquery per row)."""
    by_period: dict[int, list[int]] = defaultdict(list)
    for plan in plans:
        if plan.latest_period_id:
            by_period[plan.latest_period_id].append(plan.pk)
    condition = Q(pk__in=[])
    for period_id, plan_ids in by_period.items():
        condition |= Q(period_id=period_id, **{f"{plan_path}__in": plan_ids})
    return condition


def summaries(
    plans: QuerySet[Plan], *, today: datetime.date, as_at: Period | None = None
) -> list[PlanSummary]:
    """The summary of each of ``plans``, in seven queries however many plans, actions and
    quarters there are. The one place plan summaries are worked out. With ``as_at``, each plan
    is read in its latest quarter with progress up to that quarter, and milestones overdue
    are counted as at ``today`` by :meth:`MilestoneQuerySet.overdue_as_at` (so the same
    figures come out whenever they are read)."""
    rows = list(
        plans.select_related("council")
        .annotate(latest_period_id=_latest_period_of_plan("pk", as_at))
        .order_by("council__name", "-created_at", "-pk")
    )
    ids = [plan.pk for plan in rows]
    periods = Period.objects.in_bulk({p.latest_period_id for p in rows if p.latest_period_id})
    out = {
        plan.pk: PlanSummary(plan=plan, period=periods.get(plan.latest_period_id)) for plan in rows
    }
    live_actions = Action.objects.live().filter(area__heading__plan__in=ids)
    for plan_id, count in (
        live_actions.values("area__heading__plan")
        .annotate(n=Count("pk"))
        .values_list("area__heading__plan", "n")
    ):
        out[plan_id].actions = count
    _count_statuses(out, rows, live_actions)
    _count_targets(out, rows, live_actions)
    milestones = Milestone.objects.all()
    overdue = (
        (milestones.overdue_as_at(today) if as_at else milestones.overdue(today))
        .filter(action__area__heading__plan__in=ids)
        .values("action__area__heading__plan")
        .annotate(n=Count("pk"))
        .values_list("action__area__heading__plan", "n")
    )
    for plan_id, count in overdue:
        out[plan_id].overdue_milestones = count
    return [out[plan.pk] for plan in rows]


def _count_statuses(
    out: dict[int, PlanSummary],
    rows: Sequence[PlanWithLatestQuarter],
    live_actions: QuerySet[Action],
) -> None:
    """Each plan's live actions by the status of their latest update in the plan's latest
    quarter (``NO_UPDATE`` for the rest). One query."""
    latest_status: dict[int, tuple[int, str]] = {}
    in_latest = _in_latest_quarter(rows, "action__area__heading__plan")
    updates = (
        ProgressUpdate.objects.filter(in_latest, action__in=live_actions)
        .order_by("recorded_at", "pk")
        .values_list("action__area__heading__plan", "action_id", "status")
    )
    for plan_id, action_id, status in updates:
        latest_status[action_id] = (plan_id, status)
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for plan_id, status in latest_status.values():
        counts[plan_id][status] += 1
    for plan_id, summary in out.items():
        summary.status_counts = {value: counts[plan_id][value] for value in ProgressStatus.values}
        summary.status_counts[NO_UPDATE] = summary.actions - sum(counts[plan_id].values())


def _count_targets(
    out: dict[int, PlanSummary],
    rows: Sequence[PlanWithLatestQuarter],
    live_actions: QuerySet[Action],
) -> None:
    """Each plan's live targets met, missed, or without an actual in the plan's latest
    quarter. Two queries."""
    targets = Target.objects.filter(action__in=live_actions, archived_at__isnull=True)
    actual_of: dict[int, Decimal] = {}
    for target_id, actual in (
        TargetActual.objects.filter(
            _in_latest_quarter(rows, "target__action__area__heading__plan"), target__in=targets
        )
        .order_by("update__recorded_at", "pk")
        .values_list("target_id", "actual")
    ):
        actual_of[target_id] = actual
    for target_id, plan_id, direction, value in targets.values_list(
        "pk", "action__area__heading__plan", "direction", "target_value"
    ):
        summary = out[plan_id]
        latest = actual_of.get(target_id)
        if latest is None:
            summary.targets_no_actual += 1
        elif target_met(direction, value, latest):
            summary.targets_met += 1
        else:
            summary.targets_missed += 1


def plan_summary(
    *, plan: Plan, fetched_by: AnyUser, today: datetime.date | None = None
) -> PlanSummary:
    """One plan's summary (``plan`` comes from the access module)."""
    return summaries(Plan.objects.filter(pk=plan.pk), today=today or datetime.date.today())[0]


def region_summary(*, fetched_by: AnyUser, today: datetime.date | None = None) -> list[PlanSummary]:
    """The Planning Group's view across councils: the summary of every live plan
    ``fetched_by`` may read, by council."""
    return summaries(plans_visible_to(fetched_by), today=today or datetime.date.today())


def region_summary_as_at(*, fetched_by: AnyUser, period: Period) -> list[PlanSummary]:
    """:func:`region_summary` as it stood at the end of ``period``: each plan in its latest
    quarter with progress up to ``period``, milestones overdue on the quarter's last day. The
    same figures whenever it is read (the Regional Account's year, DOMAIN.md 7, 8)."""
    _start, end = quarter_bounds(period.year, period.quarter)
    return summaries(plans_visible_to(fetched_by), today=end, as_at=period)


@dataclass(frozen=True)
class OverdueMilestone:
    milestone: Milestone
    area_number: int
    action_number: int


def overdue_milestones(
    *, plan: Plan, fetched_by: AnyUser, today: datetime.date | None = None
) -> list[OverdueMilestone]:
    """The plan's milestones past due and not completed (a date before today, or a month that
    has ended), in plan order with their area and action numbers: three queries."""
    numbers = plan_numbers(plan)
    found = Milestone.objects.overdue(today or datetime.date.today()).filter(
        action__area__heading__plan=plan
    )
    rows = [
        OverdueMilestone(
            milestone=m,
            area_number=numbers.area_of_action(m.action_id) or 0,
            action_number=numbers.actions[m.action_id],
        )
        for m in found
        if m.action_id in numbers.actions
    ]
    return sorted(
        rows,
        key=lambda r: (r.action_number, r.milestone.due_date or datetime.date.min, r.milestone.pk),
    )
