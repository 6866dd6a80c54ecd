"""Reads for the returns pages. Each takes the requesting user and runs a fixed number of
queries whatever the number of councils, measures and periods."""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from returns.catalogue import tier_section_order
from returns.models import (
    POLARITY_DECLARED,
    POLARITY_WITHDRAWN,
    LateReturnReminder,
    Measure,
    Period,
    Periodicity,
    QuarterRule,
    Return,
    ReturnEvent,
    ReturnStatus,
    ReturnTier,
    ReturnUpload,
    ReturnValue,
    ReturnVersion,
)
from returns.models.national import WHOLE_YEAR, GeographyLevel, PublishedValue
from returns.national.quarters import QUARTER_MONTHS
from sli_portal.figures import round_half_up
from sli_portal.financial_years import year_label
from sli_portal.uploads import Problem


def period_get(slug: str) -> Period | None:
    parsed = Period.parse_slug(slug)
    if parsed is None:
        return None
    return Period.objects.filter(year=parsed[0], quarter=parsed[1]).first()


def open_periods(*, today: datetime.date | None = None) -> QuerySet[Period]:
    return Period.objects.open_on(today or timezone.localdate())


def return_list(*, fetched_by: AnyUser, period: Period | None = None) -> QuerySet[Return]:
    """Returns the user may see, newest quarter first."""
    returns = access.scope_to_councils(
        Return.objects.select_related("council", "period", "submitted_version", "accepted_version"),
        fetched_by,
        action="view_return",
    )
    if period is not None:
        returns = returns.filter(period=period)
    return returns.order_by("-period__year", "-period__quarter", "council__name")


@dataclass(frozen=True)
class StatusTag:
    """The return's status in one word for a GOV.UK tag (the word carries the meaning; the
    colour only repeats it) and a sentence saying what it means for the council now."""

    label: str
    colour: str
    detail: str


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


@dataclass
class ReturnPage:
    council: Council
    period: Period
    return_obj: Return | None
    versions: list[ReturnVersion] = field(default_factory=list)
    uploads: list[ReturnUpload] = field(default_factory=list)
    events: list[ReturnEvent] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def latest_version(self) -> ReturnVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def submittable_version(self) -> ReturnVersion | None:
        """The latest version when it may be submitted as it stands: complete, and the return
        neither submitted nor accepted (return_submit's own rules, for the page's button)."""
        latest = self.latest_version
        if latest is None or not latest.is_complete or self.return_obj is None:
            return None
        return None if self.return_obj.is_locked else latest

    @property
    def status_tag(self) -> StatusTag:
        """Due or overdue (after the deadline) until submitted; then submitted, accepted, or
        reopened by the regional administrator."""
        ret, deadline = self.return_obj, self.period.deadline
        if ret is not None and ret.status == ReturnStatus.ACCEPTED:
            number = ret.accepted_version.number if ret.accepted_version else ""
            return StatusTag("Accepted", "green", f"Version {number} is accepted and locked.")
        if ret is not None and ret.status == ReturnStatus.SUBMITTED:
            number = ret.submitted_version.number if ret.submitted_version else ""
            return StatusTag(
                "Submitted",
                "blue",
                f"Version {number} is submitted. The regional administrator will review it.",
            )
        if ret is not None and ret.status == ReturnStatus.REOPENED:
            return StatusTag(
                "Reopened",
                "yellow",
                "The regional administrator reopened it: upload a corrected file, then submit it.",
            )
        left = (deadline - self.today).days
        if left < 0:
            return StatusTag(
                "Overdue",
                "red",
                f"The deadline was {deadline:%-d %B %Y}, {_days(-left)} ago. Submit it now.",
            )
        when = "today" if left == 0 else f"in {_days(left)}"
        return StatusTag("Due", "grey", f"Due by {deadline:%-d %B %Y} ({when}).")

    @property
    def status_label(self) -> str:
        if self.return_obj is None or (
            not self.versions and self.return_obj.status == ReturnStatus.DRAFT
        ):
            return "Not started"
        return self.return_obj.get_status_display()


def return_page_get(
    *, council: Council, period: Period, today: datetime.date | None = None
) -> ReturnPage:
    today = today or timezone.localdate()
    ret = (
        Return.objects.select_related("submitted_version", "accepted_version")
        .filter(council=council, period=period)
        .first()
    )
    if ret is None:
        return ReturnPage(council=council, period=period, return_obj=None, today=today)
    return ReturnPage(
        council=council,
        period=period,
        return_obj=ret,
        today=today,
        versions=list(ret.versions.select_related("created_by").order_by("-number")),
        uploads=list(
            ret.uploads.select_related("uploaded_by", "version").order_by("-uploaded_at", "-pk")
        ),
        events=list(ret.events.select_related("actor", "version").order_by("-at", "-pk")),
    )


