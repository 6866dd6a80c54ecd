"""Demonstration quarterly returns, generated from the real published figures.

Quarterly returns are generated for every NW council from its published annual ASCOF figures:
each quarter moves a quarter of the way from the previous year's figure to this year's. After a
council's last published year, its quarters continue the line through its last two published
years at half its slope (:data:`TREND_AFTER_PUBLISHED`), within the measure's accepted range, so
the present quarters keep a direction of travel; with a single published year, that figure is
carried forward. The region's own AQuA and NW benchmarking items (invented for the
demonstration, ``demo/data/regional_items.json``) are added to the return as the administrator
adds them, and each council's figures for them are made from a typical quarter, with the months
that make each quarter, so every return carries every tier. Every
such return is marked as demonstration data and goes through the real upload pipeline. The
quarter open today has returns in every state. Running this twice changes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.calendar import FIRST_PUBLISHED_YEAR, DemoCalendar, demo_calendar
from demo.tables import demo_table
from demo.users import ADMIN, SEFTON_LEAD, WIRRAL_LEAD
from returns.catalogue_csv import CATALOGUE_COLUMNS, catalogue_import
from returns.models import (
    GeographyLevel,
    Measure,
    Period,
    PublishedValue,
    QuarterRule,
    Return,
    ReturnStatus,
    ReturnVersion,
    UploadState,
)
from returns.services import (
    period_ensure,
    return_accept,
    return_reopen,
    return_submit,
    return_upload_create,
    return_upload_validate,
)
from returns.validation import TEMPLATE_COLUMNS
from sli_portal.figures import round_half_up
from sli_portal.spreadsheets import write_csv

DEMO_REASON = (
    "Demonstration data generated from published annual ASCOF figures; the region's own "
    "items invented for the demonstration"
)
# The region's own items of the demonstration (demo/data/regional_items.json).
REGIONAL_FRAMEWORK = "NW ADASS regional items (demonstration)"
REGIONAL_TABLE = "regional_items"


def regional_items_demo_load() -> int:
    """Add the region's own AQuA and NW benchmarking items to the return through the catalogue
    CSV import the regional administrator uses. Returns how many were created (none on a
    second run)."""
    rows = demo_table(REGIONAL_TABLE)
    columns = [c for c in CATALOGUE_COLUMNS if c in {k for row in rows for k in row}]
    content = write_csv(
        [*columns, "framework_version", "in_return", "first_year"],
        [[row.get(c, "") for c in columns] + [REGIONAL_FRAMEWORK, "yes", "2011"] for row in rows],
    )
    result = catalogue_import(content=content)
    if result.problems:
        raise ValueError(f"The demonstration's regional items are refused: {result.problems}")
    return result.created


@cache
def _typical_quarters() -> dict[str, Decimal]:
    return {row["code"]: Decimal(row["typical_quarter"]) for row in demo_table(REGIONAL_TABLE)}


def _regional_value(measure: Measure, code: str, period: Period) -> Decimal | None:
    """An invented figure for one of the region's own items: its typical quarter scaled by the
    council (0.7 to 1.3 times) and moving up to 4% either way with the quarter."""
    typical = _typical_quarters().get(measure.code)
    if typical is None:
        return None
    council_scale = Decimal("0.7") + Decimal(int(code[-2:]) % 7) / 10
    drift = 1 + Decimal(period.index % 9 - 4) / 100
    figure = typical * council_scale * drift
    if measure.max_value is not None:
        figure = min(figure, measure.max_value)
    return round_half_up(figure, measure.decimal_places)


def periods_ensure(years: range | None = None) -> list[Period]:
    """Every quarter from the first year of published figures to the current one (by today's
    date), or of ``years``."""
    if years is None:
        years = demo_calendar(timezone.localdate()).years
    return [period_ensure(year=year, quarter=quarter) for year in years for quarter in range(1, 5)]


def _published(measures: list[Measure]) -> dict[tuple[int, str, int], float]:
    """(in-return measure id, council code, year) to the published figure, following each
    measure's predecessor back across the 2023 renumbering."""
    series = {m.pk: m.pk for m in measures}
    series.update({m.predecessor_id: m.pk for m in measures if m.predecessor_id})
    figures: dict[tuple[int, str, int], float] = {}
    rows = PublishedValue.objects.filter(
        level=GeographyLevel.COUNCIL, measure_id__in=series, value__isnull=False
    ).values_list("measure_id", "geography", "year", "value")
    for measure_id, code, year, value in rows:
        if value is not None:
            figures[(series[measure_id], code, year)] = value
    return figures


