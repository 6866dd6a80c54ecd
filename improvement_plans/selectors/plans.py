"""Reads of one plan, shaped for its pages and exports, each in a fixed number of queries
whatever the plan's size (DOMAIN.md §7)."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery

from accounts import access
from accounts.access import AnyUser
from improvement_plans.models import (
    Action,
    ActionReference,
    Citation,
    ExpectedEvidence,
    ImprovementArea,
    Milestone,
    NumberedAction,
    OutcomeHeading,
    Plan,
    ProgressUpdate,
    Target,
    TargetActual,
)
from improvement_plans.numbering import PlanNumbers
from improvement_plans.references import Href, Link, render_text

if TYPE_CHECKING:
    from improvement_plans.views.citations import CitationRow


def plans_visible_to(user: AnyUser) -> QuerySet[Plan]:
    """Live plans ``user`` may read, as the access module decides (``access.scope_plans``):
    their own council's (any status) and, for the Planning Group, risk assessors, the Board
    and the administrator, every council's; everyone else, anonymous visitors included, sees
    only published plans."""
    return access.scope_plans(Plan.objects.all(), user)


@dataclass
class EvidenceView:
    evidence: ExpectedEvidence
    html: str
    plain: str


@dataclass
class TargetView:
    target: Target
    latest_actual: TargetActual | None

    @property
    def met(self) -> bool | None:
        """Whether the latest actual meets the target; None when there is none yet."""
        if self.latest_actual is None:
            return None
        return self.target.is_met(self.latest_actual.actual)


@dataclass
class MilestoneView:
    milestone: Milestone
    overdue: bool


@dataclass
class ActionView:
    action: Action
    number: int
    how_html: str
    how_plain: str
    evidence: list[EvidenceView] = field(default_factory=list)
    targets: list[TargetView] = field(default_factory=list)
    milestones: list[MilestoneView] = field(default_factory=list)
    latest: ProgressUpdate | None = None

    @property
    def overdue(self) -> bool:
        return any(m.overdue for m in self.milestones)


@dataclass
class AreaView:
    area: ImprovementArea
    number: int
    actions: list[ActionView] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # What the viewer may see of ``citations``: the plan page's view fills it in.
    visible_citations: list["CitationRow"] = field(default_factory=list)


@dataclass
class HeadingView:
    heading: OutcomeHeading
    areas: list[AreaView] = field(default_factory=list)


@dataclass
class PlanView:
    """The plan as its page shows it: headings > areas (numbered across the plan) > actions
    (numbered across the plan) with their evidence (references rendered as links with the
    current numbers; ``plain`` is the same text for edit forms and exports), targets with
    their latest actual, milestones flagged when overdue and the latest progress update."""

    plan: Plan
    headings: list[HeadingView]
    citations: list[Citation]
    numbers: PlanNumbers
    can_edit: bool

    @property
    def areas(self) -> list[AreaView]:
        return [area for heading in self.headings for area in heading.areas]

    @property
    def actions(self) -> list[ActionView]:
        return [action for area in self.areas for action in area.actions]


def latest_updates(actions: QuerySet[Action]) -> QuerySet[ProgressUpdate]:
    """The latest progress update of each of ``actions`` that has one (any quarter)."""
    newest = ProgressUpdate.objects.filter(action=OuterRef("action")).order_by(
        "-period__year", "-period__quarter", "-recorded_at", "-pk"
    )
    return ProgressUpdate.objects.filter(
        action__in=actions, pk=Subquery(newest.values("pk")[:1])
    ).select_related("period", "recorded_by")


def latest_actuals(targets: QuerySet[Target]) -> QuerySet[TargetActual]:
    """The latest actual of each of ``targets`` that has one."""
    newest = TargetActual.objects.filter(target=OuterRef("target")).order_by(
        "-period__year", "-period__quarter", "-update__recorded_at", "-pk"
    )
    return TargetActual.objects.filter(
        target__in=targets, pk=Subquery(newest.values("pk")[:1])
    ).select_related("period")


def plan_structure(
    *,
    plan: Plan,
    fetched_by: AnyUser,
    today: datetime.date | None = None,
    href: Href | None = None,
) -> PlanView:
    """The whole plan for its page, in 10 queries (11 when it cites a support engagement), plus
    one to read ``fetched_by``'s roles the first time. ``plan`` comes from the access module;
    ``href`` gives a referenced action's address (``#action-<id>`` by default)."""
    headings = list(plan.headings.filter(archived_at__isnull=True).order_by("order", "pk"))
    areas = list(ImprovementArea.objects.filter(heading__plan=plan).numbered())
    actions = list(Action.objects.in_plan(plan).numbered())
    numbers = PlanNumbers(
        areas={a.pk: a.number for a in areas},
        actions={a.pk: a.number for a in actions},
        action_area={a.pk: a.area_id for a in actions},
    )
    action_views = _action_views(
        plan, actions, numbers, today=today or datetime.date.today(), href=href
    )
    # What the page shows of each citation and whether it links: a standard's review (for the
    # regional report) and an engagement's providing councils (who may see it).
    citations = list(
        Citation.objects.filter(plan=plan, archived_at__isnull=True)
        .select_related(
            "concern", "risk_assessment", "thematic_review", "standard__review", "engagement"
        )
        .prefetch_related("engagement__providers")
    )
    area_views = {a.pk: AreaView(area=a, number=a.number) for a in areas}
    for citation in citations:
        if citation.area_id in area_views:
            area_views[citation.area_id].citations.append(citation)
    for view in action_views.values():
        area_views[view.action.area_id].actions.append(view)
    heading_views = {h.pk: HeadingView(heading=h) for h in headings}
    for area in areas:
        heading_views[area.heading_id].areas.append(area_views[area.pk])
    return PlanView(
        plan=plan,
        headings=list(heading_views.values()),
        citations=[c for c in citations if c.area_id is None],
        numbers=numbers,
        can_edit=access.may_act_for(fetched_by, "edit_plan", plan.council_id),
    )


