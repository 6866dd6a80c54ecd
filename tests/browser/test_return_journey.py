"""The issue's journey: a performance lead signs in, downloads the template, uploads a file with
errors, sees them listed by row, measure and column, fixes the file, uploads again and submits. axe-core
reports no WCAG 2.2 AA violation on any page visited."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter
from playwright.sync_api import Locator, Page, expect

from accounts.models import Role
from authorities.models import Council
from returns.models import Measure, Return, ReturnStatus, ReturnUpload, ReturnVersion, UploadState
from scorecard.templatetags.charts import figure
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_period, make_user
from tests.returns.files import default_figure, to_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "wendy.lead@wirral.example"
# Wrong on purpose: a word where a number belongs, and a percentage over 100; with what the
# problems table must say of each.
NOT_A_NUMBER = "ten"
TOO_BIG_PERCENTAGE = ("2D1", "140")
NOT_A_NUMBER_SAYS = "'ten' is not a number"
TOO_BIG_SAYS = "outside the range for this measure: a percentage from 0 to 100"
# What the corrected file says for 2D1, so the figures page can be checked for it.
CORRECTED_2D1 = "81.5"


def read_template(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def fill(rows: list[list[str]], **overrides: str) -> list[list[str]]:
    """The template's rows with a plausible figure in every value cell; ``overrides`` by code."""
    header = [cell.strip().lower() for cell in rows[0]]
    code_at, value_at = header.index("measure_code"), header.index("value")
    measures = {m.code: m for m in Measure.objects.in_return()}
    filled = [list(rows[0])]
    for row in rows[1:]:
        row = list(row)
        if row[0].startswith("#"):  # the template's comment rows, which the upload skips
            filled.append(row)
            continue
        code = row[code_at]
        row[value_at] = overrides.get(code, default_figure(measures[code]))
        filled.append(row)
    return filled


def spreadsheet_row(rows: list[list[str]], code: str) -> int:
    """The row number a spreadsheet shows for a measure's row: the header is row 1."""
    code_at = [cell.strip().lower() for cell in rows[0]].index("measure_code")
    return next(
        number for number, row in enumerate(rows, start=1) if row[code_at : code_at + 1] == [code]
    )


def upload(page: Page, path: Path, reason: str = "") -> None:
    page.get_by_label("Upload a file").set_input_files(path)
    if reason:
        page.get_by_label("Why are you uploading a new version? (optional)").fill(reason)
    page.get_by_role("button", name="Upload and check").click()


def wait_for_check(page: Page) -> None:
    """The status page polls its JSON endpoint and reloads when the check ends; with tasks run
    in-process it is usually finished at once. Either way, wait until it no longer says
    'Checking your file'."""
    expect(page).to_have_url(re.compile(r"/returns/uploads/\d+/$"))
    expect(page.get_by_role("heading", name="Checking your file")).to_have_count(0)


