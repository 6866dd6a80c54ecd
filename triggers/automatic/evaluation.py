"""Evaluating a closed period: every registered finder is run and the automatic flags brought up
to date.

**One flag per council per Table 2 trigger.** A flag's ``automatic_key`` is its kind; its
``evidence_items`` gather every finding of that kind (each measure, period and figure, with the
comparator and the distance in MADs), and ``evidence_scope`` is the quarter (its index) whose
evaluation set them. Evaluating a quarter replaces the evidence of flags no newer than it; an
earlier quarter evaluated after a later one changes nothing.

**Only closed periods.** A quarter is evaluated once its return deadline has passed; the Local
Account trigger looks at the last year that has ended with the region's grace period after it
(:func:`~triggers.automatic.submissions.local_account_year`). A council that did not hold
adult social care responsibility in the quarter is never flagged for it (Cumbria after 31 March
2023), and its flags are left as they were.

**Clearing, closing, reopening.** An open flag no longer found, where the council's figures
in the quarter show it, is cleared (it leaves the queue) with the date and the figures that
cleared it in its history; found again, it comes back. A flag a person has closed is not raised
again on the same evidence (the same measures, returns, years or key elements); new evidence
raises it again, saying what is new. Evaluation is idempotent: run twice, the second changes
nothing.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from authorities.models import Council
from returns.models import Period
from sli_portal.history import set_change_reason, set_history_user

# Every finder module, so that every evaluation runs every finder (they register on import).
from triggers.automatic import figures, level1, published, submissions  # noqa: F401
from triggers.automatic.clearing import clearing_figures
from triggers.automatic.registry import FINDERS, Finding
from triggers.models import (
    Automatic,
    Concern,
    ConcernEvent,
    ConcernStatus,
    Severity,
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
_SEVERITY_RANK: dict[str, int] = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}
Flag = tuple[int, str]  # (council id, kind)


@dataclass
class EvaluationResult:
    """What one evaluation found and did. ``findings`` are every finding that holds; ``raised``
    the new flags; ``reopened`` flags found again after clearing or, with new evidence, after a
    person closed them; ``updated`` open flags whose evidence changed; ``cleared`` flags no
    longer found; ``unchanged`` open flags found again as they were; ``closed`` flags a person
    closed, found again on the same evidence; ``older`` flags whose evidence comes from a later
    quarter; ``not_closed`` when the quarter's deadline has not passed (nothing evaluated)."""

    period: Period
    committed: bool
    findings: list[Finding] = field(default_factory=list)
    raised: list[Concern] = field(default_factory=list)
    reopened: list[Concern] = field(default_factory=list)
    updated: list[Concern] = field(default_factory=list)
    cleared: list[Concern] = field(default_factory=list)
    unchanged: int = 0
    closed: int = 0
    older: int = 0
    not_closed: bool = False
    skipped_kinds: set[str] = field(default_factory=set)

    @property
    def changed(self) -> int:
        return len(self.raised) + len(self.reopened) + len(self.updated) + len(self.cleared)


def period_is_closed(period: Period, today: datetime.date | None = None) -> bool:
    """A quarter is closed once its return deadline has passed."""
    return (today or timezone.localdate()) > period.deadline


def scope_index(kind: str, period: Period) -> int:
    """The quarter (its index) an evaluation of ``period`` speaks for, for ``kind``: the quarter
    itself, or the last quarter of the year a yearly kind looks at."""
    if kind == Automatic.LOCAL_ACCOUNT:
        return submissions.local_account_year(period) * 4 + 3
    if kind == Automatic.SELF_ASSESSMENT_LEVEL1:
        return period.year * 4 + 3
    if kind == Automatic.WORKFORCE_TURNOVER:
        return published.published_year(period) * 4 + 3
    return period.index


def _save(concern: Concern, reason: str) -> None:
    set_history_user(concern, None)
    set_change_reason(concern, reason)
    concern.save()


