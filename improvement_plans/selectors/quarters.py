"""Reads for the quarterly progress pages (DOMAIN.md §7: "progress is reported monthly or
quarterly to management"): which quarters a council may report on, one quarter of a plan with
each action's position that quarter and the quarter before, and how figures are written.
Each in a fixed number of queries whatever the plan's size."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from accounts.access import AnyUser
from improvement_plans.models import (
    Action,
    Plan,
    ProgressUpdate,
    Target,
    TargetActual,
    TargetUnit,
)
from improvement_plans.selectors.plans import (
    ActionView,
    AreaView,
    PlanView,
    plan_structure,
)
from returns.models import Period
from sli_portal.financial_years import quarter_of

RECENT_QUARTERS = 4


def figure(value: Decimal | None, unit: str) -> str:
    """A target's figure as people write it: 70%, £1,200, 28 days, 5."""
    if value is None:
        return "no figure"
    text = f"{value.normalize():,f}"
    if unit == TargetUnit.PERCENT:
        return f"{text}%"
    if unit == TargetUnit.POUNDS:
        return f"£{text}"
    if unit == TargetUnit.NUMBER:
        return text
    return f"{text} {unit}"


def target_wording(target: Target) -> str:
    """The target as people write it ("at least 70%"), with its due date when it has one."""
    words = f"{target.get_direction_display()} {figure(target.target_value, target.unit)}"
    if target.due_date:
        words += f" by {target.due_date.day} {target.due_date:%B %Y}"
    return words


def quarter_period(year: int, quarter: int) -> Period:
    """The stored quarter, or an unsaved one (no progress can have been recorded for it yet);
    one query."""
    found = Period.objects.filter(year=year, quarter=quarter).first()
    return found or Period(year=year, quarter=quarter)


def may_report_on(year: int, quarter: int, *, today: datetime.date) -> bool:
    """A council reports on a quarter once it has started, never on one still to come."""
    return (year, quarter) <= quarter_of(today)


@dataclass(frozen=True)
class QuarterChoice:
    period: Period
    current: bool
    open_for_returns: bool
    actions_updated: int

    @property
    def slug(self) -> str:
        return self.period.slug