@dataclass(frozen=True)
class BlankItems:
    """The measures a version has no figure for, in catalogue order, out of ``total``."""

    measures: list[Measure]
    total: int


def version_blank_items(*, version: ReturnVersion) -> BlankItems:
    """What an upload left blank, for the warning shown as soon as it is checked (1 query)."""
    values = list(ReturnValue.objects.filter(version=version).select_related("measure"))
    return BlankItems(measures=[v.measure for v in values if v.value is None], total=len(values))


@dataclass(frozen=True)
class PreviewRow:
    measure: Measure
    value: float | None
    numerator: float | None
    denominator: float | None
    nw_median: float | None
    last_quarter: float | None

    @property
    def against_median(self) -> float | None:
        if self.value is None or self.nw_median in (None, 0):
            return None
        return (self.value - self.nw_median) / abs(self.nw_median) * 100

    @property
    def against_last_quarter(self) -> float | None:
        if self.value is None or self.last_quarter in (None, 0):
            return None
        return (self.value - self.last_quarter) / abs(self.last_quarter) * 100

    @property
    def stands_out(self) -> bool:
        """A figure far from both the NW median and last quarter: perhaps a typing slip."""
        checks = [c for c in (self.against_median, self.against_last_quarter) if c is not None]
        return bool(checks) and all(abs(c) >= 50 for c in checks)


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def version_preview(*, version: ReturnVersion) -> list[PreviewRow]:
    """Each figure of a version beside the NW median of other councils' accepted figures for the
    same quarter and the council's own accepted figure for the previous quarter (3 queries)."""
    ret = version.return_obj
    period = ret.period
    previous_year, previous_quarter = (
        (period.year, period.quarter - 1) if period.quarter > 1 else (period.year - 1, 4)
    )
    values = list(
        version.values.select_related("measure").order_by("measure__display_order", "measure__code")
    )
    accepted = ReturnValue.objects.filter(
        version__return_obj__accepted_version=F("version"), value__isnull=False
    )
    others: dict[int, list[float]] = {}
    for measure_id, value in (
        accepted.filter(version__return_obj__period=period)
        .exclude(version__return_obj__council=ret.council)
        .values_list("measure_id", "value")
    ):
        if value is not None:
            others.setdefault(measure_id, []).append(float(value))
    last = dict(
        accepted.filter(
            version__return_obj__council=ret.council,
            version__return_obj__period__year=previous_year,
            version__return_obj__period__quarter=previous_quarter,
        ).values_list("measure_id", "value")
    )
    return [
        PreviewRow(
            measure=v.measure,
            value=_float(v.value),
            numerator=_float(v.numerator),
            denominator=_float(v.denominator),
            nw_median=statistics.median(others[v.measure_id]) if v.measure_id in others else None,
            last_quarter=_float(last.get(v.measure_id)),
        )
        for v in values
    ]


@dataclass(frozen=True)
class DiffRow:
    measure: Measure
    before: float | None
    after: float | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def version_diff(*, before: ReturnVersion, after: ReturnVersion) -> list[DiffRow]:
    """What changed between two versions of a return, measure by measure (one query)."""
    measures: dict[int, Measure] = {}
    figures: dict[tuple[int, int], float | None] = {}
    for value in ReturnValue.objects.filter(version__in=[before, after]).select_related("measure"):
        measures[value.measure_id] = value.measure
        figures[(value.measure_id, value.version_id)] = _float(value.value)
    ordered = sorted(measures.values(), key=lambda m: (m.display_order, m.code))
    return [
        DiffRow(
            measure=m, before=figures.get((m.pk, before.pk)), after=figures.get((m.pk, after.pk))
        )
        for m in ordered
    ]


@dataclass(frozen=True)
class CompletenessCell:
    status: str
    label: str
    answered: int
    expected: int

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]


@dataclass(frozen=True)
class CompletenessRow:
    council: Council
    return_obj: Return | None
    cells: list[CompletenessCell]
    reminded_on: datetime.date | None = None

    @property
    def is_late(self) -> bool:
        return any(cell.status == "late" for cell in self.cells)


