"""The whole quarterly return: the template lists every item the council is asked for by tier
and TEASC section (comment rows in CSV, a second sheet in Excel); an upload's problems are
grouped the same way; items published nationally are shown on the return's page with their
published figure and refused when typed."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from returns.models import GeographyLevel, Measure, PublishedValue, ReturnUpload, UploadState
from returns.selectors import NationalItem
from returns.template import INSTRUCTIONS_SHEET, ITEM_COLUMNS
from tests.conftest import make_period
from tests.returns.files import add_regional_items, fill_template
from tests.returns.test_upload_view import csv_file, post_upload, result_page

pytestmark = pytest.mark.django_db

NATIONAL_CODES = ("DTOC-SOCIAL-CARE", "FALLS-65", "UC-RN-18")


@pytest.fixture
def lead_client(client_for, wirral_lead):
    return client_for(wirral_lead)


@pytest.fixture
def regional_items(db):
    return add_regional_items()


def csv_template(client, council, period) -> list[list[str]]:
    response = client.get(reverse("returns:template", args=[council.slug, period.slug, "csv"]))
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_template_lists_every_item_by_tier_and_section_under_comment_rows(
    lead_client, wirral, open_period, regional_items
):
    rows = csv_template(lead_client, wirral, open_period)
    headings = [row[0] for row in rows[1:] if row[0].startswith("#")]
    assert headings[0].startswith("# Rows starting with # are notes that the upload skips")
    groups = headings[1:]
    assert groups[-3:] == [
        "# AQuA whole-system: Assisting Discharge",
        "# NW benchmarking: Access to Services",
        "# NW benchmarking: Residential and Nursing",
    ]
    assert all(g.startswith("# ASCOF: ") for g in groups[:-3])
    assert len(groups) == len(set(groups))
    codes = [row[2] for row in rows[1:] if not row[0].startswith("#")]
    assert len(codes) == Measure.objects.in_return().count()
    assert codes[-3:] == ["AQ-REABLE", "NW-WAIT", "NW-ADM"]
    assert not set(NATIONAL_CODES) & set(codes)


def test_the_excel_templates_second_sheet_gives_each_items_unit_definition_and_range(
    lead_client, wirral, open_period, regional_items
):
    response = lead_client.get(
        reverse("returns:template", args=[wirral.slug, open_period.slug, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[1] == INSTRUCTIONS_SHEET
    lines = [list(r) for r in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    start = lines.index(list(ITEM_COLUMNS))
    items = {line[2]: line for line in lines[start + 1 :]}
    assert len(items) == Measure.objects.in_return().count()
    assert items["NW-ADM"] == [
        "NW benchmarking",
        "Residential and Nursing",
        "NW-ADM",
        "Permanent admissions to residential and nursing care, 65+",
        "people admitted",
        "0 or more",
        "Sum of the months",
        "Permanent admissions to residential and nursing care, 65+ in the quarter, from the "
        "council's own records.",
    ]
    assert items["2D1"][5] == "0 to 100"
    first = workbook.worksheets[0]
    assert [c.value for c in first[1]][8:13] == [
        "first_month",
        "second_month",
        "third_month",
        "tier",
        "section",
    ]


def test_a_filled_template_keeps_its_comment_rows_and_errors_name_the_spreadsheets_row(
    lead_client, wirral, open_period, regional_items
):
    rows = fill_template(csv_template(lead_client, wirral, open_period), **{"NW-ADM": "-4"})
    html = result_page(lead_client, post_upload(lead_client, wirral, open_period, csv_file(rows)))
    [problem] = ReturnUpload.objects.get().problems
    row = next(n for n, cells in enumerate(rows, start=1) if cells[2:3] == ["NW-ADM"])
    assert (problem["row"], problem["row_label"], problem["column"]) == (row, "NW-ADM", "value")
    assert "NW benchmarking: Residential and Nursing: 1 problem, by row, item and column" in html
    assert "-4 is less than 0. A count cannot be negative" in html

    fixed = fill_template(csv_template(lead_client, wirral, open_period))
    post_upload(lead_client, wirral, open_period, csv_file(fixed, name="fixed.csv"))
    assert ReturnUpload.objects.get(original_name="fixed.csv").state == UploadState.VALID


def test_problems_are_grouped_by_tier_and_section_in_the_returns_order(
    lead_client, wirral, open_period, regional_items
):
    rows = fill_template(
        csv_template(lead_client, wirral, open_period),
        **{"NW-ADM": "2.5", "AQ-REABLE": "-1", "2D1": "101"},
    )
    html = result_page(lead_client, post_upload(lead_client, wirral, open_period, csv_file(rows)))
    captions = [
        "ASCOF: Assisting Discharge: 1 problem",
        "AQuA whole-system: Assisting Discharge: 1 problem",
        "NW benchmarking: Residential and Nursing: 1 problem",
    ]
    positions = [html.index(caption) for caption in captions]
    assert positions == sorted(positions)


def test_an_upload_that_types_an_item_published_nationally_is_refused(
    lead_client, wirral, open_period, regional_items
):
    rows = fill_template(csv_template(lead_client, wirral, open_period))
    rows.append([wirral.ons_code, open_period.slug, "DTOC-SOCIAL-CARE", "", "", "120"])
    html = result_page(lead_client, post_upload(lead_client, wirral, open_period, csv_file(rows)))
    assert ReturnUpload.objects.get().state == UploadState.INVALID
    assert (
        "DTOC-SOCIAL-CARE comes from national data (NHS England delayed transfers of care): "
        "councils do not type it, and the return&#x27;s page shows the published figure. "
        "Delete this row"
    ) in html
    assert "Rows not matched to an item in the return: 1 problem" in html


def published(code: str, council, year: int, month: int, value: float | None, reason=""):
    PublishedValue.objects.create(
        measure=Measure.objects.get(code=code),
        year=year,
        month=month,
        level=GeographyLevel.COUNCIL,
        geography=council.ons_code,
        geography_name=council.name,
        value=value,
        missing_reason=reason,
        dataset="test",
    )


def test_the_return_page_shows_items_from_national_data_with_the_published_figure(
    lead_client, wirral
):
    period = make_period(2018, 3)
    for month, days in ((10, 100), (11, 120), (12, 131)):
        published("DTOC-SOCIAL-CARE", wirral, 2018, month, days)
    published("FALLS-65", wirral, 2017, 0, 2130.4)
    published("FALLS-65", wirral, 2018, 0, None, "not published")
    published("UC-RN-18", wirral, 2014, 0, 612.345)
    response = lead_client.get(reverse("returns:detail", args=[wirral.slug, period.slug]))
    html = response.content.decode()
    assert "From national data" in html

    def cells(code: str) -> str:
        start = html.index(f'data-code="{code}"')
        return html[start : html.index("</tr>", start)]

    assert "351</td>" in cells("DTOC-SOCIAL-CARE")
    assert "2018/19 Q3" in cells("DTOC-SOCIAL-CARE")
    assert "Sum of the months" in cells("DTOC-SOCIAL-CARE")
    assert "Not published (none for this quarter)" in cells("DTOC-NHS")
    assert "Not published</td>" in cells("FALLS-65")
    assert "2018/19" in cells("FALLS-65")
    assert "612.35" in cells("UC-RN-18")
    assert "2014/15" in cells("UC-RN-18")
    assert "From national data: NHS England delayed transfers of care" in cells("DTOC-NHS")


def test_a_national_items_missing_figure_says_why_in_plain_words() -> None:
    """ASC-FR's "." is not applicable, said so; a figure never published says that."""
    cost = Measure(code="UC-RES-65-PS-OWN", decimal_places=2)
    assert (
        NationalItem(cost, None, "2014/15", missing="not applicable (.)").figure
        == "Not applicable (so marked by the publisher)"
    )
    assert NationalItem(cost, None, "2014/15").figure == "Not published"
    assert NationalItem(cost, 567.404, "2014/15").figure == "567.40"