def test_performance_lead_uploads_fixes_and_submits_a_return(page: Page, tmp_path: Path) -> None:
    wirral = Council.objects.get(ons_code="E08000015")
    make_user(EMAIL, Role.PERFORMANCE_LEAD, wirral)
    period = make_period(2024, 1)

    # Home page, signed out; sign in from there.
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    sign_in(page, EMAIL)

    # Home page, signed in: the open quarter's return.
    expect(page.get_by_text("Signed in as")).to_contain_text("Wendy Lead")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your return for {period.label}")
    assert_accessible(page)
    page.get_by_role("link", name="See the return and its template").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {period.label}")
    expect(status_of(page)).to_contain_text("Not started")
    expect(status_of(page).locator(".govuk-tag")).to_have_text("Due")
    assert_accessible(page)

    # The CSV template.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the template as CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"{wirral.slug}-return-{period.slug}.csv"
    template = read_template(Path(download.path()))
    header = [cell.strip().lower() for cell in template[0]]
    assert header[:6] == [
        "council_code",
        "period",
        "measure_code",
        "measure_name",
        "unit",
        "value",
    ]
    items = [row for row in template[1:] if not row[0].startswith("#")]
    assert len(items) == Measure.objects.in_return().count()
    first_code = items[0][header.index("measure_code")]
    assert first_code != TOO_BIG_PERCENTAGE[0]

    # A file with two mistakes.
    wrong = fill(
        template, **{first_code: NOT_A_NUMBER, TOO_BIG_PERCENTAGE[0]: TOO_BIG_PERCENTAGE[1]}
    )
    wrong_path = tmp_path / "wirral-return-with-errors.csv"
    wrong_path.write_bytes(to_csv(wrong))
    upload(page, wrong_path)
    wait_for_check(page)

    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("There are problems in your file")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your file has 2 problems")
    table = page.locator("#problems")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    # The column as the spreadsheet shows it (its letter) and as the template names it.
    value_column = f"{get_column_letter(header.index('value') + 1)} (value)"
    assert value_column == "F (value)"
    for code, value, says in (
        (first_code, NOT_A_NUMBER, NOT_A_NUMBER_SAYS),
        (*TOO_BIG_PERCENTAGE, TOO_BIG_SAYS),
    ):
        row = rows.filter(has=page.locator("td:nth-child(4)", has_text=re.compile(rf"^{value}$")))
        expect(row).to_have_count(1)
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(str(spreadsheet_row(wrong, code)))
        expect(cells.nth(1)).to_have_text(code)
        expect(cells.nth(2)).to_have_text(value_column)
        expect(cells.nth(4)).to_contain_text(says)
    # The first measure's row counts the comment rows above it, as a spreadsheet shows it.
    assert spreadsheet_row(wrong, first_code) > 2
    expect(rows.first.locator("td").first).to_have_text(str(spreadsheet_row(wrong, first_code)))
    assert_accessible(page)

    # Nothing from the file was kept: no version was made.
    assert ReturnUpload.objects.get(original_name=wrong_path.name).state == UploadState.INVALID
    assert not ReturnVersion.objects.filter(return_obj__council=wirral).exists()

    # A corrected file, uploaded from the "Upload a corrected file" page.
    page.get_by_role("link", name="Upload a corrected file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload your return")
    assert_accessible(page)
    fixed = fill(template, **{TOO_BIG_PERCENTAGE[0]: CORRECTED_2D1})
    fixed_path = tmp_path / "wirral-return.csv"
    fixed_path.write_bytes(to_csv(fixed))
    upload(page, fixed_path, reason=f"Corrected {first_code} and 2D1")
    wait_for_check(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("File checked: no problems")
    expect(page.locator(".govuk-panel")).to_contain_text("It is now version 1 of your return")
    assert_accessible(page)

    # The figures in version 1.
    page.get_by_role("link", name="Check the figures in version 1 and submit them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1")
    figures = page.get_by_role("table", name="Figures in version 1")
    figure_rows = figures.locator("tbody tr")
    measures = list(Measure.objects.in_return())
    expect(figure_rows).to_have_count(len(measures))
    values = {
        row[header.index("measure_code")]: row[header.index("value")]
        for row in fixed[1:]
        if not row[0].startswith("#")
    }
    assert values[TOO_BIG_PERCENTAGE[0]] == CORRECTED_2D1
    for measure in measures:
        row = figure_rows.filter(
            has=page.locator("th", has_text=re.compile(rf"^{re.escape(measure.code)}\s"))
        )
        expect(row).to_have_count(1)
        shown = figure(float(values[measure.code]), measure.decimal_places)
        expect(row.locator("td").first).to_have_text(re.compile(rf"^\s*{re.escape(shown)}(?!\d)"))
    assert_accessible(page)

    # Submit.
    page.get_by_role("button", name="Submit version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {period.label}")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(
        "Version 1 submitted. The regional administrator will review it."
    )
    expect(status_of(page).locator(".govuk-tag")).to_have_text("Submitted")
    assert_accessible(page)

    ret = Return.objects.get(council=wirral, period=period)
    assert ret.status == ReturnStatus.SUBMITTED
    assert ret.submitted_version is not None
    assert ret.submitted_version.number == 1


def status_of(page: Page) -> Locator:
    """The value beside "Status" in the return page's summary list."""
    return page.locator(
        ".govuk-summary-list__row", has=page.locator("dt", has_text="Status")
    ).locator("dd")