STATUS_COLOURS = {
    "not_started": "grey",
    "late": "red",
    "draft": "yellow",
    "reopened": "yellow",
    "submitted": "blue",
    "accepted": "green",
}


def completeness_grid(
    *, fetched_by: AnyUser, period: Period, today: datetime.date | None = None
) -> tuple[list[tuple[str, str]], list[CompletenessRow]]:
    """Councils × tiers for a quarter: not started, draft, submitted, accepted or late, and the
    day each council was last reminded of a late return. The Planning Group and administrator
    see every council; a council sees its own (5 queries)."""
    today = today or timezone.localdate()
    councils = access.scope_to_councils(
        Council.objects.active_between(period.starts_on, period.ends_on),
        fetched_by,
        action="view_return",
        council_field="pk",
    )
    tiers = [(value, label) for value, label in ReturnTier.choices]
    expected: dict[str, int] = {}
    tier_of: dict[int, str] = {}
    for measure_id, tier in Measure.objects.in_return().values_list("pk", "tier"):
        expected[tier] = expected.get(tier, 0) + 1
        tier_of[measure_id] = tier
    tiers = [(value, label) for value, label in tiers if expected.get(value)]
    returns = {
        r.council_id: r
        for r in Return.objects.filter(period=period, council__in=councils).select_related("period")
    }
    latest: dict[int, int] = {}
    for return_id, version_id, _number in (
        ReturnVersion.objects.filter(return_obj__in=returns.values())
        .order_by("return_obj_id", "number")
        .values_list("return_obj_id", "pk", "number")
    ):
        latest[return_id] = version_id
    answered: dict[tuple[int, str], int] = {}
    for version_id, measure_id in ReturnValue.objects.filter(
        version_id__in=latest.values(), value__isnull=False
    ).values_list("version_id", "measure_id"):
        key = (version_id, tier_of.get(measure_id, ""))
        answered[key] = answered.get(key, 0) + 1
    reminded = _last_reminded(period, councils)
    rows = []
    for council in councils.select_related("sub_region"):
        ret = returns.get(council.pk)
        cells = []
        for tier, _label in tiers:
            count = answered.get((latest.get(ret.pk, 0), tier), 0) if ret else 0
            cells.append(
                _cell(
                    ret,
                    count,
                    expected[tier],
                    period,
                    today,
                    has_version=bool(ret and ret.pk in latest),
                )
            )
        rows.append(
            CompletenessRow(
                council=council, return_obj=ret, cells=cells, reminded_on=reminded.get(council.pk)
            )
        )
    return tiers, rows


def _last_reminded(period: Period, councils: QuerySet[Council]) -> dict[int, datetime.date]:
    """Council id -> the last day it was reminded of its late return for ``period``."""
    return dict(
        LateReturnReminder.objects.filter(period=period, council__in=councils)
        .order_by("council_id", "sent_on")
        .values_list("council_id", "sent_on")
    )


def _cell(
    ret: Return | None,
    answered: int,
    expected: int,
    period: Period,
    today: datetime.date,
    *,
    has_version: bool,
) -> CompletenessCell:
    if ret is not None and ret.status in (ReturnStatus.ACCEPTED, ReturnStatus.SUBMITTED):
        status = ret.status
    elif today > period.deadline:
        status = "late"
    elif ret is None or not has_version:
        status = "not_started"
    else:
        status = ret.status
    labels = {
        "not_started": "Not started",
        "late": "Late",
        "draft": "Draft",
        "reopened": "Reopened",
        "submitted": "Submitted",
        "accepted": "Accepted",
    }
    return CompletenessCell(
        status=status, label=labels[status], answered=answered, expected=expected
    )


@dataclass(frozen=True)
class PolarityDeclarationEntry:
    when: datetime.datetime
    who: str
    polarity: str
    reason: str


