"""Demonstration judgements, narratives and Local Accounts, loaded at the end of `demo_load`.

Every text is marked as demonstration. Nobody has judged these councils: each rating is the
suggestion from the demonstration figures (so a domain with no measures is "Not assessed"), and
its commentary gives the suggestion's reasons. No council's web address is invented: Local
Accounts are recorded without a link, with a note saying so. Running this twice changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.calendar import DemoCalendar, demo_calendar
from demo.users import PLANNER
from returns.models import Domain, Period
from scorecard.models import LocalAccount, QualityStatement, Rating
from scorecard.services import (
    JudgementEntry,
    domain_suggestions,
    evidence_list,
    local_account_record,
    narrative_draft,
    narrative_edit,
    narrative_publish,
    quality_statements_load,
    scorecard_publish,
    scorecard_record,
)
from sli_portal.financial_years import year_bounds

DEMO_COMMENTARY = "Demonstration commentary:"
DEMO_NARRATIVE = "Demonstration narrative, lightly edited by the Planning Group."
# Enough councils with accepted figures for the comparators to band them (a group of 8).
MIN_COUNCILS = 8
# Every third council (by name) has an internal note; three have a critical assessment.
INTERNAL_EVERY = 3
CRITICAL_ASSESSMENTS = {
    2: LocalAccount.Assessment.VAGUE,
    9: LocalAccount.Assessment.AMBIGUOUS,
    16: LocalAccount.Assessment.TOO_AMBITIOUS,
}


@dataclass
class DemoScorecardReport:
    published_period: str = ""
    draft_period: str = ""
    judgements_changed: int = 0
    judgements_published: int = 0
    local_accounts: int = 0


def _published_periods(calendar: DemoCalendar) -> list[Period]:
    """The quarters whose judgements are published, oldest first: the fourth quarter of the
    Regional Account's year (the last completed year), and the latest quarter in which every
    council's return is accepted. Each only if enough councils have accepted returns in it."""
    keys = {(calendar.last_completed_year, 4)}
    if calendar.latest_complete_quarter is not None:
        keys.add(calendar.latest_complete_quarter)
    found = Period.objects.annotate(
        accepted=Count("returns", filter=Q(returns__accepted_version__isnull=False))
    ).filter(accepted__gte=MIN_COUNCILS)
    return [p for key in sorted(keys) for p in found.filter(year=key[0], quarter=key[1])]


def _draft_period(after: Period | None) -> Period | None:
    """The next quarter with any return after the published one, or the latest quarter with
    a return."""
    with_returns = Period.objects.filter(returns__isnull=False).distinct()
    if after is not None:
        later = with_returns.filter(
            Q(year__gt=after.year) | Q(year=after.year, quarter__gt=after.quarter)
        )
        return later.order_by("year", "quarter").first()
    return with_returns.order_by("-year", "-quarter").first()


def _entries(
    council: Council, period: Period, statements: list[QualityStatement], *, internal: bool
) -> list[JudgementEntry]:
    suggested = domain_suggestions(evidence_list(council=council, period=period))
    entries = []
    for domain in Domain.values:
        suggestion = suggested[domain]
        if domain in QUALITATIVE_DOMAINS:
            entries.append(_qualitative_entry(council, domain, statements))
            continue
        note = (
            f"{DEMO_COMMENTARY} an internal note for the Planning Group, made up for the "
            f"demonstration; it is not intelligence about {council.name}."
            if internal and domain == Domain.PERFORMANCE
            else ""
        )
        entries.append(
            JudgementEntry(
                domain=domain,
                rating=suggestion.rating,
                commentary=f"{DEMO_COMMENTARY} rated as the figures suggest; nobody has judged "
                f"{council.name}. {'. '.join(suggestion.reasons)}.",
                internal_commentary=note,
                quality_statements=[s for s in statements if domain in s.domains][:2],
            )
        )
    return entries


