"""One rounding rule: decimal half-up to the measure's decimal places, the same on the pages,
the downloads and the open-data API (the PDF: tests/reports/test_regional_account_pdf.py).
Half-way figures (19.15, 3.05, 69.65) are where binary floating point rounds down."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure, Polarity
from scorecard.models import Band, CouncilPosition, Direction, MeasureBenchmark
from sli_portal.figures import format_figure, round_half_up, rounded_float
from tests.factories import periods

pytestmark = pytest.mark.django_db

VALUE, NW_MEDIAN, ENGLAND = 19.15, 3.05, 69.65
ROUNDED = {"value": "19.2", "median": "3.1", "england": "69.7"}


def test_the_helper_rounds_half_up_from_the_figure_a_person_wrote():
    # Binary floating point would give 19.1, 3.0 (3.05 is 3.04999...) and 69.7.
    assert f"{19.15:.1f}" == "19.1"
    assert [format_figure(v, 1) for v in (VALUE, NW_MEDIAN, ENGLAND)] == ["19.2", "3.1", "69.7"]
    assert round_half_up(2.675, 2) == Decimal("2.68")
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert format_figure(1234567.5, 0) == "1,234,568"
    assert format_figure(None, 1) == format_figure(float("nan"), 1) == "–"
    assert rounded_float(VALUE, 1) == 19.2
    assert str(round_half_up(3.1, 2)) == "3.10"


@pytest.fixture
def half_way():
    """Wirral's 19.15 on a measure of one decimal place, beside an NW median of 3.05 (over 20
    councils) and England's 69.65."""
    [period] = periods(2023, 1)
    measure = Measure.objects.in_return().filter(polarity=Polarity.HIGHER).first()
    assert measure is not None
    Measure.objects.filter(pk=measure.pk).update(decimal_places=1)
    MeasureBenchmark.objects.create(
        measure=measure,
        period=period,
        nw_count=20,
        nw_mean=4.0,
        nw_median=NW_MEDIAN,
        nw_lower_quartile=1.05,
        nw_upper_quartile=5.05,
        nw_mad=1.0,
        england_value=ENGLAND,
        england_year=2022,
    )
    CouncilPosition.objects.create(
        council=Council.objects.get(slug="wirral"),
        measure=measure,
        period=period,
        value=VALUE,
        rank=1,
        ranked_of=20,
        value_quartile=4,
        direction=Direction.UNKNOWN,
        band=Band.MUCH_BETTER,
    )
    return measure, period


def test_pages_round_half_up(half_way, client_for):
    measure, period = half_way
    client = client_for(None)
    council = client.get(
        reverse("scorecard:council", args=["wirral"]), {"period": period.slug}
    ).content.decode()
    page = client.get(
        reverse("scorecard:measure", args=[measure.pk]), {"period": period.slug}
    ).content.decode()
    for html in (council, page):
        for printed in ROUNDED.values():
            assert f">{printed}<" in html, printed
        assert ">19.1<" not in html
        assert ">3.0<" not in html


def test_the_measure_download_rounds_half_up(half_way, client_for):
    measure, period = half_way
    response = client_for(None).get(
        reverse("scorecard:measure_download", args=[measure.pk, "csv"]), {"period": period.slug}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    wirral = next(r for r in rows if r["Council"] == "Wirral")
    assert wirral["Value"] == ROUNDED["value"]
    assert wirral["North West median of councils' returns"] == ROUNDED["median"]
    assert wirral["Published England figure"] == ROUNDED["england"]


def test_open_data_csv_and_api_round_half_up(half_way, client_for):
    measure, _ = half_way
    client = client_for(None)
    query = {"measure": measure.code, "council": "wirral"}
    response = client.get(reverse("opendata:measure_values_download", args=["csv"]), query)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    quarterly = [r for r in rows if "Q1" in r["Period"]]
    assert [r["Value"] for r in quarterly] == [ROUNDED["value"]]
    response = client.get(reverse("opendata:api_measure_values"), query)
    results = json.loads(response.content)["results"]
    assert [r["value"] for r in results if r["quarter"] == 1] == [19.2]
