"""Demonstration data for the ``improvement_plans`` app, loaded by ``make run`` (see
demo/build.py) after the concerns and support demonstrations.

Sefton's plan is the seed's (improvement_plans/data/sefton-improvement-plan.csv: 5 headings,
19 improvement areas, 53 actions), imported through the same import as the upload page by the
Sefton performance lead, published, with two quarters of progress (2026/27 Q1 and Q2,
demo/data/sefton-progress.json): varied statuses, actuals against its targets (some met, some
missed) and a few milestones still overdue. Wirral has a short draft plan built through the
services (demo/data/plans.json, as is Blackpool's), citing a concern shared with
it and, where the support demonstration has made one, a support engagement, with one quarter
of progress. Blackpool has a draft plan with no progress yet. So the public sees one published
plan and the Planning Group three.

Every text written here says it is demonstration data. Everything goes through the services, so
it carries its history. Running this twice changes nothing: the Sefton file is recognised by its
SHA-256, the other plans by their council and title, progress by its quarter.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from accounts.models import User
from authorities.models import Council
from demo.tables import DEMO, demo_table
from demo.users import SEFTON_LEAD, WIRRAL_LEAD
from improvement_plans.models import (
    Action,
    Citation,
    ImprovementArea,
    Milestone,
    Plan,
    ProgressStatus,
    ProgressUpdate,
    Target,
)
from improvement_plans.services import (
    action_add,
    area_add,
    citation_add,
    evidence_add,
    heading_add,
    milestone_add,
    milestone_update,
    plan_create,
    plan_import,
    plan_publish,
    progress_record,
    target_add,
)
from returns.models import Period
from returns.services import period_ensure
from support.models import Engagement
from triggers.models import Concern, ConcernStatus

SEFTON_CSV = Path(settings.BASE_DIR) / "improvement_plans" / "data" / "sefton-improvement-plan.csv"
SEFTON_TITLE = "Adult social care improvement plan (demonstration)"
WIRRAL_TITLE = "Safeguarding and workforce improvement plan (demonstration)"
BLACKPOOL_TITLE = "Personalisation improvement plan (demonstration)"
QUARTERS = ((2026, 1), (2026, 2))
# Sefton actions whose dated milestones stay open, so the plan shows some overdue.
STILL_OVERDUE = (2, 5, 9)


def improvement_plans_demo_load() -> None:
    """Load the improvement plans' demonstration data (idempotent; quick)."""
    users = {u.email: u for u in User.objects.filter(email__in=[SEFTON_LEAD, WIRRAL_LEAD])}
    councils = {
        c.slug: c for c in Council.objects.filter(slug__in=["sefton", "wirral", "blackpool"])
    }
    if len(users) < 2 or len(councils) < 3 or not SEFTON_CSV.exists():
        return
    periods = [period_ensure(year=year, quarter=quarter) for year, quarter in QUARTERS]
    with transaction.atomic():
        _sefton(councils["sefton"], users[SEFTON_LEAD], periods)
        _wirral(councils["wirral"], users[WIRRAL_LEAD], periods[-1])
        _blackpool(councils["blackpool"])


def _sefton(council: Council, lead: User, periods: list[Period]) -> Plan:
    plan = plan_import(
        council=council,
        content=SEFTON_CSV.read_bytes(),
        name=SEFTON_CSV.name,
        by=lead,
        title=SEFTON_TITLE,
        period_covered="2026/27",
    ).plan
    if not plan.is_published:
        plan = plan_publish(plan=plan, by=lead)
    actions = {a.number: a for a in Action.objects.in_plan(plan).numbered()}
    _complete_old_milestones(plan, actions, lead)
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(action__in=actions.values(), archived_at__isnull=True):
        targets.setdefault(target.action_id, []).append(target)
    for index, period in enumerate(periods):
        if ProgressUpdate.objects.filter(action__in=actions.values(), period=period).exists():
            continue
        for row in demo_table("sefton-progress"):
            action = actions[row["action"]]
            status = row["statuses"][index]
            progress_record(
                action=action,
                period=period,
                status=status,
                commentary=f"{DEMO} {ProgressStatus(status).label.lower()} in {period.label}.",
                actuals={
                    t: _actual(t, row["differences"][index]) for t in targets.get(action.pk, [])
                },
                recorded_by=lead,
            )
    return plan


def _actual(target: Target, difference: int) -> Decimal:
    """A figure ``difference`` better (positive) or worse (negative) than the target."""
    if target.direction in ("fewer_than", "at_most"):
        return max(target.target_value - difference, Decimal(0))
    return target.target_value + difference


