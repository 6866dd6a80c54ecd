"""Oflog's adult social care metrics have their own pages: each NW council's published figure
with Oflog's national median and MADs from it, as Oflog published them."""

import csv

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.catalogue import DATA_DIR
from returns.models import Measure
from returns.national import OFLOG_FRAMEWORK, national_import
from scorecard.selectors import oflog_page_get

pytestmark = pytest.mark.django_db
OFLOG = DATA_DIR / "oflog-asc-metrics-by-council.csv"


@pytest.fixture
def oflog(db):
    national_import(dataset="oflog_asc", path=OFLOG)
    return Measure.objects.get(code="ASC5", framework_version=OFLOG_FRAMEWORK)


def published(code: str, year: str) -> dict[str, dict[str, str]]:
    with OFLOG.open(newline="", encoding="utf-8") as handle:
        return {
            r["Local authority code"]: r
            for r in csv.DictReader(handle)
            if r["Code"] == code and r["Financial year"] == year
        }


def test_page_shows_oflogs_median_and_mads_for_north_west_councils(oflog, client):
    file = published("ASC5", "2022-23")
    page = oflog_page_get(measure=oflog, year=2022)
    assert page.national_median == pytest.approx(78.2)
    wirral = next(r for r in page.rows if r.council.ons_code == "E08000015")
    assert wirral.value == pytest.approx(float(file["E08000015"]["Value"]))
    assert wirral.mads == pytest.approx(float(file["E08000015"]["MADs_from_median"]))
    nw = {c.ons_code for c in Council.objects.all()}
    assert {r.council.ons_code for r in page.rows} == set(file) & nw

    response = client.get(reverse("scorecard:measure", args=[oflog.pk]), {"year": "2022"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Oflog’s national median" in html
    assert "78.2" in html
    assert "0.15 MADs below the national median" in html
    assert "There are no North West figures" not in html


def test_page_opens_on_the_latest_year(oflog):
    assert oflog_page_get(measure=oflog, year=None).year == 2022
    assert oflog_page_get(measure=oflog, year=1999).year == 2022


def test_page_without_imported_figures_says_so(client):
    measure = Measure.objects.get(code="ASC6", framework_version=OFLOG_FRAMEWORK)
    response = client.get(reverse("scorecard:measure", args=[measure.pk]))
    assert "No figures from Oflog have been imported" in response.content.decode()