def _action_views(
    plan: Plan,
    actions: Sequence[NumberedAction],
    numbers: PlanNumbers,
    *,
    today: datetime.date,
    href: Href | None,
) -> dict[int, ActionView]:
    """Each action with its text rendered (references as links and as plain text), its latest
    progress, live expected evidence, targets with their latest actuals and milestones. Six
    queries."""
    live_actions = Action.objects.in_plan(plan).live()
    links: dict[tuple[int, int | None, str], list[Link]] = defaultdict(list)
    for ref in ActionReference.objects.filter(source_action__in=live_actions).order_by("start"):
        links[(ref.source_action_id, ref.source_evidence_id, ref.field)].append(
            Link(ref.start, ref.end, ref.token, ref.target_id)
        )

    def render(text: str, key: tuple[int, int | None, str]) -> tuple[str, str]:
        found = links.get(key, [])
        return (
            render_text(text, found, numbers, href=href),
            render_text(text, found, numbers, html=False),
        )

    latest = {u.action_id: u for u in latest_updates(live_actions)}
    views: dict[int, ActionView] = {}
    for action in actions:
        how_html, how_plain = render(action.how_achieved, (action.pk, None, "how_achieved"))
        views[action.pk] = ActionView(
            action=action,
            number=action.number,
            how_html=how_html,
            how_plain=how_plain,
            latest=latest.get(action.pk),
        )
    for item in ExpectedEvidence.objects.filter(
        action__in=live_actions, archived_at__isnull=True
    ).order_by("action_id", "order", "pk"):
        html, plain = render(item.text, (item.action_id, item.pk, "evidence"))
        views[item.action_id].evidence.append(EvidenceView(item, html, plain))
    live_targets = Target.objects.filter(action__in=live_actions, archived_at__isnull=True)
    actual_of = {a.target_id: a for a in latest_actuals(live_targets)}
    for target in live_targets.order_by("pk"):
        views[target.action_id].targets.append(TargetView(target, actual_of.get(target.pk)))
    for milestone in (
        Milestone.objects.live().filter(action__in=live_actions).order_by("due_date", "pk")
    ):
        views[milestone.action_id].milestones.append(
            MilestoneView(milestone, milestone.is_overdue(today))
        )
    return views


def action_progress_history(*, action: Action, fetched_by: AnyUser) -> list[ProgressUpdate]:
    """Every progress update of an action, oldest first, each with its actuals (``actuals``
    prefetched, with their targets): three queries."""
    return list(
        action.progress_updates.select_related("period", "recorded_by")
        .prefetch_related("actuals__target")
        .order_by("period__year", "period__quarter", "recorded_at", "pk")
    )
