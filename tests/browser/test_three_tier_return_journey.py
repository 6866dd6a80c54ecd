"""The whole return's journey: a council performance lead downloads the three-tier template as
Excel, fills it in, uploads it, sees its problems grouped by tier and TEASC section, fixes them,
uploads again and submits. The return's page shows the items from national data, which the
template does not ask for. axe-core reports no WCAG 2.2 AA violation on any page visited."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.models import Role
from authorities.models import Council
from returns.models import Measure, Return, ReturnStatus
from returns.template import INSTRUCTIONS_SHEET, ITEM_COLUMNS
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_return_journey import upload, wait_for_check
from tests.conftest import make_period, make_user
from tests.returns.files import add_regional_items, default_figure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "tariq.lead@wirral.example"
# Wrong on purpose, one in each tier: a percentage over 100 (ASCOF), part of a person (AQuA),
# months that do not add up to the quarter (NW benchmarking).
MISTAKES = {"2D1": ("140", None), "AQ-REABLE": ("12.5", None), "NW-ADM": ("30", (10, 12, 9))}
FIXES = {"2D1": ("81.5", None), "AQ-REABLE": ("12", None), "NW-ADM": ("30", (10, 12, 8))}
CAPTIONS = (
    "ASCOF: Assisting Discharge: 1 problem, by row, item and column",
    "AQuA whole-system: Assisting Discharge: 1 problem, by row, item and column",
    "NW benchmarking: Residential and Nursing: 1 problem, by row, item and column",
)


def fill(template: Path, target: Path, figures: dict[str, tuple[str, tuple[int, ...] | None]]):
    """The Excel template with a figure in every value cell (and months where given), as a
    council would type them."""
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    code_at, value_at = header.index("measure_code"), header.index("value")
    first_month = header.index("first_month")
    measures = {m.code: m for m in Measure.objects.in_return()}
    for row in sheet.iter_rows(min_row=2):
        code = row[code_at].value
        value, months = figures.get(code, (default_figure(measures[code]), None))
        row[value_at].value = float(value)
        for offset, month in enumerate(months or ()):
            row[first_month + offset].value = month
    buffer = io.BytesIO()
    workbook.save(buffer)
    target.write_bytes(buffer.getvalue())


def test_a_performance_lead_fills_the_three_tier_template_fixes_its_problems_and_submits(
    page: Page, tmp_path: Path
) -> None:
    wirral = Council.objects.get(ons_code="E08000015")
    make_user(EMAIL, Role.PERFORMANCE_LEAD, wirral)
    add_regional_items()
    period = make_period(2024, 1)

    page.goto("/accounts/login/")
    sign_in(page, EMAIL)
    page.goto(f"/returns/{wirral.slug}/{period.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {period.label}")
    national = page.get_by_role("table", name=re.compile("Items from national data"))
    expect(national).to_contain_text("Emergency hospital admissions due to falls")
    expect(national).to_contain_text("From national data")
    assert_accessible(page)

    # The three-tier template, as Excel: every item asked for, none published nationally.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the template as Excel (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename == f"{wirral.slug}-return-{period.slug}.xlsx"
    template = tmp_path / download.suggested_filename
    download.save_as(template)
    workbook = load_workbook(template)
    codes = [row[2] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert len(codes) == Measure.objects.in_return().count()
    assert {"AQ-REABLE", "NW-ADM", "NW-WAIT"} <= set(codes)
    assert "FALLS-65" not in codes
    items = list(workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True))
    assert tuple(ITEM_COLUMNS) in items

    # A file with a mistake in each tier.
    wrong = tmp_path / "wirral-return-with-errors.xlsx"
    fill(template, wrong, MISTAKES)
    upload(page, wrong)
    wait_for_check(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your file has 3 problems")
    captions = page.locator("#problems caption")
    expect(captions).to_have_text(list(CAPTIONS))
    row_of = {code: codes.index(code) + 2 for code in MISTAKES}
    for caption, (code, says) in zip(
        CAPTIONS,
        (
            ("2D1", "outside the range for this measure: a percentage from 0 to 100"),
            ("AQ-REABLE", "12.5 is not a whole number"),
            ("NW-ADM", "10 + 12 + 9 = 31. The quarter is the sum of the three months"),
        ),
        strict=True,
    ):
        cells = page.get_by_role("table", name=caption).locator("tbody tr td")
        expect(cells.nth(0)).to_have_text(str(row_of[code]))
        expect(cells.nth(1)).to_have_text(code)
        expect(cells.nth(2)).to_have_text("F (value)")
        expect(cells.nth(4)).to_contain_text(says)
    assert_accessible(page)

    # The corrected file.
    page.get_by_role("link", name="Upload a corrected file").click()
    assert_accessible(page)
    fixed = tmp_path / "wirral-return.xlsx"
    fill(template, fixed, FIXES)
    upload(page, fixed, reason="Corrected 2D1, AQ-REABLE and NW-ADM's months")
    wait_for_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("File checked: no problems")
    assert_accessible(page)

    page.get_by_role("link", name="Check the figures in version 1 and submit them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1")
    assert_accessible(page)
    page.get_by_role("button", name="Submit version 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Version 1 submitted."
    )
    assert_accessible(page)
    assert Return.objects.get(council=wirral, period=period).status == ReturnStatus.SUBMITTED
