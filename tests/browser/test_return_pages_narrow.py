"""The return, upload result and version pages on a 390 px wide phone: nothing wider than the
screen (wide tables scroll inside their own region), the submit button on the return page, and
no WCAG 2.2 AA violation found by axe-core."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from authorities.models import Council
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_return_journey import upload, wait_for_check
from tests.conftest import make_period, make_user
from tests.returns.files import return_rows, to_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "a.long.address.for.a.performance.lead@wirral-council.example"


def assert_no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"


def test_return_and_version_pages_fit_a_390_px_screen(page: Page, tmp_path: Path) -> None:
    wirral = Council.objects.get(ons_code="E08000015")
    make_user(EMAIL, Role.PERFORMANCE_LEAD, wirral)
    period = make_period(2024, 1)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    sign_in(page, EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your return for {period.label}")

    rows = return_rows(wirral, period)
    rows[2][5] = "ten"
    bad = tmp_path / "wirral-return-with-a-long-file-name-for-the-quarter.csv"
    bad.write_bytes(to_csv(rows))
    page.goto(f"/returns/{wirral.slug}/{period.slug}/upload/")
    upload(page, bad)
    wait_for_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your file has 1 problem")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    for version in (1, 2):
        good = tmp_path / f"wirral-return-{version}.csv"
        good.write_bytes(
            to_csv(return_rows(wirral, period, **({"2C": ""} if version == 1 else {})))
        )
        page.goto(f"/returns/{wirral.slug}/{period.slug}/upload/")
        upload(page, good, reason=f"Version {version} with a reason that is a little long")
        wait_for_check(page)
        assert_no_horizontal_overflow(page)
        assert_accessible(page)

    page.goto(f"/returns/{wirral.slug}/{period.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {period.label}")
    expect(page.get_by_role("button", name="Submit version 2")).to_be_visible()
    expect(page.get_by_role("region", name="Versions")).to_be_visible()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    page.goto(f"/returns/{wirral.slug}/{period.slug}/versions/2/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 2")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
