"""Evaluating a quarter: every registered finder is run and the automatic concerns brought up
to date.

**Evaluation** (:func:`triggers_evaluate`) is idempotent: a concern is keyed by (council, key),
so a second run raises nothing new. Keys end in their scope (the quarter's slug, or the
financial year for a yearly finding), so evaluating a quarter looks again at exactly the
concerns in its own quarter and year, and quarters can be evaluated in any order. A finding
that no longer holds gets ``condition_cleared_on`` and a CLEARED event, but stays open for a
person to close. A finding that holds again reopens the flag. A concern a person has closed is
never reopened by the portal.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from authorities.models import Council
from returns.models import Period
from sli_portal.financial_years import year_slug
from sli_portal.history import set_change_reason, set_history_user

# Every finder module, so that every evaluation runs every finder (they register on import).
from triggers.automatic import figures, level1, submissions  # noqa: F401
from triggers.automatic.registry import FINDERS, Finding
from triggers.models import (
    Automatic,
    Concern,
    ConcernEvent,
    ConcernStatus,
    Thresholds,
    Trigger,
    Visibility,
)
from triggers.services.concerns import concern_raise

logger = logging.getLogger(__name__)

# Kinds that no Table 2 row carries in ``table2.csv``, and the trigger (quadrant key, order)
# they are raised under: a council not sending its quarterly return to the NW Performance
# Leads Group is read as "Disengaging from networks i.e. becoming insular" (Interface with
# Stakeholders 4; source "SLI Planning Group / NWTEB").
FALLBACK_TRIGGERS: dict[str, tuple[str, int]] = {Automatic.RETURN_LATE: ("stakeholders", 4)}


@dataclass
class EvaluationResult:
    """What one evaluation of a quarter found and did. ``findings`` are every flag that holds;
    ``raised`` the new concerns; ``reopened`` flags that hold again after clearing; ``updated``
    open flags whose figures changed; ``cleared`` flags that no longer hold; ``unchanged`` open
    flags found again as they were; ``closed`` findings whose concern a person has closed;
    ``skipped_kinds`` kinds found with no Table 2 trigger to raise them under."""

    period: Period
    committed: bool
    findings: list[Finding] = field(default_factory=list)
    raised: list[Concern] = field(default_factory=list)
    reopened: list[Concern] = field(default_factory=list)
    updated: list[Concern] = field(default_factory=list)
    cleared: list[Concern] = field(default_factory=list)
    unchanged: int = 0
    closed: int = 0
    skipped_kinds: set[str] = field(default_factory=set)


def _scope_suffixes(period: Period) -> tuple[str, str]:
    return f":{period.slug}", f":{year_slug(period.year)}"


def _in_scope(key: str, period: Period, kinds: set[str]) -> bool:
    return key.split(":", 1)[0] in kinds and key.endswith(_scope_suffixes(period))


def _save(concern: Concern, reason: str) -> None:
    set_history_user(concern, None)
    set_change_reason(concern, reason)
    concern.save()


def triggers_evaluate(
    *, period: Period, commit: bool = True, today: datetime.date | None = None
) -> EvaluationResult:
    """Run every registered finder on ``period`` and bring its automatic concerns up to date.

    New findings are raised as concerns for the Planning Group only (raised by the portal,
    under the Table 2 trigger of that kind); open concerns in the quarter's scope that are no
    longer found are marked cleared, not closed; cleared ones found again are reopened. Every
    change writes a ConcernEvent. Evaluations are serialised (a lock on the thresholds row), so
    the nightly run and one after an accepted return cannot raise the same flag twice. With
    ``commit=False`` everything is worked out and rolled back: nothing changes.
    """
    today = today or timezone.localdate()
    result = EvaluationResult(period=period, committed=commit)
    with transaction.atomic():
        Thresholds.objects.select_for_update().filter(pk=Thresholds.current().pk).first()
        triggers = triggers_by_kind()
        kinds = {f.kind for f in FINDERS}
        for finder in FINDERS:
            result.findings.extend(finder.find(period))
        result.findings.sort(key=lambda f: (f.council_id, f.key))
        existing = {
            (c.council_id, c.automatic_key): c
            for c in Concern.objects.select_for_update().filter(
                automatic_key__in={f.key for f in result.findings} | _open_keys(period, kinds)
            )
        }
        _record_findings(result, existing, triggers, today)
        _clear_lapsed(result, existing, kinds, today)
        if not commit:
            transaction.set_rollback(True)
    for kind in sorted(result.skipped_kinds):
        logger.warning("No Table 2 trigger for automatic kind %s: load Table 2", kind)
    return result


def _record_findings(
    result: EvaluationResult,
    existing: dict[tuple[int, str], Concern],
    triggers: dict[str, Trigger],
    today: datetime.date,
) -> None:
    """Raise each new finding, reopen a cleared one found again and update the reasons of an
    open one whose figures changed; a closed one stays closed."""
    councils = Council.objects.in_bulk()
    for finding in result.findings:
        trigger = triggers.get(finding.kind)
        if trigger is None:
            result.skipped_kinds.add(finding.kind)
            continue
        concern = existing.get((finding.council_id, finding.key))
        if concern is None:
            result.raised.append(
                _raise(finding, trigger, councils[finding.council_id], result.period, today)
            )
        elif concern.status == ConcernStatus.CLOSED:
            result.closed += 1
        elif concern.condition_cleared_on is not None:
            concern.condition_cleared_on = None
            _found_again(concern, finding, ConcernEvent.Action.REOPENED)
            result.reopened.append(concern)
        elif concern.reasons != finding.reasons:
            _found_again(concern, finding, ConcernEvent.Action.EDITED)
            result.updated.append(concern)
        else:
            result.unchanged += 1


def _raise(
    finding: Finding, trigger: Trigger, council: Council, period: Period, today: datetime.date
) -> Concern:
    return concern_raise(
        council=council,
        trigger=trigger,
        title=finding.title[:200],
        evidence="",
        links=[],
        source=f"The portal's automatic check of {period.label}",
        raised_on=today,
        severity=finding.severity,
        visibility=Visibility.PLANNING_GROUP,
        raised_by=None,
        automatic_key=finding.key,
        reasons=finding.reasons,
        evidence_url=finding.evidence_url,
    )


# A flag found again: why its concern is saved, and how its event begins, by the event.
_FOUND_AGAIN: dict[str, tuple[str, str]] = {
    ConcernEvent.Action.REOPENED: ("Condition holds again", "The condition holds again: "),
    ConcernEvent.Action.EDITED: (
        "Figures changed",
        "The condition still holds, with new figures: ",
    ),
}


def _found_again(concern: Concern, finding: Finding, action: str) -> None:
    """Store the finding's reasons on its concern, with a REOPENED or EDITED event."""
    reason, says = _FOUND_AGAIN[action]
    concern.reasons = finding.reasons
    _save(concern, reason)
    ConcernEvent.objects.create(concern=concern, action=action, text=says + finding.reasons)


