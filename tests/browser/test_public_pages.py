"""Pages anyone can open, and the sign-in page's error summary, each axe-clean (WCAG 2.2 AA)."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from authorities.models import Council
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIRRAL = "E08000015"


def test_anonymous_visitor_browses_councils_and_accessibility_statement(page: Page) -> None:
    wirral = Council.objects.get(ons_code=WIRRAL)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("North West SLI Portal")
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Council figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Councils of the North West")
    assert_accessible(page)

    # No return has been accepted: the council's page must still render, and be accessible.
    page.get_by_role("link", name=wirral.name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/councils/{wirral.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(wirral.name)
    assert_accessible(page)

    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    assert_accessible(page)


def test_sign_in_with_a_wrong_password_shows_the_error_summary(page: Page) -> None:
    wirral = Council.objects.get(ons_code=WIRRAL)
    make_user("wendy.lead@wirral.example", Role.PERFORMANCE_LEAD, wirral)

    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    sign_in(page, "wendy.lead@wirral.example", password="not-the-right-password")

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text(
        "Enter a correct email address and password. The password is case-sensitive."
    )
    # The GOV.UK error summary takes focus so a screen reader announces it.
    expect(summary).to_be_focused()
    # Still signed out.
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    assert_accessible(page)
