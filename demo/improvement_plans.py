"""Demonstration data for the ``improvement_plans`` app, loaded by ``make run`` (see
demo/build.py) after the concerns and support demonstrations.

Sefton's plan is the seed's (improvement_plans/data/sefton-improvement-plan.csv: 5 headings,
19 improvement areas, 53 actions), imported through the same import as the upload page by the
Sefton performance lead, published, with two quarters of progress (2026/27 Q1 and Q2): varied
statuses, actuals against its targets (some met, some missed) and a few milestones still
overdue. Wirral has a short draft plan built through the services, citing a concern shared with
it and, where the support demonstration has made one, a support engagement, with one quarter
of progress. Blackpool has a draft plan with no progress yet. So the public sees one published
plan and the Planning Group three.

Every text written here says it is demonstration data. Everything goes through the services, so
it carries its history. Running this twice changes nothing: the Sefton file is recognised by its
SHA-256, the other plans by their council and title, progress by its quarter.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.models import User
from authorities.models import Council
from demo.tables import DEMO
from demo.users import SEFTON_LEAD, WIRRAL_LEAD
from improvement_plans.models import (
    Action,
    Citation,
    Milestone,
    MilestoneKind,
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
# Sefton, by action number: (status in Q1, status in Q2); actions not named have no update.
SEFTON_STATUSES = {
    1: ("on_track", "complete"),
    2: ("on_track", "at_risk"),
    3: ("not_started", "on_track"),
    4: ("on_track", "on_track"),
    5: ("at_risk", "off_track"),
    6: ("on_track", "on_track"),
    7: ("on_track", "at_risk"),
    8: ("not_started", "on_track"),
    9: ("off_track", "off_track"),
    10: ("on_track", "complete"),
    11: ("at_risk", "on_track"),
    16: ("on_track", "on_track"),
    20: ("not_started", "at_risk"),
    25: ("on_track", "complete"),
    27: ("on_track", "on_track"),
}
# Each target's actual in Q1 and Q2, as a difference from its target value: a positive one
# is better than the target ("at least") and a negative one worse; "fewer than" is mirrored.
SEFTON_SHORTFALLS = {
    1: (-8, 4),
    2: (-5, -3),
    3: (-2, 6),
    4: (-10, -6),
    5: (-1, -3),
    6: (2, 5),
    7: (-3, -1),
    8: (-4, 3),
    10: (1, 2),
    11: (-20, -12),
    16: (-6, 1),
    20: (-10, -4),
    25: (-2, 3),
    27: (-5, -2),
}


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
    actions = {a.number: a for a in Action.objects.in_plan(plan).numbered()}  # type: ignore[attr-defined]
    _complete_old_milestones(plan, actions, lead)
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(action__in=actions.values(), archived_at__isnull=True):
        targets.setdefault(target.action_id, []).append(target)
    for index, period in enumerate(periods):
        if ProgressUpdate.objects.filter(action__in=actions.values(), period=period).exists():
            continue
        for number, statuses in SEFTON_STATUSES.items():
            action = actions[number]
            status = statuses[index]
            progress_record(
                action=action,
                period=period,
                status=status,
                commentary=f"{DEMO} {ProgressStatus(status).label.lower()} in {period.label}.",
                actuals={
                    t: _actual(t, SEFTON_SHORTFALLS.get(number, (0, 0))[index])
                    for t in targets.get(action.pk, [])
                },
                recorded_by=lead,
            )
    return plan


def _actual(target: Target, difference: int) -> Decimal:
    """A figure ``difference`` better (positive) or worse (negative) than the target."""
    if target.direction in ("fewer_than", "at_most"):
        return max(target.target_value - difference, Decimal(0))
    return target.target_value + difference


def _complete_old_milestones(plan: Plan, actions: dict[int, Action], lead: User) -> None:
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
        _wirral_structure(plan, lead)
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


def _wirral_structure(plan: Plan, lead: User) -> None:
    safeguarding = heading_add(plan=plan, title="Safeguarding Adults", by=lead)
    audit_area = area_add(
        heading=safeguarding,
        title=f"{DEMO} improve the quality of safeguarding practice",
        by=lead,
    )
    audit = action_add(
        area=audit_area,
        how_achieved="Audit a 10% monthly sample of safeguarding cases against the new "
        "practice standards.",
        owner="Principal social worker",
        by=lead,
    )
    evidence_add(
        action=audit,
        text="At least 70% of audited cases scoring good or excellent; fewer than 5% poor.",
        timescale="First audit report January 2027",
        parse=False,
        by=lead,
    )
    target_add(
        action=audit,
        measure="audited cases scoring good or excellent",
        target_value="70",
        baseline="61",
        by=lead,
    )
    target_add(
        action=audit,
        measure="audited cases scoring poor",
        target_value="5",
        direction="fewer_than",
        baseline="11",
        by=lead,
    )
    milestone_add(
        action=audit,
        kind=MilestoneKind.MONTH,
        due_date=datetime.date(2026, 7, 1),
        description="Practice standards agreed",
        by=lead,
    )
    milestone_add(
        action=audit,
        kind=MilestoneKind.MONTH,
        due_date=datetime.date(2027, 1, 1),
        description="First audit report",
        by=lead,
    )
    workforce = heading_add(plan=plan, title="Providing leadership", by=lead)
    staff_area = area_add(
        heading=workforce, title=f"{DEMO} a stable senior management team", by=lead
    )
    recruit = action_add(
        area=staff_area,
        how_achieved="Recruit to the vacant head of service and team manager posts.",
        owner="Director of Adult Social Services",
        by=lead,
    )
    target_add(
        action=recruit,
        measure="senior posts filled by agency staff",
        target_value="2",
        unit="number",
        direction="at_most",
        baseline="6",
        by=lead,
    )
    milestone_add(
        action=recruit,
        kind=MilestoneKind.DATE,
        due_date=datetime.date(2026, 9, 30),
        description="Head of service appointed",
        by=lead,
    )
    action_add(
        area=staff_area,
        how_achieved="Agree a leadership development programme with the regional workforce group.",
        owner="Workforce lead",
        by=lead,
    )
    action_add(
        area=staff_area,
        how_achieved="Report progress to the SLI Planning Group each quarter.",
        owner="Performance lead",
        by=lead,
    )


def _cite(plan: Plan, council: Council, lead: User) -> None:
    """Cite a concern shared with the council and, where the support demonstration has made
    one, an engagement serving the plan; nothing when neither exists."""
    concern = (
        Concern.objects.filter(council=council)
        .exclude(status__in=[ConcernStatus.RAISED, ConcernStatus.CLOSED])
        .order_by("pk")
        .first()
    )
    if concern and not Citation.objects.filter(plan=plan, concern=concern).exists():
        citation_add(
            plan=plan,
            concern=concern,
            note=f"{DEMO} the plan answers the concern the Planning Group shared.",
            by=lead,
        )
    engagement = Engagement.objects.filter(council=council).order_by("pk").first()
    if engagement and not Citation.objects.filter(plan=plan, engagement=engagement).exists():
        citation_add(
            plan=plan,
            engagement=engagement,
            note=f"{DEMO} support from a peer council serves this plan.",
            by=lead,
        )


def _blackpool(council: Council) -> Plan:
    plan = Plan.objects.live().filter(council=council, title=BLACKPOOL_TITLE).first()
    if plan is not None:
        return plan
    plan = plan_create(
        council=council, title=BLACKPOOL_TITLE, period_covered="2026/27", created_by=None
    )
    heading = heading_add(plan=plan, title="Increased choice and control", by=None)
    area = area_add(
        heading=heading, title=f"{DEMO} more people directing their own support", by=None
    )
    action = action_add(
        area=area,
        how_achieved="Offer a personal budget at every review.",
        owner="Head of assessment",
        by=None,
    )
    target_add(
        action=action,
        measure="people receiving self-directed support",
        target_value="90",
        baseline="78",
        due_date=datetime.date(2027, 3, 31),
        by=None,
    )
    action_add(
        area=area,
        how_achieved="Publish easy-read information on direct payments.",
        owner="Communications",
        by=None,
    )
    return plan