# After a council's last published year, demonstration quarters continue its last published
# trend at this fraction of its slope: a plausible present, never steeper than the past.
TREND_AFTER_PUBLISHED = 0.5


def _latest(
    figures: dict[tuple[int, str, int], float], measure_id: int, code: str, year: int
) -> tuple[int, float] | None:
    """The latest published year at or before ``year`` and its figure."""
    for earlier in range(year, FIRST_PUBLISHED_YEAR - 1, -1):
        if (measure_id, code, earlier) in figures:
            return earlier, figures[(measure_id, code, earlier)]
    return None


def _within(value: float, measure: Measure) -> float:
    if measure.min_value is not None:
        value = max(value, float(measure.min_value))
    if measure.max_value is not None:
        value = min(value, float(measure.max_value))
    return value


def _quarter_value(
    figures: dict[tuple[int, str, int], float], measure: Measure, code: str, period: Period
) -> float | None:
    """A quarter's figure: a quarter of the way from the previous published year to this one
    (the published figure in Q4); after the last published year, that line continued at
    :data:`TREND_AFTER_PUBLISHED` of its slope."""
    latest = _latest(figures, measure.pk, code, period.year)
    if latest is None:
        return None
    year, value = latest
    before = _latest(figures, measure.pk, code, year - 1)
    if year == period.year:
        start = value if before is None else before[1]
        return start + (value - start) * period.quarter / 4
    if before is None:
        return value
    slope = (value - before[1]) / (year - before[0])
    years_after = period.year - year - 1 + period.quarter / 4
    return _within(value + TREND_AFTER_PUBLISHED * slope * years_after, measure)


def quarter_figures(
    figures: dict[tuple[int, str, int], float],
    measures: list[Measure],
    council: Council,
    period: Period,
) -> list[tuple[Measure, Decimal | None]]:
    out: list[tuple[Measure, Decimal | None]] = []
    for measure in measures:
        if measure.framework_version == REGIONAL_FRAMEWORK:
            out.append((measure, _regional_value(measure, council.ons_code, period)))
            continue
        value = _quarter_value(figures, measure, council.ons_code, period)
        out.append(
            (measure, None if value is None else round_half_up(value, measure.decimal_places))
        )
    return out


def quarter_months(measure: Measure, value: Decimal | None) -> list[str]:
    """Three months that make ``value`` by the measure's quarter rule (none for an item
    collected for the quarter only, or a blank)."""
    if value is None or measure.quarter_rule not in (
        QuarterRule.SUM,
        QuarterRule.MEAN,
        QuarterRule.LAST,
    ):
        return []
    if measure.quarter_rule == QuarterRule.SUM:
        third = (value / 3).to_integral_value(rounding=ROUND_FLOOR)
        months = [third, third, value - 2 * third]
    elif measure.quarter_rule == QuarterRule.MEAN:
        step = Decimal(1).scaleb(-measure.decimal_places)
        low = value - step if value - step >= (measure.min_value or 0) else value
        months = [low, value, value + (value - low)]
        if measure.max_value is not None and months[2] > measure.max_value:
            months = [value, value, value]
    else:
        months = [value + 6, value + 3, value]
    return [str(month) for month in months]


def _csv(council: Council, period: Period, figures: list[tuple[Measure, Decimal | None]]) -> bytes:
    rows = [
        (
            council.ons_code,
            period.slug,
            m.code,
            m.name,
            m.unit_label,
            "" if v is None else str(v),
            "",
            "",
            *quarter_months(m, v),
        )
        for m, v in figures
    ]
    return write_csv(TEMPLATE_COLUMNS, rows)


def demo_return(
    *,
    council: Council,
    period: Period,
    figures: list[tuple[Measure, Decimal | None]],
    uploaded_by: User,
    submit_as: User | None = None,
    accept_as: User | None = None,
) -> Return | None:
    """Upload, check and optionally submit and accept one demonstration return."""
    if Return.objects.filter(council=council, period=period).exists():
        return None
    content = _csv(council, period, figures)
    name = f"{council.slug}-return-{period.slug}.csv"
    outcome = return_upload_create(
        council=council,
        period=period,
        file=SimpleUploadedFile(name, content, content_type="text/csv"),
        uploaded_by=uploaded_by,
        reason=DEMO_REASON,
        today=period.opens_on,
    )
    upload = return_upload_validate(upload_id=outcome.upload.pk)
    ret = Return.objects.get(council=council, period=period)
    Return.objects.filter(pk=ret.pk).update(is_demonstration=True)
    if upload.state != UploadState.VALID:
        return ret
    version = upload.version
    ReturnVersion.objects.filter(pk=version.pk).update(is_demonstration=True)
    version.is_demonstration = True
    if submit_as and version.is_complete:
        return_submit(version=version, submitted_by=submit_as)
        if accept_as:
            return_accept(return_obj=ret, accepted_by=accept_as)
    return ret


