"""Finders on the accepted figures and their comparators (Table 2 Outcomes and Resources): a
measure far worse than the North West median or in the bottom quarter and worsening, a sharp
change in a unit cost, and a rise in admissions to care homes. Each finding's key ends in the
quarter's slug."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.db.models import F
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure, Period, Polarity, ReturnTier, ReturnValue, Unit
from scorecard.models import Band, CouncilPosition, Direction, MeasureBenchmark
from triggers.automatic.registry import Finding, register_finder
from triggers.models import Automatic, Severity, Thresholds

# Measures of the return counting admissions to residential and nursing care (ASCOF 2023-24:
# 2B younger adults, 2C older adults, per 100,000 population).
ADMISSIONS_CODES = ("2B", "2C")
# Bands that carry no comparison: no polarity, a group of fewer than 8, no figure.
_UNCOMPARED = {Band.NOT_BANDED, Band.TOO_SMALL, Band.NO_VALUE}


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


def _accepted(
    periods: Iterable[Period], measures: Iterable[Measure]
) -> dict[tuple[int, int, int], float]:
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


@register_finder(Automatic.MEASURE_OUTLIER)
def measure_outliers(period: Period) -> list[Finding]:
    """Table 2 Outcomes, ASCOF measures: an ASCOF measure in the return more than
    ``mads_worse`` MADs worse than the North West median, or in the bottom quarter of NW
    councils (by polarity) and worsening for ``bottom_quartile_quarters`` quarters in a row.
    Never for a measure without a declared polarity, nor in a group of fewer than 8 figures
    (the comparators' own rule). A distance that cannot be measured (a MAD of 0) is left for a
    person, as the bands leave it."""
    return _outliers(period, Automatic.MEASURE_OUTLIER, tiers=[ReturnTier.ASCOF])


@register_finder(Automatic.LOCAL_MEASURE_OUTLIER)
def local_measure_outliers(period: Period) -> list[Finding]:
    """Table 2 Outcomes, NW ADASS local measures: the same test on the region's own items in
    the return (its AQuA whole-system and NW benchmarking tiers)."""
    return _outliers(
        period,
        Automatic.LOCAL_MEASURE_OUTLIER,
        tiers=[ReturnTier.AQUA, ReturnTier.NW_BENCHMARKING],
    )


def _outliers(period: Period, kind: str, *, tiers: list[str]) -> list[Finding]:
    thresholds = Thresholds.current()
    limit = float(thresholds.mads_worse)
    positions = list(
        CouncilPosition.objects.filter(period=period, value__isnull=False, measure__tier__in=tiers)
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
        finding = _outlier(
            position,
            period,
            medians.get(position.measure_id),
            streaks.get((position.council_id, position.measure_id)),
            limit,
        )
        if finding is not None:
            findings.append(replace(finding, kind=kind, key=f"{kind}:{finding.key}"))
    return findings


def _outlier(
    position: CouncilPosition,
    period: Period,
    median: float | None,
    streak: list[str] | None,
    limit: float,
) -> Finding | None:
    """The finding for one council's figure, if it is more than ``limit`` MADs worse than the
    NW median (``median``) or ends a ``streak`` of quarters in the bottom quarter, worsening."""
    measure, council = position.measure, position.council
    reasons: list[str] = []
    worse_by = None
    if position.nw_mads is not None:
        worse_by = (
            -position.nw_mads if measure.effective_polarity == Polarity.HIGHER else position.nw_mads
        )
    value = position.value
    if worse_by is not None and worse_by > limit and median is not None and value is not None:
        reasons.append(
            f"{council.name}'s figure of {_figure(value, measure)} in "
            f"{period.label} is {worse_by:.1f} MADs worse than the North West median of "
            f"{_figure(median, measure)} (the threshold is {limit:g} MADs; "
            f"{measure.better_in_words.lower()})"
        )
    if streak:
        reasons.append(
            f"It has been in the bottom quarter of North West councils and worsening for "
            f"{len(streak)} quarters in a row ({', '.join(streak)})"
        )
    if not reasons:
        return None
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
    return Finding(
        council_id=council.pk,
        kind=Automatic.MEASURE_OUTLIER,
        key=f"{measure.code}:{period.slug}",
        title=f"{measure.code} {what}, {period.label}",
        reasons=f"{measure.code} {measure.name}: " + ". ".join(reasons) + ".",
        evidence_url=_council_url(council, period),
        severity=Severity.HIGH if high else Severity.MEDIUM,
        period=period.label,
        measure=f"{measure.code} {measure.name}",
        figure=_figure(value, measure) if value is not None else "",
        comparator=(f"North West median {_figure(median, measure)}" if median is not None else ""),
        mads=worse_by,
    )


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


@dataclass(frozen=True)
class _YearOnYear:
    """A council's accepted figure on a measure in a quarter (``now``) and in the same quarter
    a year earlier (``before``, never 0)."""

    council: Council
    measure: Measure
    now: float
    before: float
    period: Period
    earlier: Period

    @property
    def change(self) -> float:
        return (self.now - self.before) / self.before

    @property
    def compared(self) -> str:
        measure = self.measure
        return (
            f"{measure.code} {measure.name}: {_figure(self.now, measure)} in "
            f"{self.period.label} against {_figure(self.before, measure)} in "
            f"{self.earlier.label}"
        )


# What a year-on-year finder makes of one council's figures: None, or the finding's title,
# its reasons and whether it is serious (HIGH rather than MEDIUM).
Described = tuple[str, str, bool] | None


def _year_on_year(
    period: Period,
    measures: Iterable[Measure],
    kind: str,
    describe: Callable[[_YearOnYear], Described],
) -> list[Finding]:
    """A ``kind`` finding for every council's figure on each of ``measures`` in ``period``
    that ``describe`` finds against the same quarter a year earlier, where both were accepted
    and the earlier one is not 0."""
    earlier = _year_earlier(period)
    measures = list(measures)
    if earlier is None or not measures:
        return []
    figures = _accepted([period, earlier], measures)
    councils = Council.objects.in_bulk()
    findings = []
    for measure in measures:
        for council in councils.values():
            now = figures.get((council.pk, measure.pk, period.pk))
            before = figures.get((council.pk, measure.pk, earlier.pk))
            if now is None or not before:
                continue
            described = describe(_YearOnYear(council, measure, now, before, period, earlier))
            if described is None:
                continue
            title, reasons, serious = described
            findings.append(
                Finding(
                    council_id=council.pk,
                    kind=kind,
                    key=f"{kind}:{measure.code}:{period.slug}",
                    title=title,
                    reasons=reasons,
                    evidence_url=_council_url(council, period),
                    severity=Severity.HIGH if serious else Severity.MEDIUM,
                    period=period.label,
                    measure=f"{measure.code} {measure.name}",
                    figure=_figure(now, measure),
                    comparator=f"{_figure(before, measure)} in {earlier.label}",
                )
            )
    return findings


@register_finder(Automatic.UNIT_COST_CHANGE)
def unit_cost_changes(period: Period) -> list[Finding]:
    """Table 2 Resources, financial measures: a change of more than ``unit_cost_change`` (up
    or down) in a unit-cost measure (unit £) against the same quarter a year earlier: "significant
    increases in unit costs or significant reductions, which if not underpinned by a robust VFM
    review, may indicate a reduction in quality"."""
    limit = float(Thresholds.current().unit_cost_change)

    def describe(pair: _YearOnYear) -> Described:
        change = pair.change
        if abs(change) <= limit:
            return None
        direction = "rise" if change > 0 else "fall"
        return (
            f"{pair.measure.code} unit cost: a {direction} of {_share(abs(change))}, "
            f"{pair.period.label}",
            f"{pair.compared}, a {direction} of {_share(abs(change))} (the threshold is "
            f"{_share(limit)} either way). A significant change in unit costs not backed by a "
            "value-for-money review may indicate a change in quality.",
            abs(change) > 2 * limit,
        )

    measures = Measure.objects.in_return().filter(unit=Unit.POUNDS)
    return _year_on_year(period, measures, Automatic.UNIT_COST_CHANGE, describe)


@register_finder(Automatic.ADMISSIONS_RISE)
def admissions_rises(period: Period) -> list[Finding]:
    """Table 2 Resources, financial concerns: "significant unexplained increase in admissions to
    residential or nursing care": a rise of more than ``admissions_rise`` in measure 2B or 2C
    of the return against the same quarter a year earlier."""
    limit = float(Thresholds.current().admissions_rise)

    def describe(pair: _YearOnYear) -> Described:
        rise = pair.change
        if pair.before < 0 or rise <= limit:
            return None
        return (
            f"{pair.measure.code} admissions to care homes up {_share(rise)}, {pair.period.label}",
            f"{pair.compared}, a rise of {_share(rise)} (the threshold is {_share(limit)}).",
            rise > 2 * limit,
        )

    measures = Measure.objects.in_return().filter(code__in=ADMISSIONS_CODES)
    return _year_on_year(period, measures, Automatic.ADMISSIONS_RISE, describe)
