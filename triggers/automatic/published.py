"""Finders on the published national figures (Table 2 Resources and Outcomes): a sharp change in
a published annual unit cost (ASC-FR), workforce turnover far above Oflog's national median
(Oflog ASC7, Skills for Care) and delayed transfers of care attributable to social care far
worse than the North West or sharply rising (NHS England, monthly).

An evaluation of a quarter looks at the annual figures of the last financial year that ended
before the quarter began (published figures come out after their year) and at the delays of
the quarter itself. Keys end in that year's slug (``workforce_turnover:ASC7:2022-23``) or the
quarter's (``delays_social_care:DTOC-SOCIAL-CARE:2018-19-Q3``). A council with no published
figure is never found: a figure not published is not a figure that is worse.
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from authorities.models import Council
from returns.models import (
    WHOLE_YEAR,
    GeographyLevel,
    Measure,
    Period,
    Periodicity,
    PublishedValue,
    Unit,
)
from returns.national.quarters import quarter_figures
from sli_portal.financial_years import year_label, year_slug
from triggers.automatic.figures import _figure, _share
from triggers.automatic.registry import Finding, register_finder
from triggers.models import Automatic, Concern, Severity, Thresholds

# Table 2, Resources 4, "Recruitment / retention issues / high vacancy rate / high sickness
# absence / significant turnover of senior staff in a relatively short time / staff surveys":
# Oflog's ASC7, the Skills for Care workforce turnover rate, more than the administrator's
# ``mads_worse`` MADs above Oflog's national median (Oflog declares no better direction; Table 2
# reads high turnover as the concern).
TURNOVER_CODE = "ASC7"
# Table 2, Outcomes 4, "Locality Scorecard Measures (AQAA)", the whole-system tier: delayed days
# attributable to social care. "Far worse than comparators" is the share of the council's delayed
# days attributable to social care more than ``mads_worse`` MADs above the North West median
# share (no population is published with the delays, so no rate per head); "sharply rising" is
# a rise of more than DELAYS_RISE (a share) on the same quarter a year earlier.
DELAYS_CODE = "DTOC-SOCIAL-CARE"
DELAYS_TOTAL_CODE = "DTOC-TOTAL"
DELAYS_RISE = 1.0
# The comparators' own rule: no median of fewer than 8 figures.
MIN_GROUP = 8


def published_year(period: Period) -> int:
    """The financial year whose annual published figures an evaluation of ``period`` looks at:
    the last that ended before the quarter began."""
    return period.year - 1


def _measure_url(measure: Measure) -> str:
    return reverse("scorecard:measure", args=[measure.pk])


def _annual(
    measures: Iterable[Measure], years: Iterable[int]
) -> dict[tuple[int, str, int], PublishedValue]:
    """(measure id, ONS code, year) -> each council's published whole-year figure, in one
    query; figures published as missing are left out."""
    rows = PublishedValue.objects.filter(
        measure__in=list(measures),
        level=GeographyLevel.COUNCIL,
        month=WHOLE_YEAR,
        year__in=list(years),
        value__isnull=False,
    )
    return {(v.measure_id, v.geography, v.year): v for v in rows}


@register_finder(Automatic.UNIT_COST_CHANGE)
def published_unit_cost_changes(period: Period) -> list[Finding]:
    """Table 2 Resources, financial measures, on the published annual unit costs (the
    catalogue's annual £ measures, ASC-FR): a change of more than ``unit_cost_change`` either
    way in a council's figure for the year looked at (:func:`published_year`) against the year
    before."""
    limit = float(Thresholds.current().unit_cost_change)
    year = published_year(period)
    measures = list(
        Measure.objects.filter(
            unit=Unit.POUNDS, periodicity=Periodicity.ANNUAL, in_return=False, retired=False
        )
    )
    figures = _annual(measures, [year - 1, year])
    findings = []
    for council in Council.objects.order_by("name"):
        for measure in measures:
            now = figures.get((measure.pk, council.ons_code, year))
            before = figures.get((measure.pk, council.ons_code, year - 1))
            if now is None or before is None or not before.value or now.value is None:
                continue
            change = (now.value - before.value) / before.value
            if abs(change) > limit:
                findings.append(_unit_cost(council, measure, now.value, before.value, year, limit))
    return findings


def _unit_cost(
    council: Council, measure: Measure, now: float, before: float, year: int, limit: float
) -> Finding:
    change = (now - before) / before
    direction = "rise" if change > 0 else "fall"
    compared = (
        f"{measure.code} {measure.name}: {_figure(now, measure)} in {year_label(year)} against "
        f"{_figure(before, measure)} in {year_label(year - 1)} (published)"
    )
    return Finding(
        council_id=council.pk,
        kind=Automatic.UNIT_COST_CHANGE,
        key=f"{Automatic.UNIT_COST_CHANGE}:{measure.code}:{year_slug(year)}",
        title=f"{measure.code} unit cost: a {direction} of {_share(abs(change))}, "
        f"{year_label(year)}",
        reasons=f"{compared}, a {direction} of {_share(abs(change))} (the threshold is "
        f"{_share(limit)} either way). A significant change in unit costs not backed by a "
        "value-for-money review may indicate a change in quality.",
        evidence_url=_measure_url(measure),
        severity=Severity.HIGH if abs(change) > 2 * limit else Severity.MEDIUM,
        period=year_label(year),
        measure=f"{measure.code} {measure.name}",
        figure=_figure(now, measure),
        comparator=f"{_figure(before, measure)} in {year_label(year - 1)}",
    )


@register_finder(Automatic.WORKFORCE_TURNOVER)
def workforce_turnover(period: Period) -> list[Finding]:
    """Table 2 Resources 4 (see :data:`TURNOVER_CODE`): a council's published workforce
    turnover rate for the year looked at more than ``mads_worse`` MADs above Oflog's national
    median, as Oflog published the median and the distance."""
    limit = float(Thresholds.current().mads_worse)
    year = published_year(period)
    measure = Measure.objects.filter(code=TURNOVER_CODE).first()
    if measure is None:
        return []
    figures = _annual([measure], [year])
    findings = []
    for council in Council.objects.order_by("name"):
        value = figures.get((measure.pk, council.ons_code, year))
        if value is None or value.value is None or value.reference_mads is None:
            continue
        if value.reference_mads > limit and value.reference_median is not None:
            findings.append(_turnover(council, measure, value, year, limit))
    return findings


def _turnover(
    council: Council, measure: Measure, value: PublishedValue, year: int, limit: float
) -> Finding:
    mads = float(value.reference_mads or 0)
    median = float(value.reference_median or 0)
    figure, middle = f"{value.value:.1f}", f"{median:.1f}"
    return Finding(
        council_id=council.pk,
        kind=Automatic.WORKFORCE_TURNOVER,
        key=f"{Automatic.WORKFORCE_TURNOVER}:{measure.code}:{year_slug(year)}",
        title=f"Workforce turnover far above the national median, {year_label(year)}",
        reasons=(
            f"{measure.code} Workforce turnover rate (Skills for Care, as Oflog publishes it): "
            f"{council.name}'s rate of {figure} in {year_label(year)} is {mads:.1f} MADs above "
            f"the median of English councils of {middle} (Oflog's median and MADs; the "
            f"threshold is {limit:g} MADs). Table 2 reads significant staff turnover as a "
            "workforce concern."
        ),
        evidence_url=_measure_url(measure),
        severity=Severity.HIGH if mads > 2 * limit else Severity.MEDIUM,
        period=year_label(year),
        measure=f"{measure.code} Workforce turnover rate",
        figure=f"{figure} (turnover rate, as published)",
        comparator=f"Median of English councils {middle} (Oflog)",
        mads=mads,
    )


@dataclass(frozen=True)
class _Delays:
    """One council's delayed days attributable to social care in a quarter, the quarter's total
    delayed days, and the same quarter a year earlier (None when not published)."""

    council: Council
    days: float
    total: float
    before: float | None

    @property
    def share(self) -> float:
        return self.days / self.total

    @property
    def rise(self) -> float | None:
        return None if not self.before else (self.days - self.before) / self.before


def _delays(period: Period, measures: dict[str, Measure]) -> list[_Delays]:
    """Each council's :class:`_Delays` for ``period``, where its quarter's delays are published
    (both months' rules applied) and its total is not 0. Three queries."""
    days = quarter_figures(measure=measures[DELAYS_CODE], year=period.year, quarter=period.quarter)
    total = quarter_figures(
        measure=measures[DELAYS_TOTAL_CODE], year=period.year, quarter=period.quarter
    )
    before = quarter_figures(
        measure=measures[DELAYS_CODE], year=period.year - 1, quarter=period.quarter
    )
    found = []
    for council in Council.objects.order_by("name"):
        code = council.ons_code
        now, all_days = days.get(code), total.get(code)
        if now is None or now.value is None or all_days is None or not all_days.value:
            continue
        earlier = before.get(code)
        found.append(
            _Delays(council, now.value, all_days.value, earlier.value if earlier else None)
        )
    return found


@register_finder(Automatic.DELAYS_SOCIAL_CARE)
def delays_social_care(period: Period) -> list[Finding]:
    """Table 2 Outcomes 4 (see :data:`DELAYS_CODE`): a council whose share of delayed days
    attributable to social care in the quarter is more than ``mads_worse`` MADs above the North
    West median share (in a group of at least 8 councils with a non-zero MAD), or whose delayed
    days attributable to social care rose by more than :data:`DELAYS_RISE` on the same quarter a
    year earlier."""
    measures = {
        m.code: m for m in Measure.objects.filter(code__in=[DELAYS_CODE, DELAYS_TOTAL_CODE])
    }
    if len(measures) < 2:
        return []
    limit = float(Thresholds.current().mads_worse)
    found = _delays(period, measures)
    shares = [d.share for d in found]
    median = mad = None
    if len(shares) >= MIN_GROUP:
        median = statistics.median(shares)
        mad = statistics.median(abs(s - median) for s in shares) or None
    findings = []
    for delays in found:
        mads = None if median is None or mad is None else (delays.share - median) / mad
        far = mads is not None and mads > limit
        rising = delays.rise is not None and delays.rise > DELAYS_RISE
        if far or rising:
            finding = _delays_finding(
                delays, period, measures[DELAYS_CODE], (median, mads, len(shares)), limit
            )
            findings.append(finding)
    return findings


def _delays_finding(
    delays: _Delays,
    period: Period,
    measure: Measure,
    comparison: tuple[float | None, float | None, int],
    limit: float,
) -> Finding:
    median, mads, group = comparison
    name, days = delays.council.name, _figure(delays.days, measure)
    reasons, what = [], []
    if mads is not None and median is not None and mads > limit:
        what.append("far worse than the NW median")
        reasons.append(
            f"{_share(delays.share)} of {name}'s delayed days in {period.label} were "
            f"attributable to social care ({days} of {_figure(delays.total, measure)}), "
            f"{mads:.1f} MADs above the median share of {group} North West councils, "
            f"{_share(median)} (the threshold is {limit:g} MADs)"
        )
    if delays.rise is not None and delays.rise > DELAYS_RISE and delays.before is not None:
        what.append("sharply rising")
        reasons.append(
            f"{name}'s delayed days attributable to social care rose from "
            f"{_figure(delays.before, measure)} in the same quarter a year earlier to {days}, "
            f"a rise of {_share(delays.rise)} (the threshold is {_share(DELAYS_RISE)})"
        )
    return Finding(
        council_id=delays.council.pk,
        kind=Automatic.DELAYS_SOCIAL_CARE,
        key=f"{Automatic.DELAYS_SOCIAL_CARE}:{measure.code}:{period.slug}",
        title=f"Delays attributable to social care {' and '.join(what)}, {period.label}",
        reasons=f"{measure.code} {measure.name} (NHS England): " + ". ".join(reasons) + ".",
        evidence_url=_measure_url(measure),
        severity=Severity.HIGH if len(what) == 2 else Severity.MEDIUM,
        period=period.label,
        measure=f"{measure.code} {measure.name}",
        figure=f"{days} delayed days ({_share(delays.share)} of all delayed days)",
        comparator=(
            f"North West median share {_share(median)} ({group} councils)"
            if median is not None
            else f"{_figure(delays.before or 0, measure)} delayed days a year earlier"
        ),
        mads=mads,
    )


def published_periods() -> list[tuple[str, Period]]:
    """The quarter whose evaluation looks at the latest published figures of each kind found
    only on them, where the quarter exists: the first quarter after Oflog's last workforce
    turnover year, and the last whole quarter of NHS England's delayed transfers (the
    collection ended in 2019). Flags they raise stay until later published figures no longer
    find them. Three queries."""
    found: list[tuple[str, tuple[int, int]]] = []
    turnover = _latest_council_figure(TURNOVER_CODE)
    if turnover is not None:
        found.append((Automatic.WORKFORCE_TURNOVER, (turnover[0] + 1, 1)))
    delays = _latest_council_figure(DELAYS_CODE)
    if delays is not None:
        year, month = delays
        quarter = (month - 4) % 12 // 3 + 1
        if month % 3 != 0:  # the last quarter has not all its months
            year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        found.append((Automatic.DELAYS_SOCIAL_CARE, (year, quarter)))
    periods = {(p.year, p.quarter): p for p in Period.objects.all()}
    return [(kind, periods[place]) for kind, place in found if place in periods]


def _latest_council_figure(code: str) -> tuple[int, int] | None:
    """(financial year, calendar month) of the latest published council figure of ``code``."""
    months = list(
        PublishedValue.objects.filter(
            measure__code=code, level=GeographyLevel.COUNCIL, value__isnull=False
        )
        .values_list("year", "month")
        .distinct()
    )
    # Within a financial year, January to March (months 1-3) come after April to December.
    return max(months, key=lambda m: (m[0], (m[1] - 4) % 12), default=None)


def _codes(concern: Concern) -> set[str]:
    return {str(item.get("subject", "")).split(":", 1)[-1] for item in concern.evidence_items}


def published_clearing(concerns: list[Concern], period: Period) -> dict[int, list[str]]:
    """concern id -> the published figures of ``period`` (in words) for the measures each of
    ``concerns`` was about, where the council has them: the figures that clear a flag on
    published data. A concern without any gets no entry (at most 5 queries)."""
    year = published_year(period)
    annual_codes = {
        code
        for c in concerns
        if c.automatic_key in (Automatic.WORKFORCE_TURNOVER, Automatic.UNIT_COST_CHANGE)
        for code in _codes(c)
    }
    annual = {
        (v.measure.code, v.geography): v
        for v in PublishedValue.objects.filter(
            measure__code__in=annual_codes,
            level=GeographyLevel.COUNCIL,
            month=WHOLE_YEAR,
            year=year,
            value__isnull=False,
        ).select_related("measure")
    }
    delays: dict[str, str] = {}
    if any(c.automatic_key == Automatic.DELAYS_SOCIAL_CARE for c in concerns):
        delays = _delays_in_words(period)
    ons_codes = dict(
        Council.objects.filter(pk__in={c.council_id for c in concerns}).values_list(
            "pk", "ons_code"
        )
    )
    words: dict[int, list[str]] = {}
    for concern in concerns:
        code_of = ons_codes[concern.council_id]
        now = [
            _annual_words(annual[(code, code_of)], year)
            for code in sorted(_codes(concern))
            if (code, code_of) in annual
        ]
        if concern.automatic_key == Automatic.DELAYS_SOCIAL_CARE and code_of in delays:
            now.append(delays[code_of])
        if now:
            words[concern.pk] = now
    return words


def _annual_words(value: PublishedValue, year: int) -> str:
    measure = value.measure
    words = f"{measure.code} {_figure(float(value.value or 0), measure)} in {year_label(year)}"
    if value.reference_mads is None:
        return words
    side = "above" if value.reference_mads > 0 else "below"
    return f"{words}, {abs(value.reference_mads):.1f} MADs {side} the national median"


def _delays_in_words(period: Period) -> dict[str, str]:
    """ONS code -> the council's delayed days attributable to social care in ``period``."""
    measures = {
        m.code: m for m in Measure.objects.filter(code__in=[DELAYS_CODE, DELAYS_TOTAL_CODE])
    }
    if len(measures) < 2:
        return {}
    return {
        d.council.ons_code: (
            f"{DELAYS_CODE} {_figure(d.days, measures[DELAYS_CODE])} delayed days in "
            f"{period.label}, {_share(d.share)} of all delayed days"
        )
        for d in _delays(period, measures)
    }