def progress_quarters(*, plan: Plan, today: datetime.date) -> list[QuarterChoice]:
    """The quarters a council chooses from, newest first: the current quarter, the quarters
    whose return window is open and the recent ones before them, and every earlier quarter
    with progress on this plan; with how many actions were updated in each. Two queries."""
    year, quarter = quarter_of(today)
    index = year * 4 + quarter - 1
    wanted = {(i // 4, i % 4 + 1) for i in range(index - RECENT_QUARTERS, index + 1)}
    updated = dict(
        ProgressUpdate.objects.filter(action__area__heading__plan=plan)
        .values("period")
        .annotate(n=Count("action", distinct=True))
        .values_list("period", "n")
    )
    stored = {
        (p.year, p.quarter): p
        for p in Period.objects.filter(
            Q(pk__in=list(updated)) | Q(year__gte=year - 2, year__lte=year)
        )
    }
    wanted |= {key for key, p in stored.items() if p.pk in updated}
    wanted |= {key for key, p in stored.items() if p.is_open(today)}
    choices = []
    for key in sorted((k for k in wanted if k <= (year, quarter)), reverse=True):
        period = stored.get(key) or Period(year=key[0], quarter=key[1])
        choices.append(
            QuarterChoice(
                period=period,
                current=key == (year, quarter),
                open_for_returns=period.pk is not None and period.is_open(today),
                actions_updated=updated.get(period.pk, 0) if period.pk else 0,
            )
        )
    return choices


@dataclass
class ActionQuarter:
    """One action on the quarter's page: the plan's view of it, the latest update this quarter
    (None before any) with its actuals by target id, and the latest update of an earlier
    quarter."""

    view: ActionView
    area: AreaView
    update: ProgressUpdate | None
    actuals: dict[int, Decimal] = field(default_factory=dict)
    previous: ProgressUpdate | None = None

    @property
    def number(self) -> int:
        return self.view.number


@dataclass
class QuarterView:
    plan_view: PlanView
    period: Period
    actions: list[ActionQuarter]

    @property
    def plan(self) -> Plan:
        return self.plan_view.plan

    @property
    def overdue(self) -> list[tuple[ActionQuarter, list[object]]]:
        """Actions with milestones past due and not completed, with those milestones."""
        return [
            (row, [m.milestone for m in row.view.milestones if m.overdue])
            for row in self.actions
            if row.view.overdue
        ]

    @property
    def updated(self) -> int:
        return sum(row.update is not None for row in self.actions)


def _newest(updates: QuerySet[ProgressUpdate]) -> QuerySet[ProgressUpdate]:
    """The newest of ``updates`` for each action (one correlated subquery, one query)."""
    newest = updates.filter(action=OuterRef("action")).order_by(
        "-period__year", "-period__quarter", "-recorded_at", "-pk"
    )
    return updates.filter(pk=Subquery(newest.values("pk")[:1])).select_related(
        "period", "recorded_by"
    )


def plan_quarter(
    *, plan: Plan, period: Period, fetched_by: AnyUser, today: datetime.date | None = None
) -> QuarterView:
    """One quarter of the plan for its progress page: every live action in plan order with its
    targets, milestones (flagged when overdue ``today``), this quarter's latest update and
    actuals, and the latest update before this quarter. ``plan`` comes from the access module;
    ``period`` may be unsaved (a quarter nobody has reported on). The plan's structure plus
    three queries."""
    view = plan_structure(plan=plan, fetched_by=fetched_by, today=today)
    live = Action.objects.in_plan(plan).live()
    this_quarter: dict[int, ProgressUpdate] = {}
    actuals: dict[int, dict[int, Decimal]] = {}
    if period.pk is not None:
        this_quarter = {
            u.action_id: u
            for u in _newest(ProgressUpdate.objects.filter(action__in=live, period=period))
        }
        for update_id, target_id, actual in TargetActual.objects.filter(
            update_id__in=[u.pk for u in this_quarter.values()]
        ).values_list("update_id", "target_id", "actual"):
            actuals.setdefault(update_id, {})[target_id] = actual
    earlier = ProgressUpdate.objects.filter(action__in=live).filter(
        Q(period__year__lt=period.year)
        | Q(period__year=period.year, period__quarter__lt=period.quarter)
    )
    previous = {u.action_id: u for u in _newest(earlier)}
    rows = []
    for area in view.areas:
        for action in area.actions:
            update = this_quarter.get(action.action.pk)
            rows.append(
                ActionQuarter(
                    view=action,
                    area=area,
                    update=update,
                    actuals=actuals.get(update.pk, {}) if update else {},
                    previous=previous.get(action.action.pk),
                )
            )
    return QuarterView(plan_view=view, period=period, actions=rows)


@dataclass(frozen=True)
class AreaProgress:
    """One improvement area on the quarter's task list: how many of its actions have progress
    recorded this quarter, and how many have milestones overdue."""

    area: AreaView
    actions: int
    updated: int
    overdue: int

    @property
    def status(self) -> str:
        """``completed`` (every action has progress this quarter), ``in_progress`` (some),
        ``not_started`` (none) or ``no_actions`` (nothing to record)."""
        if not self.actions:
            return "no_actions"
        if self.updated == self.actions:
            return "completed"
        return "in_progress" if self.updated else "not_started"


def quarter_areas(quarter: QuarterView) -> list[AreaProgress]:
    """Every area of the plan, in plan order, with its progress this quarter (no queries)."""
    rows: dict[int, list[ActionQuarter]] = {}
    for row in quarter.actions:
        rows.setdefault(row.area.area.pk, []).append(row)
    return [
        AreaProgress(
            area=area,
            actions=len(rows.get(area.area.pk, [])),
            updated=sum(r.update is not None for r in rows.get(area.area.pk, [])),
            overdue=sum(r.view.overdue for r in rows.get(area.area.pk, [])),
        )
        for area in quarter.plan_view.areas
    ]


def area_quarter(quarter: QuarterView, *, area_id: int) -> tuple[AreaView, QuarterView] | None:
    """The quarter narrowed to one live area's actions, for that area's progress page; None
    when the plan has no such live area (no queries)."""
    area = next((a for a in quarter.plan_view.areas if a.area.pk == area_id), None)
    if area is None:
        return None
    actions = [row for row in quarter.actions if row.area.area.pk == area_id]
    return area, QuarterView(plan_view=quarter.plan_view, period=quarter.period, actions=actions)
