"""The return page guides the council: a status tag (due, overdue, submitted, accepted,
reopened), the submit button for the latest complete version, blank items warned about per
measure code as soon as the file is checked, errors naming the measure, and a template that
carries instructions and definitions."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from returns.models import Measure, Period, Return, ReturnUpload
from returns.selectors import return_page_get
from returns.services import return_accept, return_reopen, return_submit
from returns.template import INSTRUCTIONS_SHEET
from tests.returns.files import return_rows
from tests.returns.test_upload_view import csv_file, post_upload, result_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client_for, wirral_lead):
    return client_for(wirral_lead)


def detail(client, council, period) -> str:
    response = client.get(reverse("returns:detail", args=[council.slug, period.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _upload_complete(client, council, period):
    post_upload(client, council, period, csv_file(return_rows(council, period)))
    return Return.objects.get(council=council, period=period)


def test_before_the_deadline_the_return_is_due_with_the_days_left(wirral, open_period):
    today = open_period.deadline - datetime.timedelta(days=3)
    tag = return_page_get(council=wirral, period=open_period, today=today).status_tag
    assert (tag.label, tag.colour) == ("Due", "grey")
    assert tag.detail == f"Due by {open_period.deadline:%-d %B %Y} (in 3 days)."


def test_after_the_deadline_an_unsubmitted_return_is_overdue(lead_client, wirral, db):
    today = timezone.localdate()
    late = Period.objects.create(
        year=2024,
        quarter=3,
        opens_on=today - datetime.timedelta(days=30),
        deadline=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=20),
    )
    html = detail(lead_client, wirral, late)
    assert "govuk-tag--red" in html
    assert ">Overdue</strong>" in html
    assert f"The deadline was {late.deadline:%-d %B %Y}, 2 days ago." in html


def test_the_latest_complete_version_can_be_submitted_from_the_return_page(
    lead_client, wirral, open_period
):
    _upload_complete(lead_client, wirral, open_period)
    html = detail(lead_client, wirral, open_period)
    submit_url = reverse("returns:submit", args=[wirral.slug, open_period.slug, 1])
    assert f'action="{submit_url}"' in html
    assert "Submit version 1" in html
    assert lead_client.post(submit_url).status_code == 302
    html = detail(lead_client, wirral, open_period)
    assert ">Submitted</strong>" in html
    assert "Submit version 1" not in html


def test_a_partial_latest_version_has_no_submit_button_and_says_why(
    lead_client, wirral, open_period
):
    rows = return_rows(wirral, open_period, **{"2C": ""})
    post_upload(lead_client, wirral, open_period, csv_file(rows))
    html = detail(lead_client, wirral, open_period)
    assert "Submit version 1" not in html
    assert "Version 1 has 1 measure without a figure, so it cannot be submitted." in html


def test_a_director_sees_the_status_but_no_submit_button(
    client_for, lead_client, wirral_director, wirral, open_period
):
    _upload_complete(lead_client, wirral, open_period)
    html = detail(client_for(wirral_director), wirral, open_period)
    assert ">Due</strong>" in html
    assert "Submit version 1" not in html


def test_submitted_accepted_and_reopened_each_have_their_tag(
    lead_client, wirral_lead, regional_admin, wirral, open_period
):
    ret = _upload_complete(lead_client, wirral, open_period)
    return_submit(version=ret.versions.get(), submitted_by=wirral_lead)
    assert return_page_get(council=wirral, period=open_period).status_tag.label == "Submitted"
    return_accept(return_obj=ret, accepted_by=regional_admin)
    tag = return_page_get(council=wirral, period=open_period).status_tag
    assert (tag.label, tag.detail) == ("Accepted", "Version 1 is accepted and locked.")
    return_reopen(return_obj=ret, reopened_by=regional_admin, reason="2C was mistyped")
    assert ">Reopened</strong>" in detail(lead_client, wirral, open_period)


def test_blank_items_are_listed_by_measure_code_as_soon_as_the_file_is_checked(
    lead_client, wirral, open_period
):
    total = Measure.objects.in_return().count()
    rows = return_rows(wirral, open_period, **{"2C": "", "1A": ""})
    html = result_page(lead_client, post_upload(lead_client, wirral, open_period, csv_file(rows)))
    assert f"2 of {total} items are blank: 1A, 2C." in html
    assert "no errors, 2 blank items" in html
    name_1a = Measure.objects.in_return().get(code="1A").name
    assert f"<li>1A: {name_1a}</li>" in html


def test_a_complete_file_reports_no_problems_and_no_blanks(lead_client, wirral, open_period):
    rows = return_rows(wirral, open_period)
    html = result_page(lead_client, post_upload(lead_client, wirral, open_period, csv_file(rows)))
    assert "File checked: no problems" in html
    assert "items are blank" not in html


def test_an_error_names_the_measure_code_beside_row_and_column(lead_client, wirral, open_period):
    rows = return_rows(wirral, open_period)
    row = next(i for i, r in enumerate(rows) if r[2] == "2C")
    rows[row][5] = "ten"
    html = result_page(lead_client, post_upload(lead_client, wirral, open_period, csv_file(rows)))
    [problem] = ReturnUpload.objects.get().problems
    assert (problem["row"], problem["row_label"], problem["column"]) == (row + 1, "2C", "value")
    assert (
        f'<td class="govuk-table__cell">{row + 1}</td>\n      <td class="govuk-table__cell">2C</td>'
        in html
    )
    assert "ASCOF: Residential and Nursing: 1 problem, by row, item and column" in html


def test_the_csv_template_carries_each_measures_definition_and_how_to_fill_it_in(
    lead_client, wirral, open_period
):
    response = lead_client.get(
        reverse("returns:template", args=[wirral.slug, open_period.slug, "csv"])
    )
    rows = [
        r
        for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        if not r["council_code"].startswith("#")
    ]
    by_code = {r["measure_code"]: r for r in rows}
    measure = Measure.objects.in_return().get(code="1A")
    assert by_code["1A"]["definition"] == (measure.definition or by_code["1A"]["definition"])
    assert all(r["definition"] for r in rows)
    assert all(
        r["how_to_fill_in"].startswith("Type the figure in 'value' as a number") for r in rows
    )
    assert all(
        "Leave it empty if you do not have the figure yet." in r["how_to_fill_in"] for r in rows
    )


def test_the_excel_template_has_an_instructions_sheet_after_the_return(
    lead_client, wirral, open_period
):
    response = lead_client.get(
        reverse("returns:template", args=[wirral.slug, open_period.slug, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[1] == INSTRUCTIONS_SHEET
    lines = [row[0] for row in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert lines[0] == f"How to fill in Wirral's return for {open_period.label}"
    assert any("Leave a cell empty" in line for line in lines)
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header[-2:] == ["definition", "how_to_fill_in"]


def test_a_file_without_the_reading_columns_is_still_accepted(lead_client, wirral, open_period):
    rows = [row[:8] for row in return_rows(wirral, open_period)]
    result_page(lead_client, post_upload(lead_client, wirral, open_period, csv_file(rows)))
    assert ReturnUpload.objects.get().state == "valid"