def polarity_history(measure: Measure) -> list[PolarityDeclarationEntry]:
    """Every declaration (and withdrawal) of the region's direction for a measure, newest
    first: the measure's history rows its declarations wrote, with who and why. One query."""
    history = Measure.history.model
    rows = (
        history.objects.filter(
            id=measure.pk, history_change_reason__in=[POLARITY_DECLARED, POLARITY_WITHDRAWN]
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    words = {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better"}
    return [
        PolarityDeclarationEntry(
            when=row.history_date,
            who=str(row.history_user or "the portal"),
            polarity=words.get(row.region_polarity, "No direction"),
            reason=row.region_polarity_reason,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ProblemGroup:
    """An upload's problems in one tier and TEASC section of the return; ``heading`` names the
    whole file, or the rows matched to no item, for the problems outside any item."""

    heading: str
    problems: list[Problem]


WHOLE_FILE = "The whole file"
NO_ITEM = "Rows not matched to an item in the return"


def problems_by_section(problems: list[Problem]) -> list[ProblemGroup]:
    """An upload's problems grouped by the tier and TEASC section of the item each row is for
    (one query), in the return's order: problems with the whole file first, then each tier and
    section, then rows matched to no item. Within a group, rows keep the file's order."""
    items = {m.code: m for m in Measure.objects.in_return()}
    groups: dict[str, tuple[tuple[int, int], list[Problem]]] = {}
    for problem in problems:
        item = items.get(problem.row_label or "")
        if problem.row is None:
            heading, order = WHOLE_FILE, (-1, 0)
        elif item is None:
            heading, order = NO_ITEM, (99, 0)
        else:
            section = item.get_teasc_section_display() or "No TEASC section"
            heading = f"{item.get_tier_display()}: {section}"
            tier_at, section_at, _, _ = tier_section_order(item)
            order = (tier_at, section_at)
        groups.setdefault(heading, (order, []))[1].append(problem)
    return [
        ProblemGroup(heading, found)
        for heading, (_, found) in sorted(groups.items(), key=lambda pair: pair[1][0])
    ]


@dataclass(frozen=True)
class NationalItem:
    """An item of the return published nationally, never typed by the council: its published
    figure for the council (the quarter's, made by the item's quarter rule, for a monthly item;
    the latest published year up to the quarter's, for an annual one), or why there is none."""

    measure: Measure
    value: float | None
    published_for: str
    missing: str = ""

    @property
    def figure(self) -> str:
        if self.value is None:
            if self.missing.startswith("not applicable"):
                return "Not applicable (so marked by the publisher)"
            reason = self.missing.removeprefix("not published").strip()
            return f"Not published{f' ({reason})' if reason else ''}"
        return f"{round_half_up(Decimal(str(self.value)), self.measure.decimal_places):,}"


def national_items(*, council: Council, period: Period) -> list[NationalItem]:
    """The items published nationally that cover the quarter's year, by tier and TEASC
    section, each with the council's published figure. Two queries."""
    measures = sorted(
        Measure.objects.published_nationally().for_year(period.year), key=tier_section_order
    )
    months = QUARTER_MONTHS[period.quarter]
    found: dict[int, dict[tuple[int, int], PublishedValue]] = {}
    for published in PublishedValue.objects.filter(
        Q(year=period.year, month__in=months) | Q(year__lte=period.year, month=WHOLE_YEAR),
        measure__in=measures,
        level=GeographyLevel.COUNCIL,
        geography=council.ons_code,
    ):
        found.setdefault(published.measure_id, {})[(published.year, published.month)] = published
    return [_national_item(m, found.get(m.pk, {}), period) for m in measures]


def _national_item(
    measure: Measure, stored: dict[tuple[int, int], PublishedValue], period: Period
) -> NationalItem:
    if measure.periodicity == Periodicity.MONTHLY:
        by_month = {month: v for (year, month), v in stored.items() if year == period.year}
        if not by_month:
            return NationalItem(measure, None, period.label, "none for this quarter")
        value, missing = _quarter_value(measure, by_month, QUARTER_MONTHS[period.quarter])
        return NationalItem(measure, value, period.label, missing)
    years = sorted((year for year, month in stored if month == WHOLE_YEAR), reverse=True)
    if not years:
        return NationalItem(measure, None, year_label(period.year), "none up to this year")
    latest = stored[(years[0], WHOLE_YEAR)]
    return NationalItem(measure, latest.value, year_label(years[0]), latest.missing_reason)


def _quarter_value(
    measure: Measure, by_month: dict[int, PublishedValue], months: tuple[int, int, int]
) -> tuple[float | None, str]:
    """The quarter made from its three published months by the measure's rule; never from
    fewer months."""
    if any(month not in by_month for month in months):
        return None, "not every month of the quarter is published"
    values = [by_month[month].value for month in months]
    figures = [float(v) for v in values if v is not None]
    if len(figures) < len(months):
        return None, "; ".join(sorted({by_month[m].missing_reason for m in months} - {""}))
    if measure.quarter_rule == QuarterRule.SUM:
        return sum(figures), ""
    if measure.quarter_rule == QuarterRule.MEAN:
        return sum(figures) / len(figures), ""
    return figures[-1], ""
