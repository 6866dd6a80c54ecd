"""Automatic triggers: the Table 2 triggers the portal can raise from data by itself (DOMAIN.md
§3: "a measure far worse than comparators, a sharp change, a Level 1 failure, a missing Local
Account"). Judgement stays with people: an automatic concern is raised for the Planning Group
only, never shared or closed by the portal.

**Finders.** A finder is a function ``(period) -> list[Finding]``, registered in :data:`FINDERS`
with :func:`register_finder` and the :class:`~triggers.models.Automatic` kind it finds. Each
finding names a council, a kind, a ``key``, a title, plain-English ``reasons`` with the figures,
a link to the evidence and a severity. Keys end in their *scope*: the quarter's slug
(``measure_outlier:2C:2023-24-Q4``) or, for a yearly finding, the financial year
(``local_account:2023-24``). Evaluating a quarter therefore looks again at exactly the concerns
in its own quarter and year, so quarters can be evaluated in any order.

**Evaluation** (:func:`triggers_evaluate`) is idempotent: a concern is keyed by (council, key),
so a second run raises nothing new. A finding that no longer holds gets ``condition_cleared_on``
and a CLEARED event, but stays open for a person to close. A finding that holds again reopens
the flag. A concern a person has closed is never reopened by the portal.

Each kind is raised under the Table 2 row that carries it in ``table2.csv``; a kind no row
carries (``return_late``) under its place in :data:`FALLBACK_TRIGGERS`.

**The Level 1 hook** (Table 2, Other Intelligence 1: "failure to meet minimum standards (i.e.
Level 1) on key elements of self assessment for thematic reviews"). Thematic self-assessments
live in the ``selfassessment`` app, which sits to the left of ``triggers`` and so may not import
it. When it exists, its finder is written *here*, in ``triggers`` (which may import it)::

    @register_finder(Automatic.SELF_ASSESSMENT_LEVEL1)
    def self_assessment_level1(period: Period) -> list[Finding]:
        from selfassessment.selectors import level1_failures  # (council, standard, review)
        return [Finding(..., key=f"self_assessment_level1:{standard.code}:{fy}", ...)
                for council, standard, review in level1_failures(year=period.year)]

or in a module that this one imports at its foot. Nothing else changes: the Table 2 row "Failure
to meet minimum standards (i.e. Level 1)..." already carries the ``self_assessment_level1`` kind,
and the evaluation, clearing and reopening apply to every registered finder. A new submission
can enqueue ``triggers.evaluate_latest`` by name after commit, as ``returns`` does by signal.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone

from authorities.models import Council
from returns.models import (
    Measure,
    Period,
    Polarity,
    Return,
    ReturnEvent,
    ReturnStatus,
    ReturnValue,
    Unit,
)
from scorecard.models import Band, CouncilPosition, Direction, LocalAccount, MeasureBenchmark
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

# Measures of the return counting admissions to residential and nursing care (ASCOF 2023-24:
# 2B younger adults, 2C older adults, per 100,000 population).
ADMISSIONS_CODES = ("2B", "2C")
# Kinds that no Table 2 row carries in ``table2.csv``, and the trigger (quadrant key, order)
# they are raised under: a council not sending its quarterly return to the NW Performance
# Leads Group is read as "Disengaging from networks i.e. becoming insular" (Interface with
# Stakeholders 4; source "SLI Planning Group / NWTEB").
FALLBACK_TRIGGERS: dict[str, tuple[str, int]] = {Automatic.RETURN_LATE: ("stakeholders", 4)}
# Bands that carry no comparison: no polarity, a group of fewer than 8, no figure.
_UNCOMPARED = {Band.NOT_BANDED, Band.TOO_SMALL, Band.NO_VALUE}
_NOT_WORSE = {Band.SIMILAR, Band.SLIGHTLY_BETTER, Band.BETTER, Band.MUCH_BETTER}


@dataclass(frozen=True)
class Finding:
    """One automatic trigger found for one council: what, why (with the figures) and where to
    see the evidence."""

    council_id: int
    kind: str
    key: str
    title: str
    reasons: str
    evidence_url: str
    severity: str = Severity.MEDIUM


Finder = Callable[[Period], list[Finding]]


@dataclass(frozen=True)
class RegisteredFinder:
    kind: str
    find: Finder


FINDERS: list[RegisteredFinder] = []


def register_finder(kind: str) -> Callable[[Finder], Finder]:
    """Add a finder for ``kind`` (an :class:`Automatic` value) to :data:`FINDERS`."""
    if kind not in Automatic.values:
        raise ValueError(f"{kind!r} is not an automatic trigger kind")

    def register(find: Finder) -> Finder:
        FINDERS[:] = [f for f in FINDERS if f.find.__qualname__ != find.__qualname__]
        FINDERS.append(RegisteredFinder(kind=kind, find=find))
        return find

    return register


# --- Helpers ----------------------------------------------------------------------------------


def year_slug(year: int) -> str:
    """A financial year as keys and URLs write it: 2023 -> ``2023-24``."""
    return f"{year}-{(year + 1) % 100:02d}"


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _figure(value: float, measure: Measure) -> str:
    places = measure.decimal_places
    if measure.unit == Unit.POUNDS:
        return f"£{value:,.2f}"
    if measure.unit == Unit.PERCENTAGE:
        return f"{value:,.{places}f}%"
    if measure.unit == Unit.RATE:
        return f"{value:,.{places}f} per 100,000"
    return f"{value:,.{places}f}"


def _share(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".0%", "%")


def _council_url(council: Council, period: Period) -> str:
    return reverse("scorecard:council", args=[council.slug]) + f"?period={period.slug}"


def _year_earlier(period: Period) -> Period | None:
    return Period.objects.filter(year=period.year - 1, quarter=period.quarter).first()


def _accepted(periods: Iterable[Period], measures: Iterable[Measure]) -> dict[tuple, float]:
    """(council id, measure id, period id) -> accepted figure, in one query."""
    rows = ReturnValue.objects.filter(
        version__return_obj__period__in=list(periods),
        version__return_obj__accepted_version=F("version"),
        measure__in=list(measures),
        value__isnull=False,
    ).values_list(
        "version__return_obj__council_id", "measure_id", "version__return_obj__period_id", "value"
    )
    return {(c, m, p): float(v) for c, m, p, v in rows if v is not None}


def _councils() -> dict[int, Council]:
    return {c.pk: c for c in Council.objects.all()}


# --- The finders ------------------------------------------------------------------------------


@register_finder(Automatic.MEASURE_OUTLIER)
def measure_outliers(period: Period) -> list[Finding]:
    """Table 2 Outcomes, ASCOF measures: a measure more than ``mads_worse`` MADs worse than the
    North West median, or in the bottom quarter of NW councils (by polarity) and worsening for
    ``bottom_quartile_quarters`` quarters in a row. Never for a measure without a declared
    polarity, nor in a group of fewer than 8 figures (the comparators' own rule). A distance
    that cannot be measured (a MAD of 0) is left for a person, as the bands leave it."""
    thresholds = Thresholds.current()
    limit = float(thresholds.mads_worse)
    positions = list(
        CouncilPosition.objects.filter(period=period, value__isnull=False)
        .exclude(band__in=_UNCOMPARED)
        .filter(measure__polarity__in=[Polarity.HIGHER, Polarity.LOWER])
        .select_related("measure", "council")
    )
    medians = dict(
        MeasureBenchmark.objects.filter(period=period).values_list("measure_id", "nw_median")
    )
    streaks = _bottom_quartile_streaks(period, thresholds.bottom_quartile_quarters)
    findings = []
    for position in positions:
        measure, council = position.measure, position.council
        reasons: list[str] = []
        worse_by = None
        if position.nw_mads is not None:
            worse_by = (
                -position.nw_mads if measure.polarity == Polarity.HIGHER else position.nw_mads
            )
        median = medians.get(measure.pk)
        value = position.value
        if worse_by is not None and worse_by > limit and median is not None and value is not None:
            reasons.append(
                f"{council.name}'s figure of {_figure(value, measure)} in "
                f"{period.label} is {worse_by:.1f} MADs worse than the North West median of "
                f"{_figure(median, measure)} (the threshold is {limit:g} MADs; "
                f"{measure.better_in_words.lower()})"
            )
        streak = streaks.get((council.pk, measure.pk))
        if streak:
            reasons.append(
                f"It has been in the bottom quarter of North West councils and worsening for "
                f"{len(streak)} quarters in a row ({', '.join(streak)})"
            )
        if not reasons:
            continue
        far = worse_by is not None and worse_by > limit
        high = len(reasons) == 2 or (worse_by is not None and worse_by > 2 * limit)
        what = " and ".join(
            part
            for part, holds in (
                ("far worse than the NW median", far),
                ("bottom quarter and worsening", bool(streak)),
            )
            if holds
        )
        findings.append(
            Finding(
                council_id=council.pk,
                kind=Automatic.MEASURE_OUTLIER,
                key=f"measure_outlier:{measure.code}:{period.slug}",
                title=f"{measure.code} {what}, {period.label}",
                reasons=f"{measure.code} {measure.name}: " + ". ".join(reasons) + ".",
                evidence_url=_council_url(council, period),
                severity=Severity.HIGH if high else Severity.MEDIUM,
            )
        )
    return findings


def _bottom_quartile_streaks(period: Period, quarters: int) -> dict[tuple[int, int], list[str]]:
    """(council id, measure id) -> the labels of the last ``quarters`` quarters (ending with
    ``period``) if it was in the bottom NW quarter by polarity and worsening in every one."""
    if quarters < 1:
        return {}
    wanted = [(i // 4, i % 4 + 1) for i in range(period.index - quarters + 1, period.index + 1)]
    window = [
        p
        for p in Period.objects.filter(year__in={y for y, _ in wanted})
        if (p.year, p.quarter) in wanted
    ]
    if len(window) < quarters:
        return {}
    window.sort(key=lambda p: p.index)
    labels = {p.pk: p.label for p in window}
    rows = (
        CouncilPosition.objects.filter(
            period__in=window,
            direction=Direction.WORSENING,
            measure__polarity__in=[Polarity.HIGHER, Polarity.LOWER],
        )
        .exclude(band__in=_UNCOMPARED)
        .values_list("council_id", "measure_id", "period_id", "value_quartile", "measure__polarity")
    )
    hits: dict[tuple[int, int], set[int]] = {}
    for council_id, measure_id, period_id, quartile, polarity in rows:
        bottom = 1 if polarity == Polarity.HIGHER else 4
        if quartile == bottom:
            hits.setdefault((council_id, measure_id), set()).add(period_id)
    return {
        key: [labels[p.pk] for p in window] for key, found in hits.items() if len(found) == quarters
    }


@register_finder(Automatic.UNIT_COST_CHANGE)
def unit_cost_changes(period: Period) -> list[Finding]:
    """Table 2 Resources, financial measures: a change of more than ``unit_cost_change`` (up
    or down) in a unit-cost measure (unit £) against the same quarter a year earlier: "significant
    increases in unit costs or significant reductions, which if not underpinned by a robust VFM
    review, may indicate a reduction in quality"."""
    limit = float(Thresholds.current().unit_cost_change)
    earlier = _year_earlier(period)
    measures = list(Measure.objects.in_return().filter(unit=Unit.POUNDS))
    if earlier is None or not measures:
        return []
    figures = _accepted([period, earlier], measures)
    councils = _councils()
    findings = []
    for measure in measures:
        for council in councils.values():
            now = figures.get((council.pk, measure.pk, period.pk))
            before = figures.get((council.pk, measure.pk, earlier.pk))
            if now is None or not before:
                continue
            change = (now - before) / before
            if abs(change) <= limit:
                continue
            direction = "rise" if change > 0 else "fall"
            findings.append(
                Finding(
                    council_id=council.pk,
                    kind=Automatic.UNIT_COST_CHANGE,
                    key=f"unit_cost_change:{measure.code}:{period.slug}",
                    title=f"{measure.code} unit cost: a {direction} of {_share(abs(change))}, "
                    f"{period.label}",
                    reasons=(
                        f"{measure.code} {measure.name}: {_figure(now, measure)} in "
                        f"{period.label} against {_figure(before, measure)} in {earlier.label}, "
                        f"a {direction} of {_share(abs(change))} (the threshold is "
                        f"{_share(limit)} either way). A significant change in unit costs not "
                        "backed by a value-for-money review may indicate a change in quality."
                    ),
                    evidence_url=_council_url(council, period),
                    severity=Severity.HIGH if abs(change) > 2 * limit else Severity.MEDIUM,
                )
            )
    return findings


@register_finder(Automatic.ADMISSIONS_RISE)
def admissions_rises(period: Period) -> list[Finding]:
    """Table 2 Resources, financial concerns: "significant unexplained increase in admissions to
    residential or nursing care": a rise of more than ``admissions_rise`` in measure 2B or 2C
    of the return against the same quarter a year earlier."""
    limit = float(Thresholds.current().admissions_rise)
    earlier = _year_earlier(period)
    measures = list(Measure.objects.in_return().filter(code__in=ADMISSIONS_CODES))
    if earlier is None or not measures:
        return []
    figures = _accepted([period, earlier], measures)
    councils = _councils()
    findings = []
    for measure in measures:
        for council in councils.values():
            now = figures.get((council.pk, measure.pk, period.pk))
            before = figures.get((council.pk, measure.pk, earlier.pk))
            if now is None or not before or before < 0:
                continue
            rise = (now - before) / before
            if rise <= limit:
                continue
            findings.append(
                Finding(
                    council_id=council.pk,
                    kind=Automatic.ADMISSIONS_RISE,
                    key=f"admissions_rise:{measure.code}:{period.slug}",
                    title=f"{measure.code} admissions to care homes up {_share(rise)}, "
                    f"{period.label}",
                    reasons=(
                        f"{measure.code} {measure.name}: {_figure(now, measure)} in "
                        f"{period.label} against {_figure(before, measure)} in {earlier.label}, "
                        f"a rise of {_share(rise)} (the threshold is {_share(limit)})."
                    ),
                    evidence_url=_council_url(council, period),
                    severity=Severity.HIGH if rise > 2 * limit else Severity.MEDIUM,
                )
            )
    return findings


@register_finder(Automatic.RETURN_LATE)
def late_returns(period: Period) -> list[Finding]:
    """A council active in the quarter that had not submitted its return ``late_after_days``
    after the deadline: still missing, or submitted late (dated by its first submission).
    Demonstration returns are never late: their dates are when they were generated."""
    grace = Thresholds.current().late_after_days
    due = period.deadline + datetime.timedelta(days=grace)
    if timezone.localdate() <= due:
        return []
    returns = {
        r.council_id: r
        for r in Return.objects.filter(period=period).only(
            "council_id",
            "status",
            "submitted_version_id",
            "accepted_version_id",
            "is_demonstration",
        )
    }
    first_submitted = dict(
        ReturnEvent.objects.filter(return_obj__period=period, action=ReturnEvent.Action.SUBMITTED)
        .values("return_obj__council_id")
        .annotate(first=Min("at"))
        .values_list("return_obj__council_id", "first")
    )
    grace_words = f" and {grace} days' grace" if grace else ""
    findings = []
    for council in Council.objects.active_between(period.starts_on, period.ends_on):
        ret = returns.get(council.pk)
        if ret is not None and ret.is_demonstration:
            continue
        submitted = first_submitted.get(council.pk)
        was_submitted = ret is not None and (
            submitted is not None
            or ret.accepted_version_id is not None
            or ret.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
        )
        if was_submitted and submitted is None:
            continue  # submitted with no dated record (an import): not known to be late
        if was_submitted and submitted is not None:
            on = timezone.localdate(submitted)
            if on <= due:
                continue
            reasons = (
                f"{council.name}'s return for {period.label} was submitted on {on:%-d %B %Y}, "
                f"{(on - period.deadline).days} days after the deadline of "
                f"{period.deadline:%-d %B %Y}."
            )
            title = f"Return for {period.label} submitted late"
        else:
            reasons = (
                f"{council.name} had not submitted its return for {period.label} by the "
                f"deadline of {period.deadline:%-d %B %Y}{grace_words}."
            )
            title = f"Return for {period.label} missing after the deadline"
        findings.append(
            Finding(
                council_id=council.pk,
                kind=Automatic.RETURN_LATE,
                key=f"return_late:{period.slug}",
                title=title,
                reasons=reasons,
                evidence_url=reverse("returns:detail", args=[council.slug, period.slug]),
                severity=Severity.LOW if was_submitted else Severity.MEDIUM,
            )
        )
    return findings


@register_finder(Automatic.LOCAL_ACCOUNT)
def local_accounts(period: Period) -> list[Finding]:
    """Table 2 Other Intelligence, Local Accounts: "not doing one or vague / ambiguous / too
    ambitious": no Local Account recorded for the period's financial year, one recorded as not
    published, or one the Planning Group assessed as vague, ambiguous or too ambitious. The
    Planning Group's internal notes are not copied into the concern."""
    year = period.year
    accounts = {a.council_id: a for a in LocalAccount.objects.filter(year=year)}
    findings = []
    for council in Council.objects.active_between(period.starts_on, period.ends_on):
        account = accounts.get(council.pk)
        if account is None:
            title = f"No Local Account recorded for {year_label(year)}"
            reasons = (
                f"No Local Account has been recorded for {council.name} for {year_label(year)}."
            )
            severity = Severity.MEDIUM
        elif account.assessment == LocalAccount.Assessment.NOT_PUBLISHED:
            title = f"Local Account for {year_label(year)} not published"
            reasons = f"{council.name}'s Local Account for {year_label(year)} is recorded as not published."
            severity = Severity.MEDIUM
        elif account.assessment == LocalAccount.Assessment.PUBLISHED:
            continue
        else:
            assessed = account.get_assessment_display().lower()
            title = f"Local Account for {year_label(year)} assessed as {assessed}"
            reasons = (
                f"The Planning Group assessed {council.name}'s Local Account for "
                f"{year_label(year)} as {assessed}."
            )
            severity = Severity.LOW
        findings.append(
            Finding(
                council_id=council.pk,
                kind=Automatic.LOCAL_ACCOUNT,
                key=f"local_account:{year_slug(year)}",
                title=title,
                reasons=reasons,
                evidence_url=reverse("scorecard:local_accounts", args=[council.slug]),
                severity=severity,
            )
        )
    return findings


# --- Evaluation -------------------------------------------------------------------------------


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
    concern._history_user = None  # type: ignore[attr-defined]
    concern._change_reason = reason  # type: ignore[attr-defined]
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
        councils = _councils()
        existing = {
            (c.council_id, c.automatic_key): c
            for c in Concern.objects.select_for_update().filter(
                automatic_key__in={f.key for f in result.findings} | _open_keys(period, kinds)
            )
        }
        found: set[tuple[int, str]] = set()
        for finding in result.findings:
            found.add((finding.council_id, finding.key))
            trigger = triggers.get(finding.kind)
            if trigger is None:
                result.skipped_kinds.add(finding.kind)
                continue
            concern = existing.get((finding.council_id, finding.key))
            if concern is None:
                result.raised.append(
                    concern_raise(
                        council=councils[finding.council_id],
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
                )
            elif concern.status == ConcernStatus.CLOSED:
                result.closed += 1
            elif concern.condition_cleared_on is not None:
                concern.condition_cleared_on = None
                concern.reasons = finding.reasons
                _save(concern, "Condition holds again")
                ConcernEvent.objects.create(
                    concern=concern,
                    action=ConcernEvent.Action.REOPENED,
                    text=f"The condition holds again: {finding.reasons}",
                )
                result.reopened.append(concern)
            elif concern.reasons != finding.reasons:
                concern.reasons = finding.reasons
                _save(concern, "Figures changed")
                ConcernEvent.objects.create(
                    concern=concern,
                    action=ConcernEvent.Action.EDITED,
                    text=f"The condition still holds, with new figures: {finding.reasons}",
                )
                result.updated.append(concern)
            else:
                result.unchanged += 1
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
        if not commit:
            transaction.set_rollback(True)
    for kind in sorted(result.skipped_kinds):
        logger.warning("No Table 2 trigger for automatic kind %s: load Table 2", kind)
    return result


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


# Finders written in modules of their own, registered on import (see "The Level 1 hook").
from triggers import automatic_selfassessment  # noqa: E402, F401
