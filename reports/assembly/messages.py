"""The Account's opening summary (MoU 2.1 b, i): the region's position in each of the six
domains, and the key messages the portal drafts from the figures for the Planning Group to
edit. No queries here: everything comes from what the assembly already read."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from reports.assembly.content import Published, RegionalSummary
from reports.assembly.scope import NOT_PUBLISHED, RATING_COLUMNS, TEASC_THRESHOLD, Scope
from reports.models import KeyMessage, Topic
from returns.models import Domain


@dataclass(frozen=True)
class DomainPosition:
    """How many councils hold each rating in one domain, this quarter and (where the portal
    holds one) the same quarter a year earlier."""

    domain: str
    label: str
    counts: list[int]  # in RATING_COLUMNS order
    last_counts: list[int] | None

    @property
    def cells(self) -> list[tuple[int, int | None]]:
        """(this quarter, a year earlier or None) for each column."""
        if self.last_counts is None:
            return [(now, None) for now in self.counts]
        return list(zip(self.counts, self.last_counts, strict=True))


def domain_positions(
    scope: Scope, council_ids: list[int], judgements: Published, *, has_previous_year: bool
) -> list[DomainPosition]:
    """Councils at each rating in each domain; a year earlier only when that year exists."""
    period, last = scope.period, scope.last_year
    positions = []
    for domain, label in Domain.choices:
        now: Counter[str] = Counter()
        before: Counter[str] = Counter()
        for council_id in council_ids:
            current = judgements.get((council_id, period.pk, domain))
            now[current[0] if current else NOT_PUBLISHED] += 1
            if last is not None:
                previous = judgements.get((council_id, last.pk, domain))
                before[previous[0] if previous else NOT_PUBLISHED] += 1
        positions.append(
            DomainPosition(
                domain=domain,
                label=label,
                counts=[now[value] for value, _ in RATING_COLUMNS],
                last_counts=(
                    [before[value] for value, _ in RATING_COLUMNS] if has_previous_year else None
                ),
            )
        )
    return positions


@dataclass(frozen=True)
class KeyMessageView:
    """One key message as the Account prints it: the Planning Group's words once edited,
    otherwise the portal's draft, marked as such."""

    topic: str
    title: str
    draft: str
    text: str
    edited: bool
    edited_at: datetime.datetime | None
    draft_changed: bool  # the figures now give a different draft from the one edited


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _domains_draft(scope: Scope, summary: RegionalSummary) -> str:
    red = {p.label: p.counts[2] for p in summary.domain_positions}
    worst = max(red, key=lambda label: red[label]) if red else ""
    text = (
        f"{summary.published_judgements} of {summary.expected_judgements} domain ratings are "
        f"published for {scope.period.label}, {summary.not_assessed} of them "
        f'"Not assessed". '
    )
    if worst and red[worst]:
        text += f"The most Red ratings are in {worst} ({_plural(red[worst], 'council')}). "
    if summary.has_previous_year and scope.last_year is not None:
        text += (
            f"Compared with {scope.last_year.label}: {_plural(len(summary.improved), 'rating')} "
            f"better, {len(summary.worsened)} worse, {summary.unchanged} unchanged."
        )
    else:
        text += (
            "This is the first year of ratings in the portal: there is no earlier year to "
            "compare with."
        )
    return text


def _teasc_draft(scope: Scope, summary: RegionalSummary) -> str:
    if not summary.teasc_with_summary:
        return f"No council's TEASC summary is available for {scope.period.label}."
    text = (
        "Compared with the North West median of councils' returns: "
        f"{summary.teasc_at_threshold} of {_plural(summary.teasc_with_summary, 'council')} "
        f"were better than the median and improving on at least "
        f"{round(100 * TEASC_THRESHOLD)}% of their submitted items in {scope.period.label}; "
        f"the median council was on {summary.teasc_median_share} of its items."
    )
    if summary.has_previous_year and scope.last_year is not None:
        text += (
            f" A year earlier: {summary.teasc_at_threshold_last_year} councils, median "
            f"{summary.teasc_median_share_last_year}."
        )
    return text


def _returns_draft(scope: Scope, summary: RegionalSummary) -> str:
    missing = summary.councils - summary.accepted_returns - summary.reopened_returns
    text = (
        f"{summary.accepted_returns} of {summary.councils} councils' returns for "
        f"{scope.period.label} are accepted"
    )
    if summary.reopened_returns:
        text += f"; {summary.reopened_returns} reopened for correction (not accepted)"
    if missing:
        text += f"; {missing} not yet accepted"
    return text + ". The North West medians are medians of accepted returns."


def _self_assessment_draft(scope: Scope, sections: dict[str, Any]) -> str:
    section = sections.get("self-assessment")
    if section is None:
        return f"No thematic review's regional report was published for {scope.year_label}."
    parts = [
        f"{report.review.title}: {report.submitted} of {len(report.councils)} councils "
        f"submitted a self-assessment; {_plural(len(report.strengths), 'strength')} and "
        f"{_plural(len(report.areas_for_development), 'area')} for development across the region."
        for report in section.data
    ]
    return " ".join(parts)


def _support_draft(scope: Scope, sections: dict[str, Any]) -> str:
    section = sections.get("support")
    if section is None:
        return (
            f"No support engagement, exchange of days or event was recorded for {scope.year_label}."
        )
    data = section.data
    engagements = sum(count for _tier, _offer, count in data.engagements)
    given = sum(row.given.total for row in data.ledger.rows)
    givers = sum(1 for row in data.ledger.rows if row.given.total)
    receivers = sum(1 for row in data.ledger.rows if row.received.total)
    return (
        f"{_plural(engagements, 'support engagement')} agreed, in progress or completed in "
        f"{scope.year_label}; {given} officer and member days given by "
        f"{_plural(givers, 'council')} and received by {_plural(receivers, 'council')}; "
        f"{_plural(data.events, 'event')}."
    )


def _board_draft(scope: Scope, summary: RegionalSummary) -> str:
    red = sum(p.counts[2] for p in summary.domain_positions)
    return (
        f"The Board is asked to note this Account for {scope.year_label}; to consider whether "
        f"the {_plural(red, 'Red domain rating')} call for targeted support or intervention "
        "(MoU Table 1); and to decide the themes for next year's self-assessment."
    )


def key_message_drafts(
    scope: Scope, summary: RegionalSummary, sections: dict[str, Any]
) -> dict[str, str]:
    """The portal's draft of each key message, from the figures alone."""
    return {
        Topic.DOMAINS: _domains_draft(scope, summary),
        Topic.TEASC: _teasc_draft(scope, summary),
        Topic.RETURNS: _returns_draft(scope, summary),
        Topic.SELF_ASSESSMENT: _self_assessment_draft(scope, sections),
        Topic.SUPPORT: _support_draft(scope, sections),
        Topic.BOARD: _board_draft(scope, summary),
    }


def key_messages_build(
    drafts: dict[str, str], edits: dict[str, KeyMessage]
) -> list[KeyMessageView]:
    """Each topic's message: the Planning Group's edit where there is one, else the draft."""
    views = []
    for topic, title in Topic.choices:
        edit = edits.get(topic)
        draft = drafts[topic]
        views.append(
            KeyMessageView(
                topic=topic,
                title=str(title),
                draft=draft,
                text=edit.text if edit else draft,
                edited=edit is not None,
                edited_at=edit.edited_at if edit else None,
                draft_changed=edit is not None and edit.draft.strip() != draft.strip(),
            )
        )
    return views
