"""Demonstration data for the embedded default (`make run`), from the real published figures.

Quarterly returns are generated for every NW council from its published annual ASCOF figures:
each quarter moves a quarter of the way from the previous year's figure to this year's, and a
measure not published that year carries forward the latest earlier published figure. Every
such return is marked as demonstration data and goes through the real upload pipeline.
Running this twice changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import Membership, Role, User
from authorities.models import Council
from authorities.services import comparator_groups_load, councils_load
from pages.demo_improvement_plans import improvement_plans_demo_load
from pages.demo_notifications import notifications_demo_load
from pages.demo_operations import operations_demo_load
from pages.demo_reports import reports_demo_load
from pages.demo_review import review_demo_load
from pages.demo_scorecard import demo_scorecard_load
from pages.demo_selfassessment import selfassessment_demo_load
from pages.demo_support import support_demo_load
from pages.demo_triggers import triggers_demo_load
from returns.catalogue import measures_load
from returns.models import (
    GeographyLevel,
    Measure,
    Period,
    PublishedValue,
    Return,
    ReturnStatus,
    UploadState,
)
from returns.national import national_import_all
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
from triggers.table2 import table2_load

DEMO_PASSWORD = "nw-sli-demo-2026"
DEMO_REASON = "Demonstration data generated from published annual ASCOF figures"
DEMO_YEARS = (2022, 2023)
CURRENT_YEARS = range(2022, 2027)

DEMO_USERS = [
    ("wirral.lead@demo.nwsli.org.uk", "Wendy", "Lead", Role.PERFORMANCE_LEAD, "E08000015"),
    ("sefton.lead@demo.nwsli.org.uk", "Sam", "Lead", Role.PERFORMANCE_LEAD, "E08000014"),
    ("wirral.director@demo.nwsli.org.uk", "Dana", "Director", Role.DIRECTOR, "E08000015"),
    ("planning.group@demo.nwsli.org.uk", "Pat", "Planner", Role.PLANNING_GROUP, None),
    ("risk.assessor@demo.nwsli.org.uk", "Rita", "Assessor", Role.RISK_ASSESSOR, None),
    ("board.member@demo.nwsli.org.uk", "Bob", "Board", Role.BOARD_MEMBER, None),
    ("regional.admin@demo.nwsli.org.uk", "Alex", "Admin", Role.REGIONAL_ADMIN, None),
]


@dataclass
class DemoReport:
    users: list[tuple[str, str, str]] = field(default_factory=list)
    returns_created: int = 0


def periods_ensure(years: range = CURRENT_YEARS) -> list[Period]:
    return [period_ensure(year=year, quarter=quarter) for year in years for quarter in range(1, 5)]


def users_ensure() -> list[tuple[str, str, str]]:
    councils = {c.ons_code: c for c in Council.objects.all()}
    shown = []
    for email, first, last, role, code in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email,
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=role == Role.REGIONAL_ADMIN,
                is_superuser=role == Role.REGIONAL_ADMIN,
            )
        Membership.objects.get_or_create(
            user=user, role=role, council=councils.get(code) if code else None
        )
        where = councils[code].name if code else "North West region"
        shown.append((email, Role(role).label, where))
    return shown


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
    if submit_as and version.is_complete:
        return_submit(version=version, submitted_by=submit_as)
        if accept_as:
            return_accept(return_obj=ret, accepted_by=accept_as)
    return ret


def demo_load(*, with_national_data: bool = True) -> DemoReport:
    """Everything `make run` needs: councils, measures, published figures, quarters, users and
    demonstration returns in every state."""
    report = DemoReport()
    councils_load()
    comparator_groups_load()
    measures_load()
    # Table 2 first, so each return accepted and self-assessment submitted below is checked
    # against the automatic triggers as it would be in use.
    table2_load()
    if with_national_data:
        national_import_all()
    periods = periods_ensure()
    report.users = users_ensure()
    admin = User.objects.get(email="regional.admin@demo.nwsli.org.uk")
    leads = {
        "E08000015": User.objects.get(email="wirral.lead@demo.nwsli.org.uk"),
        "E08000014": User.objects.get(email="sefton.lead@demo.nwsli.org.uk"),
    }
    measures = list(Measure.objects.in_return())
    figures = _published(measures)
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
                report.returns_created += made is not None
    _current_quarter_states(periods, measures, figures, leads, admin, report)
    demo_scorecard_load()
    selfassessment_demo_load()
    triggers_demo_load()
    review_demo_load()
    support_demo_load()
    improvement_plans_demo_load()
    reports_demo_load()
    notifications_demo_load()
    operations_demo_load()
    return report


def _current_quarter_states(
    periods: list[Period],
    measures: list[Measure],
    figures: dict[tuple[int, str, int], float],
    leads: dict[str, User],
    admin: User,
    report: DemoReport,
) -> None:
    """Returns in every state for the quarter now open: draft, partial, submitted, reopened."""
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
        report.returns_created += made is not None
    reopened = Return.objects.filter(
        council__ons_code="E08000012", period__year=max(DEMO_YEARS), period__quarter=4
    ).first()
    if reopened is not None and reopened.status == ReturnStatus.ACCEPTED:
        return_reopen(
            return_obj=reopened,
            reopened_by=admin,
            reason="Liverpool asked to correct 2C after its finance review.",
        )
