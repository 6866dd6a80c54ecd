"""Key pages under the real Content Security Policy (no bypass): the browser reports no
violation, and GOV.UK Frontend's JavaScript still starts."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Role
from authorities.models import Council
from tests.browser.conftest import sign_in
from tests.conftest import make_period, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIRRAL = "E08000015"

# Records every CSP violation the page reports, from the first byte of each document on.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def _watch(page: Page) -> list[str]:
    """Violations also reach the console; collect those too (the listener covers inline ones)."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(LISTEN)
    return messages


def _assert_clean(page: Page, console: list[str], path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("load")
    header = page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert header, f"{path}: GOV.UK Frontend did not start"
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{path}: {violations}"
    assert console == [], f"{path}: {console}"


def test_public_pages_and_sign_in_obey_the_policy(page: Page) -> None:
    console = _watch(page)
    wirral = Council.objects.get(ons_code=WIRRAL)
    for path in (
        "/",
        reverse("scorecard:overview"),
        reverse("scorecard:councils"),
        reverse("scorecard:council", args=[wirral.slug]),
        reverse("accounts:login"),
    ):
        _assert_clean(page, console, path)


def test_the_menu_toggle_works_on_a_narrow_screen(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 720})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Scorecard", exact=True)).to_be_visible()


def test_a_return_page_obeys_the_policy(page: Page) -> None:
    console = _watch(page)
    wirral = Council.objects.get(ons_code=WIRRAL)
    period = make_period(2024, 1)
    make_user("wendy.lead@wirral.example", Role.PERFORMANCE_LEAD, wirral)
    page.goto(reverse("accounts:login"))
    sign_in(page, "wendy.lead@wirral.example")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    for path in (
        reverse("returns:list"),
        reverse("returns:detail", args=[wirral.slug, period.slug]),
        reverse("returns:upload", args=[wirral.slug, period.slug]),
    ):
        _assert_clean(page, console, path)


def test_planning_group_pages_obey_the_policy(page: Page) -> None:
    console = _watch(page)
    make_user("pat.planner@nwadass.example", Role.PLANNING_GROUP)
    page.goto(reverse("accounts:login"))
    sign_in(page, "pat.planner@nwadass.example")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    for path in (
        reverse("triggers:review"),
        reverse("scorecard:overview"),
        reverse("accounts:two_factor"),
        reverse("accounts:two_factor_setup"),
    ):
        _assert_clean(page, console, path)
    # The QR code is server-drawn SVG and shows without any style or script.
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()


def test_the_watch_does_see_a_violation(page: Page) -> None:
    """A control: an inline style added by script is blocked and reported, so the checks above
    would fail if a page needed one."""
    _watch(page)
    page.goto("/")
    page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert "style-src" in page.evaluate("window.__cspViolations")[0]
