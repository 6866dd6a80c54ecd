"""Demonstration data is labelled wherever it appears, and only there: every page, download,
API response and PDF showing a figure from a demonstration return says so next to it; a return
a person uploads is never labelled demonstration."""

import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from authorities.models import Council
from reports.assembly import account_assemble, scope_resolve
from reports.services import TEMPLATE
from returns.models import Measure, Return, ReturnTier, ReturnVersion
from returns.services import return_upload_create, return_upload_validate
from scorecard.comparators import comparators_recompute
from scorecard.selectors.demonstration import (
    ACCEPTED_SOURCE,
    DEMONSTRATION_INVENTED,
    DEMONSTRATION_INVENTED_SOURCE,
    DEMONSTRATION_METHOD,
    DEMONSTRATION_SOURCE,
)
from scorecard.selectors.measure import source_words
from sli_portal.pdf import render_pdf, render_pdf_html
from tests.conftest import make_period
from tests.factories import accepted_returns, periods
from tests.opendata.conftest import all_results
from tests.returns.files import csv_upload

pytestmark = pytest.mark.django_db
DEMO = "demonstration"


@pytest.fixture
def demo_quarter(regional_admin):
    """Two quarters of accepted returns for every council, all of them demonstration data."""
    quarters = periods(2023, 4)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), regional_admin)
    Return.objects.update(is_demonstration=True)
    ReturnVersion.objects.update(is_demonstration=True)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    return quarters[-1]


def page(client, name: str, *args: object, **query: str) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200, name
    return response.content.decode()


def test_every_page_showing_demonstration_figures_says_so(
    demo_quarter, client, client_for, planning_group_member
):
    measure = Measure.objects.in_return().get(code="2A")
    q = {"period": demo_quarter.slug}
    planner = client_for(planning_group_member)
    for html in (
        page(client, "scorecard:council", "wirral", **q),
        page(client, "scorecard:scorecard", "wirral", **q),
        page(client, "scorecard:measure", measure.pk, **q),
        page(client, "scorecard:overview", **q),
        # The Planning Group's judgement page (its evidence) and the narrative drafted from it.
        page(planner, "scorecard:judgements", "wirral", demo_quarter.slug),
        page(planner, "scorecard:narrative", "wirral", demo_quarter.slug),
    ):
        assert "Demonstration data" in html
        assert DEMONSTRATION_INVENTED in html
    measure_html = page(client, "scorecard:measure", measure.pk, **q)
    assert measure_html.count("(demonstration)") == 24  # next to every council's figure
    evidence = page(planner, "scorecard:judgements", "wirral", demo_quarter.slug)
    assert "the figures of 24 of these 24 councils were generated" in evidence
    in_return = Measure.objects.in_return().exclude(scorecard_domain="").count()
    # Next to each of Wirral's figures in the evidence, and to its direction of travel.
    assert evidence.count("(demonstration)") == in_return
    assert evidence.count(f"(demonstration: {DEMONSTRATION_METHOD})") == (in_return)


def test_measure_downloads_name_each_figures_source(demo_quarter, client):
    measure = Measure.objects.in_return().get(code="2A")
    q = {"period": demo_quarter.slug}
    csv_text = client.get(
        reverse("scorecard:measure_download", args=[measure.pk, "csv"]), q
    ).content.decode()
    assert "Source of the figure" in csv_text
    assert csv_text.count("Demonstration figure generated from published annual figures") == 24
    content = client.get(reverse("scorecard:measure_download", args=[measure.pk, "xlsx"]), q)
    sheet = load_workbook(io.BytesIO(content.content)).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert cells.count("Demonstration figure generated from published annual figures") == 24


def test_the_open_data_api_and_download_name_demonstration_figures(demo_quarter, client):
    results = all_results(client, "opendata:api_measure_values", council="wirral")
    quarterly = [r for r in results if r["quarter"]]
    assert quarterly
    assert {r["source"] for r in quarterly} == {"demonstration"}
    csv_text = client.get(
        reverse("opendata:measure_values_download", args=["csv"]), {"council": "wirral"}
    ).content.decode()
    assert "Demonstration figure generated from published annual figures" in csv_text


def test_the_regional_account_labels_demonstration_figures_on_its_cover(demo_quarter):
    data = account_assemble(scope=scope_resolve(year=demo_quarter.year))
    context = {"account": data, "version_number": 1, "generated_at": timezone.now()}
    html = render_pdf_html(TEMPLATE, context, title=data.title)
    assert "Demonstration data." in html
    assert "Everything in this Account is published information" not in html
    pdf = render_pdf(TEMPLATE, context, title=data.title)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Demonstration data." in text
    # Words only: a table cell's text wraps over lines.
    assert "(demonstration figures)" in " ".join(text.split())


def test_a_return_a_person_uploads_is_never_labelled(
    wirral, wirral_lead, client_for, planning_group_member
):
    period = make_period(2026, 2)
    upload = return_upload_create(
        council=wirral, period=period, file=csv_upload(wirral, period), uploaded_by=wirral_lead
    ).upload
    return_upload_validate(upload_id=upload.pk)
    ret = Return.objects.get(council=wirral, period=period)
    assert not ret.is_demonstration
    client = client_for(wirral_lead)
    for html in (
        page(client, "returns:detail", "wirral", period.slug),
        page(client, "returns:version", "wirral", period.slug, 1),
        page(client, "returns:list"),
    ):
        assert DEMO not in html.casefold()
    html = page(client_for(planning_group_member), "scorecard:judgements", "wirral", period.slug)
    assert DEMO not in html.casefold()


def test_a_persons_version_in_a_demonstration_draft_is_not_labelled(
    wirral, wirral_lead, client_for
):
    period = make_period(2026, 2)
    first = return_upload_create(
        council=wirral, period=period, file=csv_upload(wirral, period), uploaded_by=wirral_lead
    ).upload
    return_upload_validate(upload_id=first.pk)
    Return.objects.update(is_demonstration=True)
    ReturnVersion.objects.update(is_demonstration=True)
    second = return_upload_create(
        council=wirral,
        period=period,
        file=csv_upload(wirral, period, name="mine.csv", **{"2C": "499.0"}),
        uploaded_by=wirral_lead,
    ).upload
    return_upload_validate(upload_id=second.pk)
    assert not Return.objects.get(council=wirral, period=period).is_demonstration
    html = page(client_for(wirral_lead), "returns:version", "wirral", period.slug, 2)
    assert DEMO not in html.casefold()


def test_council_page_and_overview_say_which_quarter_they_opened_on(demo_quarter, client):
    council = page(client, "scorecard:council", "wirral")
    assert f"Showing {demo_quarter.label}, the latest quarter with accepted figures" in council
    overview = page(client, "scorecard:overview")
    assert f"Showing {demo_quarter.label}, the latest quarter with" in overview
    chosen = page(client, "scorecard:council", "wirral", period=demo_quarter.slug)
    assert "the latest quarter with accepted figures" not in chosen


def test_a_demonstration_figure_names_how_it_was_made_by_its_tier() -> None:
    """ASCOF figures are generated from published ones; the region's own items, which nobody
    publishes, are invented; a council's own return is never called demonstration."""
    ascof = Measure(code="2A", tier=ReturnTier.ASCOF)
    regional = Measure(code="NW-WAIT", tier=ReturnTier.NW_BENCHMARKING)
    assert source_words(True, ascof) == DEMONSTRATION_SOURCE
    assert source_words(True, regional) == DEMONSTRATION_INVENTED_SOURCE
    assert "invented" in DEMONSTRATION_INVENTED_SOURCE
    assert source_words(False, regional) == ACCEPTED_SOURCE
