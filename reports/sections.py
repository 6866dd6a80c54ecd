"""The Account's sections drawn from the apps to the left of reports: thematic self-assessment
findings (selfassessment), the annual risk assessment and Table 2 concerns in counts only
(triggers), support and reciprocity in counts only (support), improvement plan progress
(improvement_plans). Each reads through that app's own selectors, as an anonymous visitor
where the selector takes a reader, so only what is published can reach the Account. A section
with nothing to show is left out (never a placeholder). Each returns its manifest entry too.
Fixed queries: six per published thematic review (two a year), three for the risk counts,
seven for the plans, the ledger's own fixed count."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from improvement_plans.selectors.summary import PlanSummary, region_summary_as_at
from returns.models import Period
from selfassessment.models import ThematicReview
from selfassessment.selectors import RegionalReport, regional_report_get
from sli_portal.financial_years import quarter_bounds, year_bounds, year_label
from support.ledger import COUNTED_STATUSES, Ledger, ledger_for_year
from support.models import Engagement, Event, EventKind
from triggers.models import Concern, Quadrant, RiskAssessment, RiskView, SupportTier


@dataclass(frozen=True)
class ExtraSection:
    anchor: str
    title: str
    template: str
    data: Any
    manifest: dict[str, Any]


def thematic_findings(*, year: int) -> ExtraSection | None:
    """The published regional reports of the year's thematic reviews (DOMAIN.md 6): the
    distribution of levels per standard, strengths and areas for development."""
    reviews = [
        r
        for r in ThematicReview.objects.filter(year=year).order_by("title")
        if r.report_is_published
    ]
    if not reviews:
        return None
    reports: list[RegionalReport] = [
        regional_report_get(review=r, fetched_by=AnonymousUser()) for r in reviews
    ]
    return ExtraSection(
        anchor="self-assessment",
        title="Thematic self-assessment findings",
        template="reports/_thematic_findings.html",
        data=reports,
        manifest={
            r.slug: r.report_published_at.isoformat() if r.report_published_at else None
            for r in reviews
        },
    )


@dataclass(frozen=True)
class SupportData:
    """Support and reciprocity in counts: no council is named (MoU 2.1 c-g, i)."""

    ledger: Ledger
    engagements: list[tuple[str, str, int]]  # (tier, offer, engagements counted)
    tiers: list[tuple[str, int, int]]  # (Table 1 tier, engagements, councils receiving)
    events_by_kind: list[tuple[str, int]]  # (kind of event, events held)

    @property
    def days_given(self) -> Decimal:
        return sum((row.given.total for row in self.ledger.rows), Decimal(0))

    @property
    def days_received(self) -> Decimal:
        return sum((row.received.total for row in self.ledger.rows), Decimal(0))

    @property
    def councils_giving(self) -> int:
        return sum(1 for row in self.ledger.rows if row.given.total)

    @property
    def councils_receiving(self) -> int:
        return sum(1 for row in self.ledger.rows if row.received.total)

    @property
    def councils_disproportionate(self) -> int:
        return len(self.ledger.flagged)

    @property
    def events(self) -> int:
        return sum(n for _kind, n in self.events_by_kind)


def _engagement_counts(year: int) -> tuple[list[tuple[str, str, int]], list[tuple[str, int, int]]]:
    """Engagements counted in the year by tier and offer, and by tier with the number of
    councils receiving them. One query."""
    start, end = year_bounds(year)
    rows = list(
        Engagement.objects.filter(status__in=COUNTED_STATUSES)
        .filter(
            Q(starts_on__range=(start, end))
            | Q(starts_on__isnull=True, created_at__date__range=(start, end))
        )
        .order_by("tier__order", "offer__name")
        .values_list("tier__name", "offer__name", "council_id")
    )
    by_offer: Counter[tuple[str, str]] = Counter((tier, offer) for tier, offer, _c in rows)
    by_tier: Counter[str] = Counter(tier for tier, _o, _c in rows)
    councils: dict[str, set[int]] = {}
    for tier, _offer, council_id in rows:
        councils.setdefault(tier, set()).add(council_id)
    return (
        [(tier, offer, n) for (tier, offer), n in by_offer.items()],
        [(tier, n, len(councils[tier])) for tier, n in by_tier.items()],
    )


def support_and_reciprocity(*, year: int) -> ExtraSection | None:
    """Support and reciprocity in the year (MoU 2.1 c-g), in counts only: engagements by
    Table 1 tier and offer with how many councils received each tier (which council receives
    targeted support or intervention, and why, is not the Account's to say), the officer and
    member days given and received across the region, how many councils carry a
    disproportionate share, and the year's events by kind."""
    ledger: Ledger = ledger_for_year(year=year)
    start, end = year_bounds(year)
    engagements, tiers = _engagement_counts(year)
    events_by_kind = [
        (str(EventKind(kind).label), n)
        for kind, n in Event.objects.filter(starts_at__date__range=(start, end))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
        .values_list("kind", "n")
    ]
    has_days = any(row.given.total or row.received.total for row in ledger.rows)
    if not (has_days or engagements or events_by_kind):
        return None
    return ExtraSection(
        anchor="support",
        title="Support and reciprocity",
        template="reports/_support.html",
        data=SupportData(
            ledger=ledger, engagements=engagements, tiers=tiers, events_by_kind=events_by_kind
        ),
        manifest={
            "days": {
                row.council.ons_code: [str(row.given.total), str(row.received.total)]
                for row in ledger.rows
            },
            "engagements": [list(e) for e in engagements],
            "events": [list(e) for e in events_by_kind],
        },
    )


@dataclass(frozen=True)
class RiskData:
    """The year's annual risk assessment and Table 2 concerns, in counts only."""

    year_label: str
    councils: int
    views: list[tuple[str, int]]  # (final view, councils), "Not yet concluded" last
    tiers: list[tuple[str, int]]  # (recommended Table 1 tier, councils)
    quadrants: list[tuple[str, int, int]]  # (Table 2 quadrant, concerns raised, councils)

    @property
    def unassessed(self) -> int:
        return max(self.councils - sum(n for _view, n in self.views), 0)


def risk_in_aggregate(*, year: int, councils: int) -> ExtraSection | None:
    """How many councils the year's annual risk assessment placed at each final view and
    each recommended Table 1 tier, and how many Table 2 concerns were raised in each quadrant
    in the year (MoU 2.1 b, i). Counts only: no council is named, and nothing of a concern or
    an assessment but its count reaches the Account. Three queries."""
    start, end = year_bounds(year)
    assessments = list(
        RiskAssessment.objects.filter(year=year)
        .order_by()
        .values_list("final_view", "recommended_tier")
    )
    raised = list(
        Concern.objects.filter(raised_on__range=(start, end))
        .order_by()
        .values_list("trigger__quadrant_id", "council_id")
    )
    if not (assessments or raised):
        return None
    views = Counter(view for view, _tier in assessments)
    tiers = Counter(tier for _view, tier in assessments if tier)
    per_quadrant: dict[int, list[int]] = {}
    for quadrant_id, council_id in raised:
        per_quadrant.setdefault(quadrant_id, []).append(council_id)
    quadrants = [
        (q.name, len(per_quadrant.get(q.pk, [])), len(set(per_quadrant.get(q.pk, []))))
        for q in Quadrant.objects.order_by("order")
    ]
    data = RiskData(
        year_label=year_label(year),
        councils=councils,
        views=[(str(label), views[value]) for value, label in RiskView.choices]
        + [("Not yet concluded", views[""])],
        tiers=[(str(label), tiers[value]) for value, label in SupportTier.choices],
        quadrants=quadrants,
    )
    return ExtraSection(
        anchor="risk",
        title="Risk assessment and Table 2 concerns in aggregate",
        template="reports/_risk.html",
        data=data,
        manifest={
            "views": [list(v) for v in data.views],
            "tiers": [list(t) for t in data.tiers],
            "quadrants": [list(q) for q in quadrants],
        },
    )


@dataclass(frozen=True)
class PlanProgress:
    """The plans as they stood at the end of ``period`` (milestones overdue on ``as_at``)."""

    plans: list[PlanSummary]
    period: Period
    as_at: datetime.date


def plan_progress(*, period: Period) -> ExtraSection | None:
    """Progress of the published improvement plans across councils (DOMAIN.md 7) as at the end
    of the Account's quarter: each plan in its latest quarter with progress up to then, and the
    milestones overdue on that quarter's last day. Never today's date: the same Account reads
    the same whenever it is produced."""
    plans: list[PlanSummary] = region_summary_as_at(fetched_by=AnonymousUser(), period=period)
    if not plans:
        return None
    return ExtraSection(
        anchor="improvement-plans",
        title="Improvement plan progress",
        template="reports/_plans.html",
        data=PlanProgress(
            plans=plans, period=period, as_at=quarter_bounds(period.year, period.quarter)[1]
        ),
        manifest={
            str(s.plan.pk): {
                "published_at": s.plan.published_at.isoformat() if s.plan.published_at else None,
                "period": s.period.slug if s.period else None,
                "statuses": s.status_counts,
                "targets": [s.targets_met, s.targets_missed, s.targets_no_actual],
                "overdue": s.overdue_milestones,
            }
            for s in plans
        },
    )


def extra_sections(*, year: int, period: Period, councils: int) -> list[ExtraSection]:
    """The other apps' sections for the Account's ``year``, as at the end of ``period``."""
    found = [
        thematic_findings(year=year),
        risk_in_aggregate(year=year, councils=councils),
        support_and_reciprocity(year=year),
        plan_progress(period=period),
    ]
    return [s for s in found if s is not None]
