"""The pages for running the portal, axe-clean (WCAG 2.2 AA) as real users see them: e-mail
choices, open data and its API documentation, the audit log, two-factor sign-in, and the pages
that refuse (a bad open data filter, the sign-in lockout, the upload limit). The demonstration
data (the same loaders as `make run`) gives the audit log and the e-mail lists their content."""

from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from accounts import two_factor
from accounts.models import User
from demo.notifications import notifications_demo_load
from demo.operations import operations_demo_load
from demo.returns import periods_ensure
from demo.triggers import triggers_demo_load
from demo.users import DEMO_PASSWORD, users_ensure
from tests.browser.conftest import TIMEOUT_MS, assert_accessible, sign_in
from tests.browser.test_accessibility_sweep import (
    ADMIN,
    BOARD,
    EMAILS,
    EVERYONE,
    LEAD,
    PLANNER,
    REGIONAL,
    EmptyForm,
    Visit,
    _signed_in,
    assert_each_role_finds_them_accessible,
)
from tests.conftest import make_period
from tests.returns.files import csv_upload
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_demo() -> None:
    table2_load()
    periods_ensure()
    users_ensure()
    triggers_demo_load()
    notifications_demo_load()
    operations_demo_load()


VISITS = [
    Visit("e-mail choices", reverse("notifications:preferences"), EVERYONE),
    Visit("open data", reverse("opendata:index"), EVERYONE),
    Visit("open data API documentation", reverse("opendata:api_docs"), (LEAD, BOARD)),
    Visit("audit log: views and downloads", reverse("operations:access_log"), (ADMIN,)),
    Visit("audit log: changes", reverse("operations:change_log"), (ADMIN,)),
    Visit(
        "audit log with a 'to' date before the 'from' date",
        reverse("operations:access_log")
        + "?since_0=10&since_1=3&since_2=2026&until_0=1&until_1=3&until_2=2026",
        (ADMIN,),
    ),
    Visit(
        "audit log changes with an impossible date",
        reverse("operations:change_log") + "?since_0=31&since_1=2&since_2=2026",
        (ADMIN,),
    ),
    Visit("two-factor sign-in", reverse("accounts:two_factor"), REGIONAL),
    Visit("two-factor set-up", reverse("accounts:two_factor_setup"), REGIONAL),
]
EMPTY_FORMS = [
    EmptyForm(
        "two-factor set-up",
        reverse("accounts:two_factor_setup"),
        "Turn on two-factor sign-in",
        ADMIN,
    ),
]


def test_each_role_finds_the_pages_accessible(
    browser: Browser, live_server: Any, reference_data: None
) -> None:
    build_demo()
    assert_each_role_finds_them_accessible(browser, live_server, VISITS, EMPTY_FORMS)


def test_the_audit_filters_explain_a_bad_date_in_an_error_summary(
    browser: Browser, live_server: Any, reference_data: None
) -> None:
    build_demo()
    page = _signed_in(browser, live_server, ADMIN)
    page.goto(reverse("operations:access_log") + "?since_0=31&since_1=2&since_2=2026")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("The ‘from’ date must be a real date")
    assert_accessible(page)


def test_public_open_data_pages_and_a_bad_filter(page: Page) -> None:
    for path in (reverse("opendata:index"), reverse("opendata:api_docs")):
        response = page.goto(path)
        assert response is not None
        assert response.status == 200
        assert_accessible(page)
    response = page.goto(reverse("opendata:ratings_download", args=["csv"]) + "?year=last")
    assert response is not None
    assert response.status == 400
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_locked_out_page(page: Page, settings: Any) -> None:
    users_ensure()
    page.goto(reverse("accounts:login"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, EMAILS[LEAD], "not-the-password")
    expect(page.get_by_role("heading", level=1)).to_contain_text("locked")
    assert_accessible(page)


def test_the_upload_limit_page(page: Page, settings: Any) -> None:
    settings.UPLOAD_RATE_LIMIT = "1/h"
    users_ensure()
    lead = User.objects.get(email=EMAILS[LEAD])
    wirral = lead.memberships.get().council
    period = make_period(2024, 1)
    url = reverse("returns:upload", args=[wirral.slug, period.slug])
    page.goto(reverse("accounts:login"))
    sign_in(page, EMAILS[LEAD], DEMO_PASSWORD)
    page.wait_for_url(lambda current: "/accounts/login/" not in current)
    upload = csv_upload(wirral, period)
    for _ in range(2):
        page.goto(url)
        page.get_by_label("Upload a file").set_input_files(
            files=[{"name": "return.csv", "mimeType": "text/csv", "buffer": upload.read()}]
        )
        upload.seek(0)
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.get_by_role("button", name="Upload and check").click()
    assert posted.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_contain_text("cannot upload more files yet")
    assert_accessible(page)


def test_the_code_step_of_signing_in_and_its_error_summary(page: Page, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code straight after a wrong one
    users_ensure()
    planner = User.objects.get(email=EMAILS[PLANNER])
    device = two_factor.setup_device_for(planner)
    two_factor.two_factor_confirm(user=planner, device=device)
    page.context.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("accounts:login"))
    sign_in(page, EMAILS[PLANNER], DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    device.refresh_from_db()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda current: "/accounts/login/" not in current)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