def returns_demo_load(periods: list[Period], today: datetime.date | None = None) -> int:
    """Accepted demonstration returns for every active council in every quarter from
    :data:`demo.calendar.ACCEPTED_FROM` up to the quarter open ``today`` (default: today), and
    that quarter's returns in a realistic mix of states. Returns how many returns were created
    (none on a second run)."""
    calendar = demo_calendar(today or timezone.localdate())
    admin = User.objects.get(email=ADMIN)
    leads = {
        "E08000015": User.objects.get(email=WIRRAL_LEAD),
        "E08000014": User.objects.get(email=SEFTON_LEAD),
    }
    measures = list(Measure.objects.in_return())
    figures = _published(measures)
    by_quarter = {(p.year, p.quarter): p for p in periods}
    created = 0
    for key in calendar.accepted_quarters:
        period = by_quarter[key]
        with transaction.atomic():
            for council in Council.objects.active_between(period.starts_on, period.ends_on):
                lead = leads.get(council.ons_code, admin)
                made = demo_return(
                    council=council,
                    period=period,
                    figures=quarter_figures(figures, measures, council, period),
                    uploaded_by=lead,
                    submit_as=lead,
                    accept_as=admin,
                )
                created += made is not None
    if calendar.open_quarter is not None:
        period = by_quarter[calendar.open_quarter]
        created += _open_quarter_states(period, calendar, _Figures(figures, measures), leads, admin)
    _reopen_one(calendar, admin)
    return created


@dataclass(frozen=True)
class _Figures:
    published: dict[tuple[int, str, int], float]
    measures: list[Measure]

    def of(self, council: Council, period: Period) -> list[tuple[Measure, Decimal | None]]:
        return quarter_figures(self.published, self.measures, council, period)


# The quarter open today: Wirral has a complete draft ready for its lead to submit, Trafford a
# partial draft; Sefton, Halton and Knowsley have submitted. Before the deadline nobody else has
# started (and nobody is late); after it, every other council's return has been accepted.
OPEN_QUARTER_PLANS = {
    "E08000015": "draft",
    "E08000009": "partial",
    "E08000014": "submit",
    "E06000006": "submit",
    "E08000011": "submit",
}


def _open_quarter_states(
    period: Period,
    calendar: DemoCalendar,
    figures: _Figures,
    leads: dict[str, User],
    admin: User,
) -> int:
    """The open quarter's returns, by :data:`OPEN_QUARTER_PLANS`. Returns how many were made."""
    created = 0
    for council in Council.objects.active_on(period.ends_on).order_by("name"):
        plan = OPEN_QUARTER_PLANS.get(council.ons_code, "accept")
        if plan == "accept" and not calendar.deadline_passed:
            continue
        lead = leads.get(council.ons_code, admin)
        chosen = figures.of(council, period)
        if plan == "partial":
            chosen = [(m, None if i % 5 == 0 else v) for i, (m, v) in enumerate(chosen)]
        with transaction.atomic():
            made = demo_return(
                council=council,
                period=period,
                figures=chosen,
                uploaded_by=lead,
                submit_as=lead if plan in ("submit", "accept") else None,
                accept_as=admin if plan == "accept" else None,
            )
        created += made is not None
    return created


def _reopen_one(calendar: DemoCalendar, admin: User) -> None:
    """Liverpool's return for the last accepted quarter, reopened at its request: its accepted
    figures stay in use until a new version is accepted."""
    if not calendar.accepted_quarters:
        return
    year, quarter = calendar.accepted_quarters[-1]
    reopened = Return.objects.filter(
        council__ons_code="E08000012", period__year=year, period__quarter=quarter
    ).first()
    if reopened is not None and reopened.status == ReturnStatus.ACCEPTED:
        return_reopen(
            return_obj=reopened,
            reopened_by=admin,
            reason="Liverpool asked to correct 2C after its finance review.",
        )
