"""A published world for open data: Wirral and Sefton's accepted quarters with comparators,
a redrafted and a never-published judgement, internal commentary, a return not yet accepted,
published national figures, and planted formula text and negative numbers."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from authorities.models import Council
from returns.models import (
    Domain,
    GeographyLevel,
    Measure,
    Period,
    PublishedValue,
    Return,
    ReturnStatus,
    ReturnValue,
    ReturnVersion,
)
from scorecard.comparators import comparators_recompute
from scorecard.models import CouncilPosition, Judgement, Rating
from tests.factories import accepted_returns, periods

PUBLIC_COMMENTARY = "Stable leadership after the restructure."
FORMULA_COMMENTARY = '=HYPERLINK("http://evil.example","Click")'
MINUS_COMMENTARY = "-5 points on last year, still within the range."
DRAFT_COMMENTARY = "DRAFT-ONLY: leadership at risk from the budget gap."
INTERNAL = "CONFIDENTIAL: the DASS post is about to fall vacant."
NEVER_PUBLISHED = "DRAFT-CULTURE: disengaging from networks."
SECRETS = [DRAFT_COMMENTARY, INTERNAL, NEVER_PUBLISHED, "CONFIDENTIAL", "DRAFT"]
UNACCEPTED_FIGURE = Decimal("987.654")
NATIONAL_FIGURE = 81.25
NEGATIVE_FIGURE = -5.0


@dataclass(frozen=True)
class World:
    quarter: Period
    unshown_quarter: Period
    measure: Measure
    wirral: Council
    sefton: Council


@pytest.fixture
def published(regional_admin) -> World:
    """2023/24 Q4 accepted for Wirral and Sefton with comparators; 2024/25 Q1 accepted for
    Wirral with no comparators computed (the public pages show no figure for it); a submitted,
    not accepted, 2024/25 Q2 return."""
    wirral = Council.objects.get(slug="wirral")
    sefton = Council.objects.get(slug="sefton")
    measures = list(Measure.objects.in_return()[:3])
    quarter = periods(2023, 4)[-1]
    accepted_returns([wirral, sefton], [quarter], measures, regional_admin)
    comparators_recompute(period=quarter)
    unshown = periods(2024, 1)[0]
    accepted_returns([wirral], [unshown], measures, regional_admin)
    submitted_only = periods(2024, 2)[-1]
    ret = Return.objects.create(
        council=wirral, period=submitted_only, status=ReturnStatus.SUBMITTED
    )
    version = ReturnVersion.objects.create(return_obj=ret, number=1, created_by=regional_admin)
    ReturnValue.objects.create(version=version, measure=measures[0], value=UNACCEPTED_FIGURE)
    ret.submitted_version = version
    ret.save()
    # A figure below zero, as the public pages would show it.
    CouncilPosition.objects.filter(council=sefton, period=quarter, measure=measures[0]).update(
        value=NEGATIVE_FIGURE
    )
    now = timezone.now()
    Judgement.objects.create(
        council=wirral,
        period=quarter,
        domain=Domain.LEADERSHIP,
        rating=Rating.RED,
        commentary=DRAFT_COMMENTARY,
        internal_commentary=INTERNAL,
        published_rating=Rating.GREEN,
        published_commentary=PUBLIC_COMMENTARY,
        published_at=now,
        written_by=regional_admin,
    )
    Judgement.objects.create(
        council=wirral,
        period=quarter,
        domain=Domain.CULTURE,
        rating=Rating.AMBER,
        commentary=NEVER_PUBLISHED,
        internal_commentary=INTERNAL,
        written_by=regional_admin,
    )
    Judgement.objects.create(
        council=sefton,
        period=quarter,
        domain=Domain.PERFORMANCE,
        rating=Rating.AMBER,
        commentary=FORMULA_COMMENTARY,
        published_rating=Rating.AMBER,
        published_commentary=FORMULA_COMMENTARY,
        published_at=now,
        written_by=regional_admin,
    )
    Judgement.objects.create(
        council=sefton,
        period=quarter,
        domain=Domain.RESOURCES,
        rating=Rating.RED,
        commentary=MINUS_COMMENTARY,
        published_rating=Rating.RED,
        published_commentary=MINUS_COMMENTARY,
        published_at=now,
        written_by=regional_admin,
    )
    PublishedValue.objects.bulk_create(
        [
            PublishedValue(
                measure=measures[1],
                year=2022,
                level=GeographyLevel.COUNCIL,
                geography=wirral.ons_code,
                geography_name="Wirral",
                value=NATIONAL_FIGURE,
                dataset="ascof_trend",
            ),
            PublishedValue(
                measure=measures[1],
                year=2022,
                level=GeographyLevel.COUNCIL,
                geography=sefton.ons_code,
                geography_name="Sefton",
                value=None,
                missing_reason="suppressed",
                dataset="ascof_trend",
            ),
            PublishedValue(
                measure=measures[1],
                year=2022,
                level=GeographyLevel.COUNCIL,
                geography="E09000001",
                geography_name="City of London",
                value=55.5,
                dataset="ascof_trend",
            ),
            PublishedValue(
                measure=measures[1],
                year=2022,
                level=GeographyLevel.ENGLAND,
                geography="E92000001",
                geography_name="England",
                value=66.6,
                dataset="ascof_trend",
            ),
        ]
    )
    return World(quarter, unshown, measures[0], wirral, sefton)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_cells(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def all_results(client: Client, name: str, **query: str) -> list[dict[str, Any]]:
    response = client.get(reverse(name), {"limit": 500, **query})
    assert response.status_code == 200, response.content
    return response.json()["results"]
