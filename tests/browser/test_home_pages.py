"""Each role's home page as its people see it: at 1280×800 the service navigation is one row
and the role's first items are above the fold; at 390 px nothing overflows sideways; axe-core
finds nothing (WCAG 2.2 AA). Over the demonstration's people and Table 2 content."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from demo import users as demo_users
from demo.returns import periods_ensure
from demo.triggers import triggers_demo_load
from tests.browser.conftest import AXE_SCRIPT, TIMEOUT_MS, assert_accessible, sign_in
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLD = 800
# role -> (the demonstration person, or None for a visitor; texts that must show above the fold)
HOMES: dict[str, tuple[str | None, list[str]]] = {
    "anonymous": (None, ["North West SLI Portal", "Published pages"]),
    "performance_lead": (demo_users.WIRRAL_LEAD, ["Your return for", "Status", "Deadline"]),
    "director": (
        demo_users.WIRRAL_DIRECTOR,
        ["Your council's position", "Concerns awaiting your response", "Scorecard ratings"],
    ),
    "planning_group": (demo_users.PLANNER, ["The review queue", "Open the review queue"]),
    "risk_assessor": (demo_users.ASSESSOR, ["Risk assessments due", "Annual risk assessment"]),
    "board_member": (demo_users.BOARD_MEMBER, ["The Regional Account", "The regional picture"]),
    "regional_admin": (demo_users.ADMIN, ["Service health", "People and roles"]),
}


def _open_home(browser: Browser, live_server: Any, email: str | None, width: int) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": FOLD}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(path=AXE_SCRIPT)
    page = context.new_page()
    if email:
        page.goto(reverse("accounts:login"))
        sign_in(page, email, demo_users.DEMO_PASSWORD)
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(reverse("pages:home"))
    return page


def _build() -> None:
    table2_load()
    periods_ensure()
    demo_users.users_ensure()
    triggers_demo_load()


def _above_the_fold(page: Page, text: str) -> bool:
    box = page.get_by_text(text, exact=False).first.bounding_box()
    return box is not None and box["y"] + box["height"] <= FOLD


@pytest.mark.parametrize("role", list(HOMES))
def test_the_home_page_puts_the_roles_items_above_the_fold_at_desktop_width(
    role: str, browser: Browser, live_server: Any, reference_data: None
) -> None:
    _build()
    email, texts = HOMES[role]
    page = _open_home(browser, live_server, email, 1280)
    tops = page.eval_on_selector_all(
        ".govuk-service-navigation__item", "items => items.map(i => i.getBoundingClientRect().top)"
    )
    assert 0 < len(tops) <= 6
    assert len(set(tops)) == 1, f"the navigation wraps onto {len(set(tops))} rows"
    hidden = [text for text in texts if not _above_the_fold(page, text)]
    assert not hidden, f"below the fold at 1280×800: {hidden}"
    assert_accessible(page)
    page.context.close()


@pytest.mark.parametrize("role", list(HOMES))
def test_the_home_page_fits_a_phone(
    role: str, browser: Browser, live_server: Any, reference_data: None
) -> None:
    _build()
    email, _texts = HOMES[role]
    page = _open_home(browser, live_server, email, 390)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px of horizontal overflow at 390 px"
    assert_accessible(page)
    page.context.close()
