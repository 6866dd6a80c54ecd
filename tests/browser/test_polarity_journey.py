"""The administrator declares the direction the region treats as better for a measure with no
published one: the list, an error summary for a missing reason, the declaration, its history,
and the public measure page saying it is the region's; each page axe-clean (WCAG 2.2 AA)."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from demo.users import users_ensure
from returns.models import Measure
from tests.browser.conftest import assert_accessible
from tests.browser.test_accessibility_sweep import ADMIN, _signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "a higher proportion means more people who use services feel safe."


def test_the_administrator_declares_a_direction(
    browser: Browser, live_server: Any, reference_data: None
) -> None:
    users_ensure()
    measure = Measure.objects.in_return().get(code="4A")
    page = _signed_in(browser, live_server, ADMIN)
    page.goto(live_server.url + reverse("returns:polarity_list"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Better directions")
    assert_accessible(page)
    page.get_by_role("link", name="Declare a direction for 4A").click()
    page.get_by_label("Higher is better").check()
    page.get_by_role("button", name="Save the region's direction").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why the region treats this direction as better")
    assert_accessible(page)
    page.get_by_label("Why? (shown on public pages)").fill(REASON)
    page.get_by_role("button", name="Save the region's direction").click()
    expect(page.locator("body")).to_contain_text("Declared by the region")
    page.goto(live_server.url + reverse("returns:polarity_declare", args=[measure.pk]))
    expect(page.locator("table")).to_contain_text(REASON)
    assert_accessible(page)
    page.goto(live_server.url + reverse("scorecard:measure", args=[measure.pk]))
    expect(page.locator("body")).to_contain_text(
        f"The region treats higher as better because {REASON}"
    )
    assert_accessible(page)
