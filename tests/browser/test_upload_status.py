"""While a file is being checked, its status page polls the JSON endpoint (static/portal/portal.js)
and reloads by itself when the check ends. Both states are axe-clean (WCAG 2.2 AA)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from authorities.models import Council
from returns.models import ReturnUpload, UploadState
from returns.services import return_upload_validate
from returns.tasks import return_upload_validate_task
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_period, make_user
from tests.returns.files import return_rows, to_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "wendy.lead@wirral.example"


def test_status_page_polls_and_reloads_when_the_check_ends(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wirral = Council.objects.get(ons_code="E08000015")
    make_user(EMAIL, Role.PERFORMANCE_LEAD, wirral)
    period = make_period(2024, 1)
    path = tmp_path / "wirral-return.csv"
    path.write_bytes(to_csv(return_rows(wirral, period)))
    # Hold the job back, as a busy worker would: nothing reaches a broker, and the test runs the
    # check itself once it has seen the page polling.
    queued: list[int] = []
    monkeypatch.setattr(return_upload_validate_task, "delay", queued.append)

    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in(page, EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your return for {period.label}")
    page.goto(f"/returns/{wirral.slug}/{period.slug}/")
    assert_accessible(page)

    page.get_by_label("Upload a file").set_input_files(path)
    with page.expect_response(re.compile(r"/status\.json$")) as polled:
        page.get_by_role("button", name="Upload and check").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Checking your file")
    assert polled.value.ok
    assert polled.value.json()["done"] is False
    expect(page.locator("[data-poll-message]")).to_have_text("Waiting to be checked")
    assert_accessible(page)

    upload = ReturnUpload.objects.get(original_name=path.name)
    assert queued == [upload.pk]
    assert upload.state == UploadState.QUEUED
    return_upload_validate(upload_id=upload.pk)

    # No click: the poller sees done and reloads the page.
    expect(page.get_by_role("heading", level=1)).to_have_text("File checked: no problems")
    expect(page.locator(".govuk-panel")).to_contain_text("It is now version 1 of your return")
    assert_accessible(page)