def triggers_evaluate(
    *,
    period: Period,
    commit: bool = True,
    today: datetime.date | None = None,
    kinds: Collection[str] | None = None,
) -> EvaluationResult:
    """Run every registered finder on ``period`` and bring the automatic flags up to date (see
    the module docstring). Refuses, changing nothing, a quarter whose deadline has not passed.
    Evaluations are serialised (a lock on the thresholds row), so the nightly run and one after
    an accepted return cannot raise the same flag twice. With ``commit=False`` everything is
    worked out and rolled back: nothing changes. With ``kinds``, only the finders of those
    kinds run and only their flags are brought up to date."""
    today = today or timezone.localdate()
    result = EvaluationResult(period=period, committed=commit)
    if not period_is_closed(period, today):
        result.not_closed = True
        return result
    with transaction.atomic():
        Thresholds.objects.select_for_update().filter(pk=Thresholds.current().pk).first()
        triggers = triggers_by_kind()
        finders = [f for f in FINDERS if kinds is None or f.kind in kinds]
        evaluated = {f.kind for f in finders}
        active = set(
            Council.objects.active_between(period.starts_on, period.ends_on).values_list(
                "pk", flat=True
            )
        )
        for finder in finders:
            result.findings.extend(f for f in finder.find(period) if f.council_id in active)
        result.findings.sort(key=lambda f: (f.council_id, f.key))
        flags: dict[Flag, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            flags[(finding.council_id, finding.kind)].append(finding)
        existing = {
            (c.council_id, c.automatic_key): c
            for c in Concern.objects.select_for_update().filter(automatic_key__in=evaluated)
        }
        _record_flags(result, flags, existing, triggers, today)
        lapsed = [
            c
            for key, c in sorted(existing.items())
            if key not in flags and c.council_id in active and _may_clear(c, period)
        ]
        _clear_lapsed(result, lapsed, today)
        if not commit:
            transaction.set_rollback(True)
    for kind in sorted(result.skipped_kinds):
        logger.warning("No Table 2 trigger for automatic kind %s: load Table 2", kind)
    return result


def _may_clear(concern: Concern, period: Period) -> bool:
    return (
        concern.status != ConcernStatus.CLOSED
        and concern.condition_cleared_on is None
        and not concern.held_open
        and (concern.evidence_scope or 0) <= scope_index(concern.automatic_key, period)
    )


@dataclass(frozen=True)
class _Evidence:
    """A flag's evidence as one evaluation found it."""

    kind: str
    findings: list[Finding]
    scope: int

    @property
    def items(self) -> list[dict[str, object]]:
        return [f.as_evidence() for f in self.findings]

    @property
    def subjects(self) -> set[str]:
        return {f.subject for f in self.findings}

    @property
    def reasons(self) -> str:
        return "\n".join(f.reasons for f in self.findings)

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.findings), key=lambda s: _SEVERITY_RANK[s])

    def title(self, trigger: Trigger) -> str:
        if len(self.findings) == 1:
            return self.findings[0].title[:200]
        names = [f.subject.split(":", 1)[-1] for f in self.findings]
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        periods = sorted({f.period for f in self.findings if f.period})
        return f"{trigger.name}: {shown} ({', '.join(periods)})"[:200]

    def new_to(self, concern: Concern) -> list[Finding]:
        known = {str(item.get("subject")) for item in concern.evidence_items}
        return [f for f in self.findings if f.subject not in known]


def _record_flags(
    result: EvaluationResult,
    flags: dict[Flag, list[Finding]],
    existing: dict[Flag, Concern],
    triggers: dict[str, Trigger],
    today: datetime.date,
) -> None:
    """Raise each new flag, bring back a cleared one found again, raise again with what is new
    one a person closed, and update the evidence of an open one whose findings changed."""
    councils = Council.objects.in_bulk(list({council_id for council_id, _ in flags}))
    for (council_id, kind), findings in sorted(flags.items()):
        trigger = triggers.get(kind)
        if trigger is None:
            result.skipped_kinds.add(kind)
            continue
        evidence = _Evidence(kind, findings, scope_index(kind, result.period))
        concern = existing.get((council_id, kind))
        if concern is None:
            result.raised.append(
                _raise(evidence, trigger, councils[council_id], result.period, today)
            )
        elif (concern.evidence_scope or 0) > evidence.scope:
            result.older += 1
        elif concern.status == ConcernStatus.CLOSED:
            new = evidence.new_to(concern)
            if new:
                _reopen_closed(concern, evidence, trigger, new)
                result.reopened.append(concern)
            else:
                result.closed += 1
        elif concern.condition_cleared_on is not None:
            _store(concern, evidence, trigger, new=True)
            concern.condition_cleared_on = None
            _save(concern, "Condition holds again")
            _event(concern, ConcernEvent.Action.REOPENED, "The condition holds again: ", findings)
            result.reopened.append(concern)
        elif concern.evidence_items != evidence.items or concern.evidence_scope != evidence.scope:
            _update(concern, evidence, trigger)
            result.updated.append(concern)
        else:
            result.unchanged += 1