# The domains judged on the Planning Group's knowledge rather than the return's measures: the
# demonstration rates each council in them by its place in the alphabet, so every rating shows.
QUALITATIVE_DOMAINS: dict[str, str] = {
    Domain.LEADERSHIP: "the stability of its leadership and how its governance works",
    Domain.RESOURCES: "its budget position and its workforce",
    Domain.CULTURE: "how openly it takes part in peer challenge",
}
QUALITATIVE_RATINGS = (Rating.GREEN, Rating.GREEN, Rating.AMBER, Rating.GREEN, Rating.RED)


def _qualitative_entry(
    council: Council, domain: str, statements: list[QualityStatement]
) -> JudgementEntry:
    number = sum(ord(c) for c in council.name + domain)
    rating = QUALITATIVE_RATINGS[number % len(QUALITATIVE_RATINGS)]
    return JudgementEntry(
        domain=domain,
        rating=rating,
        commentary=f"{DEMO_COMMENTARY} made up for the demonstration; nobody has assessed "
        f"{council.name}. A real commentary would weigh {QUALITATIVE_DOMAINS[domain]}, from the "
        f"Planning Group's discussion with the council, and say why it is rated "
        f"{Rating(rating).label.lower()}.",
        internal_commentary="",
        quality_statements=[s for s in statements if domain in s.domains][:2],
    )


def demo_scorecard_load(today: datetime.date | None = None) -> DemoScorecardReport:
    """CQC quality statements; published judgements and narratives for every council for the
    quarters of :func:`_published_periods` on ``today`` (default: today); drafts for the next
    quarter with returns; and a Local Account for every council for the Regional Account's
    year (the last completed year)."""
    report = DemoScorecardReport()
    quality_statements_load()
    planner = User.objects.filter(email=PLANNER).first()
    if planner is None:
        return report
    calendar = demo_calendar(today or timezone.localdate())
    statements = list(QualityStatement.objects.all())
    published = _published_periods(calendar)
    drafts = _draft_period(published[-1] if published else None)
    for period in published:
        _judge(report, period, statements, planner, publish=True)
        report.published_period = period.label
    if drafts is not None:
        _judge(report, drafts, statements, planner, publish=False)
        report.draft_period = drafts.label
    report.local_accounts = _local_accounts(planner, calendar.last_completed_year)
    return report


def _judge(
    report: DemoScorecardReport,
    period: Period,
    statements: list[QualityStatement],
    planner: User,
    *,
    publish: bool,
) -> None:
    """Every council's six judgements and narrative for ``period``, published or as drafts."""
    councils = list(Council.objects.active_between(period.starts_on, period.ends_on))
    for index, council in enumerate(councils):
        report.judgements_changed += scorecard_record(
            council=council,
            period=period,
            entries=_entries(council, period, statements, internal=index % INTERNAL_EVERY == 0),
            written_by=planner,
        )
        narrative = narrative_draft(council=council, period=period)
        if not publish:
            continue
        report.judgements_published += scorecard_publish(
            council=council, period=period, published_by=planner
        )
        edited = narrative_edit(
            narrative=narrative,
            text=f"{DEMO_NARRATIVE} {narrative.generated_text}",
            edited_by=planner,
        )
        narrative_publish(narrative=edited, published_by=planner)


def _local_accounts(planner: User, year: int) -> int:
    councils = Council.objects.active_between(*year_bounds(year))
    for index, council in enumerate(councils.order_by("name")):
        local_account_record(
            council=council,
            year=year,
            url="",
            document=None,
            published_on=None,
            assessment=CRITICAL_ASSESSMENTS.get(index, LocalAccount.Assessment.PUBLISHED),
            notes="Demonstration record: the assessment was made up for the demonstration and "
            f"says nothing about {council.name}'s actual Local Account. No link is recorded "
            "because no address was checked.",
            recorded_by=planner,
        )
    return councils.count()
