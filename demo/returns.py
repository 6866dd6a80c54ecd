"""Demonstration quarterly returns, generated from the real published figures.

Quarterly returns are generated for every NW council from its published annual ASCOF figures:
each quarter moves a quarter of the way from the previous year's figure to this year's, and a
measure not published that year carries forward the latest earlier published figure. Every
such return is marked as demonstration data and goes through the real upload pipeline. The
quarter open today has returns in every state. Running this twice changes nothing.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import User
from authorities.models import Council
from demo.users import ADMIN, SEFTON_LEAD, WIRRAL_LEAD
from returns.models import (
    GeographyLevel,
    Measure,
    Period,
    PublishedValue,
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
from sli_portal.spreadsheets import write_csv

DEMO_REASON = "Demonstration data generated from published annual ASCOF figures"
DEMO_YEARS = (2022, 2023)
CURRENT_YEARS = range(2022, 2027)


def periods_ensure(years: range = CURRENT_YEARS) -> list[Period]:
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


def _latest(
    figures: dict[tuple[int, str, int], float], measure_id: int, code: str, year: int
) -> float | None:
    for earlier in range(year, year - 4, -1):
        if (measure_id, code, earlier) in figures:
            return figures[(measure_id, code, earlier)]
    return None


def quarter_figures(
    figures: dict[tuple[int, str, int], float],
    measures: list[Measure],
    council: Council,
    period: Period,
) -> list[tuple[Measure, Decimal | None]]:
    out: list[tuple[Measure, Decimal | None]] = []
    for measure in measures:
        this_year = _latest(figures, measure.pk, council.ons_code, period.year)
        last_year = _latest(figures, measure.pk, council.ons_code, period.year - 1)
        if this_year is None:
            out.append((measure, None))
            continue
        start = this_year if last_year is None else last_year
        value = start + (this_year - start) * period.quarter / 4
        step = Decimal(1).scaleb(-measure.decimal_places)
        out.append((measure, Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)))
    return out


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


def returns_demo_load(periods: list[Period]) -> int:
    """Accepted demonstration returns for every active council in every quarter of
    :data:`DEMO_YEARS`, and returns in every state for the quarter open today. Returns how many
    returns were created (none on a second run)."""
    admin = User.objects.get(email=ADMIN)
    leads = {
        "E08000015": User.objects.get(email=WIRRAL_LEAD),
        "E08000014": User.objects.get(email=SEFTON_LEAD),
    }
    measures = list(Measure.objects.in_return())
    figures = _published(measures)
    created = 0
    for period in [p for p in periods if p.year in DEMO_YEARS]:
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
    return created + _current_quarter_states(periods, measures, figures, leads, admin)


def _current_quarter_states(
    periods: list[Period],
    measures: list[Measure],
    figures: dict[tuple[int, str, int], float],
    leads: dict[str, User],
    admin: User,
) -> int:
    """Returns in every state for the quarter now open: draft, partial, submitted, reopened.
    Returns how many were created."""
    today = datetime.date.today()
    open_now = [p for p in periods if p.is_open(today)] or periods[-1:]
    period = open_now[0]
    by_code = {c.ons_code: c for c in Council.objects.active_on(period.ends_on)}
    latest = Period(
        year=max(DEMO_YEARS), quarter=4, opens_on=today, deadline=today, closes_on=today
    )

    def figs(code: str) -> list[tuple[Measure, Decimal | None]]:
        return quarter_figures(figures, measures, by_code[code], latest)

    plans = [
        ("E08000015", None),  # Wirral: a complete draft, ready for its lead to submit
        ("E08000014", "submit"),  # Sefton: submitted, awaiting the administrator
        ("E06000006", "submit-accept"),  # Halton: accepted
        ("E08000009", "partial"),  # Trafford: a partial draft
    ]
    created = 0
    for code, plan in plans:
        council = by_code[code]
        lead = leads.get(code, admin)
        chosen = figs(code)
        if plan == "partial":
            chosen = [(m, None if i % 5 == 0 else v) for i, (m, v) in enumerate(chosen)]
        with transaction.atomic():
            made = demo_return(
                council=council,
                period=period,
                figures=chosen,
                uploaded_by=lead,
                submit_as=lead if plan and plan.startswith("submit") else None,
                accept_as=admin if plan == "submit-accept" else None,
            )
        created += made is not None
    reopened = Return.objects.filter(
        council__ons_code="E08000012", period__year=max(DEMO_YEARS), period__quarter=4
    ).first()
    if reopened is not None and reopened.status == ReturnStatus.ACCEPTED:
        return_reopen(
            return_obj=reopened,
            reopened_by=admin,
            reason="Liverpool asked to correct 2C after its finance review.",
        )
    return created
