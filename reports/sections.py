"""The Account's sections drawn from the apps to the left of reports: thematic self-assessment
findings (selfassessment), support and reciprocity (support), improvement plan progress
(improvement_plans). Each reads through that app's own selectors, as an anonymous visitor
where the selector takes a reader, so only what is published can reach the Account. A section
with nothing to show is left out (never a placeholder). Each returns its manifest entry too.
Fixed queries: six per published thematic review (two a year), seven for the plans, the
ledger's own fixed count."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from improvement_plans.selectors.summary import PlanSummary, region_summary
from selfassessment.models import ThematicReview
from selfassessment.selectors import RegionalReport, regional_report_get
from sli_portal.financial_years import year_bounds
from support.ledger import COUNTED_STATUSES, Ledger, ledger_for_year
from support.models import Engagement, Event


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
    ledger: Ledger
    engagements: list[tuple[str, str, int]]  # (tier, offer, engagements counted)
    events: list[Event]


def support_and_reciprocity(*, year: int) -> ExtraSection | None:
    """Support and reciprocity in the year (MoU 2.1 c-g): engagements counted by Table 1 tier
    and offer (numbers only: which council receives targeted support or intervention, and why,
    is not the Account's to say), the ledger of officer and member days each council gave and
    received with the councils carrying a disproportionate share, and the year's events."""
    ledger: Ledger = ledger_for_year(year=year)
    start, end = year_bounds(year)
    engagements = [
        (tier, offer, count)
        for tier, offer, count in Engagement.objects.filter(status__in=COUNTED_STATUSES)
        .filter(
            Q(starts_on__range=(start, end))
            | Q(starts_on__isnull=True, created_at__date__range=(start, end))
        )
        .values("tier__name", "offer__name")
        .annotate(n=Count("pk"))
        .order_by("tier__name", "offer__name")
        .values_list("tier__name", "offer__name", "n")
    ]
    events = list(
        Event.objects.filter(starts_at__date__range=(start, end))
        .select_related("host_council", "offer")
        .order_by("starts_at", "pk")
    )
    has_days = any(row.given.total or row.received.total for row in ledger.rows)
    if not (has_days or engagements or events):
        return None
    return ExtraSection(
        anchor="support",
        title="Support and reciprocity",
        template="reports/_support.html",
        data=SupportData(ledger=ledger, engagements=engagements, events=events),
        manifest={
            "days": {
                row.council.ons_code: [str(row.given.total), str(row.received.total)]
                for row in ledger.rows
            },
            "engagements": [list(e) for e in engagements],
            "events": [e.pk for e in events],
        },
    )


def plan_progress(*, today: datetime.date) -> ExtraSection | None:
    """Progress of the published improvement plans across councils (DOMAIN.md 7), each in its
    latest quarter with progress."""
    plans: list[PlanSummary] = region_summary(fetched_by=AnonymousUser(), today=today)
    if not plans:
        return None
    return ExtraSection(
        anchor="improvement-plans",
        title="Improvement plan progress",
        template="reports/_plans.html",
        data=plans,
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


def extra_sections(*, year: int, today: datetime.date) -> list[ExtraSection]:
    found = [
        thematic_findings(year=year),
        support_and_reciprocity(year=year),
        plan_progress(today=today),
    ]
    return [s for s in found if s is not None]
