"""A Regional Account rendered once per module from the whole region's published data, with
confidential text planted where it must never reach the document: a concern's evidence, a
risk assessment's rationale, internal commentary, an unpublished draft judgement's commentary,
a draft narrative and a Local Account's internal notes. The data is rolled back after
rendering; the tests read the PDF, its text and the figures captured from the database."""

import datetime
import io
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from reports.assembly import format_figure, scope_resolve
from reports.services import account_render
from returns.models import Domain
from scorecard.models import Judgement, LocalAccount, Narrative, Rating
from tests.conftest import make_user
from tests.reports.regional_data import regional_data_fill
from triggers.models import Concern, ConcernStatus, RiskAssessment, Trigger, Visibility
from triggers.table2 import table2_load

CONCERN_EVIDENCE = "QZX-CONCERN-EVIDENCE-7731"
CONCERN_TITLE = "QZX-CONCERN-TITLE-5512"
RISK_RATIONALE = "QZX-RISK-RATIONALE-2208"
INTERNAL_COMMENTARY = "QZX-INTERNAL-COMMENTARY-4417"
DRAFT_COMMENTARY = "QZX-DRAFT-COMMENTARY-9054"
DRAFT_NARRATIVE = "QZX-DRAFT-NARRATIVE-1186"
LOCAL_ACCOUNT_NOTES = "QZX-LOCAL-ACCOUNT-NOTES-3390"
HALF_WAY = (19.15, 3.05, 69.65)
CONFIDENTIAL = [
    CONCERN_EVIDENCE,
    CONCERN_TITLE,
    RISK_RATIONALE,
    INTERNAL_COMMENTARY,
    DRAFT_COMMENTARY,
    DRAFT_NARRATIVE,
    LOCAL_ACCOUNT_NOTES,
]


@dataclass(frozen=True)
class RenderedRegion:
    pdf: bytes
    pages: int
    text: str
    councils: list[str]
    expected: list[tuple[str, str]]  # (what, text as the template prints it)
    published_commentary: str


def pdf_text(content: bytes) -> str:
    """The text in reading order, as pdftotext extracts it without -layout."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def plant_confidential(planner: Any, assessor: Any, data: Any) -> None:
    wirral = next(c for c in data.councils if c.slug == "wirral")
    sefton = next(c for c in data.councils if c.slug == "sefton")
    table2_load()
    Concern.objects.create(
        council=wirral,
        trigger=Trigger.objects.order_by("pk").first(),
        title=CONCERN_TITLE,
        evidence=CONCERN_EVIDENCE,
        raised_on=datetime.date(2024, 2, 1),
        visibility=Visibility.SHARED,
        status=ConcernStatus.SHARED,
        raised_by=planner,
    )
    RiskAssessment.objects.create(
        council=wirral, year=data.period.year, assessor=assessor, rationale=RISK_RATIONALE
    )
    Judgement.objects.filter(council=wirral, period=data.period).update(
        internal_commentary=INTERNAL_COMMENTARY
    )
    # A published judgement redrafted since: the draft's rating and commentary stay unseen.
    Judgement.objects.filter(council=sefton, period=data.period, domain=Domain.LEADERSHIP).update(
        rating=Rating.RED, commentary=DRAFT_COMMENTARY
    )
    # A judgement never published at all.
    later = data.period.__class__.objects.get_or_create(
        year=data.period.year + 1,
        quarter=1,
        defaults={
            "opens_on": datetime.date(2024, 7, 1),
            "deadline": datetime.date(2024, 8, 1),
            "closes_on": datetime.date(2024, 9, 1),
        },
    )[0]
    Judgement.objects.create(
        council=wirral,
        period=later,
        domain=Domain.PERFORMANCE,
        rating=Rating.RED,
        commentary=DRAFT_COMMENTARY,
        written_by=planner,
    )
    Narrative.objects.filter(council=sefton, period=data.period).update(text=DRAFT_NARRATIVE)
    LocalAccount.objects.filter(council=sefton).update(notes=LOCAL_ACCOUNT_NOTES)


@pytest.fixture(scope="module")
def rendered_region(django_db_setup: None, django_db_blocker: Any) -> Iterator[RenderedRegion]:
    with django_db_blocker.unblock(), transaction.atomic():
        planner = make_user("pat.planner.ra@nwadass.example", Role.PLANNING_GROUP)
        assessor = make_user("rita.assessor.ra@nwadass.example", Role.RISK_ASSESSOR)
        data = regional_data_fill(by=planner)
        plant_confidential(planner, assessor, data)
        wirral = next(c for c in data.councils if c.slug == "wirral")
        judgement = Judgement.objects.get(
            council=wirral, period=data.period, domain=Domain.COMMISSIONING
        )
        from scorecard.models import CouncilPosition, MeasureBenchmark

        measure = data.measures[0]
        # Half-way figures, which one rounding rule (half-up) prints as 19.2, 3.1 and 69.7.
        measure.decimal_places = 1
        measure.save(update_fields=["decimal_places"])
        CouncilPosition.objects.filter(council=wirral, measure=measure, period=data.period).update(
            value=HALF_WAY[0]
        )
        MeasureBenchmark.objects.filter(measure=measure, period=data.period).update(
            nw_median=HALF_WAY[1], england_value=HALF_WAY[2]
        )
        position = CouncilPosition.objects.get(council=wirral, measure=measure, period=data.period)
        benchmark = MeasureBenchmark.objects.get(measure=measure, period=data.period)
        places = measure.decimal_places
        expected = [
            ("Wirral's first key measure", format_figure(position.value, places)),
            ("its NW median", format_figure(benchmark.nw_median, places)),
            ("its England figure", format_figure(benchmark.england_value, places)),
            ("Wirral's published commissioning rating", judgement.get_published_rating_display()),
            ("a measure name", f"{measure.code} {measure.name}"),
        ]
        for council in data.councils[:3]:
            other = CouncilPosition.objects.get(
                council=council, measure=data.measures[-1], period=data.period
            )
            expected.append(
                (
                    f"{council.name}'s last key measure",
                    format_figure(other.value, data.measures[-1].decimal_places),
                )
            )
        rendered = account_render(
            scope=scope_resolve(year=data.period.year),
            version_number=1,
            generated_at=timezone.localtime(),
        )
        region = RenderedRegion(
            pdf=rendered.content,
            pages=rendered.pages,
            text=pdf_text(rendered.content),
            councils=[c.name for c in data.councils],
            expected=expected,
            published_commentary=judgement.published_commentary,
        )
        transaction.set_rollback(True)
    return region


def pdf_reader(content: bytes) -> Any:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content))
