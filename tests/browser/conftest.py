"""Browser tests: Debian's chromium driven through Playwright against pytest-django's live server.

One browser per session, a fresh context (cookies, downloads) per test. Every page a test visits
is checked with axe-core (vendored in static/vendor/axe) against WCAG 2.2 AA: call
:func:`assert_accessible` after each page load.

Reference data: transactional tests (which the live server needs) flush every table when they
end, taking the councils and measures loaded once in ``django_db_setup`` with them. The
``reference_data`` fixture loads them again for each browser test, and the package-scoped
``_reference_data_restored`` loads them once more after the last browser test's flush, so the
tests that run after these still find them.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told otherwise (pytest-django's docs advise this for Playwright).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CHROMIUM_MISSING = (
    f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
    "Run `make chromium` (or `make test`), or `apt-get install chromium`."
)
AXE_SCRIPT = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"
# The same file as the live server serves it: a script of the portal's own origin, which the
# Content Security Policy allows.
AXE_URL = settings.STATIC_URL + "vendor/axe/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Generous for a loaded machine; a passing step takes well under a second.
TIMEOUT_MS = 15_000


def _load_reference_data() -> None:
    from authorities.services import comparator_groups_load, councils_load
    from returns.catalogue import measures_load

    councils_load()
    comparator_groups_load()
    measures_load()


@pytest.fixture(scope="package", autouse=True)
def _reference_data_restored(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """After the last browser test has flushed the tables, load the reference data again."""
    yield
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """The councils, comparator groups and measures, loaded again if a flush removed them."""
    from authorities.models import Council
    from returns.models import Measure

    if not (Council.objects.exists() and Measure.objects.in_return().exists()):
        _load_reference_data()


def pytest_runtest_call(item: pytest.Item) -> None:
    """A missing chromium fails each browser test (never skips it), with a message saying why."""
    if item.get_closest_marker("browser") and not CHROMIUM.exists():
        pytest.fail(CHROMIUM_MISSING, pytrace=False)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser | None]:
    """Debian's chromium, headless; None when it is missing (each test then fails, above)."""
    if not CHROMIUM.exists():
        yield None
        return
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser | None, live_server: Any, reference_data: None) -> Iterator[Page]:
    """A page in a fresh browser context, with relative URLs resolved against the live server.
    The Content Security Policy applies as it does for people: axe-core is loaded from the
    portal's own static files, which the policy allows."""
    if browser is None:
        yield None  # type: ignore[misc]
        return
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html})),
  }));
}
"""


def _describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.2 AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail listing every WCAG 2.2 AA violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    violations = page.evaluate(_RUN_AXE, WCAG_TAGS)
    assert not violations, _describe(page.url, violations)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill the sign-in form as a person would and press the button (the page must show it)."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