def _complete_old_milestones(plan: Plan, actions: Mapping[int, Action], lead: User) -> None:
    """The seed plan's dates are from 2010: mark them done, except those of a few actions."""
    keep = {actions[n].pk for n in STILL_OVERDUE if n in actions}
    old = (
        Milestone.objects.overdue(datetime.date.today())
        .filter(action__area__heading__plan=plan)
        .exclude(action_id__in=keep)
    )
    for milestone in old:
        milestone_update(milestone=milestone, completed_on=milestone.due_date, by=lead)


def _wirral(council: Council, lead: User, period: Period) -> Plan:
    plan = Plan.objects.live().filter(council=council, title=WIRRAL_TITLE).first()
    if plan is None:
        plan = plan_create(
            council=council, title=WIRRAL_TITLE, period_covered="2026/27", created_by=lead
        )
        _plan_build(plan, _structure("wirral"), lead)
    _cite(plan, council, lead)
    actions = list(Action.objects.in_plan(plan).numbered())
    if not ProgressUpdate.objects.filter(action__in=actions, period=period).exists():
        first, second, third = actions[:3]
        audit, poor = first.targets.order_by("pk")
        progress_record(
            action=first,
            period=period,
            status=ProgressStatus.ON_TRACK,
            commentary=f"{DEMO} the monthly audit is running; poor cases are still too many.",
            actuals={audit: Decimal("74"), poor: Decimal("8")},
            recorded_by=lead,
        )
        progress_record(
            action=second,
            period=period,
            status=ProgressStatus.AT_RISK,
            commentary=f"{DEMO} two posts are still vacant.",
            actuals={second.targets.get(): Decimal("9")},
            recorded_by=lead,
        )
        progress_record(
            action=third, period=period, status=ProgressStatus.COMPLETE, recorded_by=lead
        )
    return plan


def _structure(council_slug: str) -> list[dict[str, Any]]:
    """The outcome headings of the council's plan in ``demo/data/plans.json``."""
    rows = [row for row in demo_table("plans") if row["council"] == council_slug]
    headings: list[dict[str, Any]] = rows[0]["headings"]
    return headings


def _plan_build(plan: Plan, headings: list[dict[str, Any]], by: User | None) -> None:
    """Add the headings, areas and actions, each action with its expected evidence, targets
    and milestones, in the order given."""
    for heading_row in headings:
        heading = heading_add(plan=plan, title=heading_row["title"], by=by)
        for area_row in heading_row["areas"]:
            area = area_add(heading=heading, title=area_row["title"], by=by)
            for action_row in area_row["actions"]:
                _action_build(area, action_row, by)


def _action_build(area: ImprovementArea, row: dict[str, Any], by: User | None) -> None:
    action = action_add(area=area, how_achieved=row["how_achieved"], owner=row["owner"], by=by)
    for evidence in row.get("evidence", []):
        evidence_add(action=action, **evidence, parse=False, by=by)
    for target in row.get("targets", []):
        target_add(action=action, **_dated(target), by=by)
    for milestone in row.get("milestones", []):
        milestone_add(action=action, **_dated(milestone), by=by)


def _dated(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its ``due_date`` (ISO 8601), if any, as a date."""
    due = row.get("due_date")
    return {**row, "due_date": datetime.date.fromisoformat(due)} if due else row


def _cite(plan: Plan, council: Council, lead: User) -> None:
    """Cite a concern shared with the council and, where the support demonstration has made
    one, an engagement serving the plan; nothing when neither exists."""
    concern = (
        Concern.objects.filter(council=council)
        .exclude(status__in=[ConcernStatus.RAISED, ConcernStatus.CLOSED])
        .order_by("pk")
        .first()
    )
    if concern:
        note = f"{DEMO} the plan answers the concern the Planning Group shared."
        _cite_once(plan, lead, note, concern=concern)
    engagement = Engagement.objects.filter(council=council).order_by("pk").first()
    if engagement:
        _cite_once(
            plan,
            lead,
            f"{DEMO} support from a peer council serves this plan.",
            engagement=engagement,
        )


def _cite_once(plan: Plan, lead: User, note: str, **cited: Any) -> None:
    """Cite the concern or engagement in ``cited`` unless the plan already does."""
    if not Citation.objects.filter(plan=plan, **cited).exists():
        citation_add(plan=plan, note=note, by=lead, **cited)


def _blackpool(council: Council) -> Plan:
    plan = Plan.objects.live().filter(council=council, title=BLACKPOOL_TITLE).first()
    if plan is not None:
        return plan
    plan = plan_create(
        council=council, title=BLACKPOOL_TITLE, period_covered="2026/27", created_by=None
    )
    _plan_build(plan, _structure("blackpool"), None)
    return plan