def _store(concern: Concern, evidence: _Evidence, trigger: Trigger, *, new: bool) -> None:
    concern.title = evidence.title(trigger)
    concern.reasons = evidence.reasons
    concern.severity = evidence.severity
    concern.evidence_items = evidence.items
    concern.evidence_scope = evidence.scope
    concern.evidence_url = evidence.findings[0].evidence_url[:300]
    if new:
        concern.new_evidence_at = timezone.now()


def _event(concern: Concern, action: str, says: str, findings: list[Finding]) -> None:
    text = says + " ".join(f.reasons for f in findings)
    ConcernEvent.objects.create(concern=concern, action=action, text=text)


def _update(concern: Concern, evidence: _Evidence, trigger: Trigger) -> None:
    new = evidence.new_to(concern)
    _store(concern, evidence, trigger, new=bool(new))
    _save(concern, "New evidence" if new else "Figures changed")
    if new:
        _event(concern, ConcernEvent.Action.EDITED, "New evidence: ", new)
    else:
        _event(
            concern,
            ConcernEvent.Action.EDITED,
            "The condition still holds, with new figures: ",
            evidence.findings,
        )


def _reopen_closed(
    concern: Concern, evidence: _Evidence, trigger: Trigger, new: list[Finding]
) -> None:
    concern.status = ConcernStatus.RAISED
    concern.condition_cleared_on = None
    _store(concern, evidence, trigger, new=True)
    _save(concern, "Raised again on new evidence")
    _event(
        concern,
        ConcernEvent.Action.REOPENED,
        "Raised again on new evidence since it was closed. New: ",
        new,
    )


def _raise(
    evidence: _Evidence, trigger: Trigger, council: Council, period: Period, today: datetime.date
) -> Concern:
    concern = concern_raise(
        council=council,
        trigger=trigger,
        title=evidence.title(trigger),
        evidence="",
        links=[],
        source=f"The portal's automatic check of {period.label}",
        raised_on=today,
        severity=evidence.severity,
        visibility=Visibility.PLANNING_GROUP,
        raised_by=None,
        automatic_key=evidence.kind,
        reasons=evidence.reasons,
        evidence_url=evidence.findings[0].evidence_url,
    )
    Concern.objects.filter(pk=concern.pk).update(
        evidence_items=evidence.items, evidence_scope=evidence.scope, new_evidence_at=timezone.now()
    )
    concern.refresh_from_db()
    return concern


def _clear_lapsed(result: EvaluationResult, lapsed: list[Concern], today: datetime.date) -> None:
    """Clear (not close) each open flag no longer found, keeping the figures that cleared it.
    A flag on figures is cleared only when the council has figures in the quarter for the
    measures it was about: a return not yet in is not a return that has improved."""
    period = result.period
    now = clearing_figures(lapsed, period)
    for concern in lapsed:
        figures_now = now.get(concern.pk)
        if figures_now is None:
            continue
        concern.condition_cleared_on = today
        _save(concern, "Condition cleared")
        ConcernEvent.objects.create(
            concern=concern,
            action=ConcernEvent.Action.CLEARED,
            text=(
                f"The condition has cleared: when {period.label} was evaluated on "
                f"{today:%-d %B %Y} this was no longer found. {figures_now} "
                f"It had been: {concern.reasons}"
            ),
        )
        result.cleared.append(concern)


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


def latest_closed_period(today: datetime.date | None = None) -> Period | None:
    """The latest quarter whose return deadline has passed."""
    today = today or timezone.localdate()
    return Period.objects.filter(deadline__lt=today).order_by("-year", "-quarter").first()


def table2_has_automatic_triggers() -> bool:
    return Trigger.objects.exclude(automatic="").exists()