def _clear_lapsed(
    result: EvaluationResult,
    existing: dict[tuple[int, str], Concern],
    kinds: set[str],
    today: datetime.date,
) -> None:
    """Mark cleared (not closed) each open flag in the quarter's scope no longer found."""
    period = result.period
    found = {(f.council_id, f.key) for f in result.findings}
    for (council_id, key), concern in sorted(existing.items()):
        if (
            (council_id, key) in found
            or concern.status == ConcernStatus.CLOSED
            or concern.condition_cleared_on is not None
            or not _in_scope(key, period, kinds)
        ):
            continue
        concern.condition_cleared_on = today
        _save(concern, "Condition cleared")
        ConcernEvent.objects.create(
            concern=concern,
            action=ConcernEvent.Action.CLEARED,
            text=(
                f"The condition has cleared: when {period.label} was evaluated on "
                f"{today:%-d %B %Y} this was no longer found. It had been: {concern.reasons}"
            ),
        )
        result.cleared.append(concern)


def _open_keys(period: Period, kinds: set[str]) -> set[str]:
    """Keys of open, uncleared automatic concerns in the quarter's scope."""
    quarter, year = _scope_suffixes(period)
    keys = (
        Concern.objects.open()
        .filter(condition_cleared_on__isnull=True)
        .filter(Q(automatic_key__endswith=quarter) | Q(automatic_key__endswith=year))
        .values_list("automatic_key", flat=True)
        .distinct()
    )
    return {key for key in keys if _in_scope(key, period, kinds)}


def triggers_by_kind() -> dict[str, Trigger]:
    """The Table 2 trigger each automatic kind is raised under: the row carrying the kind, or
    its :data:`FALLBACK_TRIGGERS` place in the table."""
    rows = list(Trigger.objects.select_related("quadrant"))
    found = {t.automatic: t for t in rows if t.automatic}
    places = {(t.quadrant.key, t.order): t for t in rows}
    for kind, place in FALLBACK_TRIGGERS.items():
        if kind not in found and place in places:
            found[kind] = places[place]
    return found


def latest_period_with_accepted_returns() -> Period | None:
    return (
        Period.objects.filter(returns__accepted_version__isnull=False)
        .order_by("-year", "-quarter")
        .first()
    )


def table2_has_automatic_triggers() -> bool:
    return Trigger.objects.exclude(automatic="").exists()
