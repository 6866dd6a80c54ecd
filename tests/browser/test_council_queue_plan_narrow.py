"""The council page (with its summary of every measure and the measure page it links to), the
Planning Group's review queue and a plan in edit mode on a 390 px wide phone: nothing wider
than the screen (wide tables scroll inside their own labelled region) and no WCAG 2.2 AA
violation found by axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from authorities.models import Council
from improvement_plans.models import Plan
from improvement_plans.services.imports import plan_import
from returns.models import Measure
from scorecard.comparators import comparators_recompute
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from tests.factories import accepted_returns, periods
from triggers.models import Concern, Trigger
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LEAD = "a.long.address.for.a.performance.lead@wirral-council.example"
PLANNER = "pat.planner@nwadass.example"
PLAN_CSV = (
    "Heading,Improvement area,Action,How achieved,Expected evidence,Timescale\n"
    "Safeguarding Adults,Improvement Area 1 – Improve safeguarding practice,1,"
    "Audit a monthly sample of safeguarding cases against the multi-agency standards,"
    "At least 70% of audited cases scoring good or excellent,June 2026\n"
    ",,2,Train team managers to chair strategy meetings,"
    "At least 80% of attendees rating the course good or excellent,September 2026\n"
    ",Improvement Area 2 – Review protection plans on time,3,"
    "Review every protection plan within 28 days,Reviews recorded on the system,Quarterly\n"
).encode()

# The elements outside a scrolling table region that reach past the right edge of the screen,
# innermost first: what to fix.
OVERFLOWING = """() => {
  const edge = document.documentElement.clientWidth;
  return [...document.querySelectorAll("main *")]
    .filter((e) => e.getBoundingClientRect().right > edge + 1)
    .filter((e) => !e.closest(".app-table-container"))
    .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > edge + 1))
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 60)}`);
}"""


def assert_no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], (
        f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen: "
        + "; ".join(page.evaluate(OVERFLOWING))
    )


def test_the_council_page_and_its_measure_page_fit_a_390_px_screen(page: Page) -> None:
    regional_admin = make_user("ada.admin@nwadass.example", Role.REGIONAL_ADMIN)
    history = periods(2023, 2)
    councils = list(Council.objects.active_on(history[-1].ends_on))
    measures = list(Measure.objects.in_return().order_by("display_order", "code")[:12])
    accepted_returns(councils, history, measures, regional_admin)
    for period in history:
        comparators_recompute(period=period)
    page.set_viewport_size(PHONE)
    # A long page on a machine shared with other work: allow it more than the usual wait.
    page.set_default_navigation_timeout(60_000)
    page.goto("/councils/wirral/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Wirral: {history[-1].label}")
    summary = page.get_by_role("region", name=f"Wirral: every measure, {history[-1].label}")
    expect(summary).to_be_visible()
    expect(summary.locator("tbody tr").first).to_be_visible()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    page.get_by_role("link", name="Every council’s figure for").first.click()
    expect(page.locator("[data-highlighted]").first).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("Wirral (this council)")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)


def test_the_review_queue_fits_a_390_px_screen(page: Page) -> None:
    table2_load()
    planner = make_user(PLANNER, Role.PLANNING_GROUP)
    for slug, title in (
        ("wirral", "2C far worse than the North West median of councils' returns, 2026/27 Q1"),
        ("sefton", "Turnover of senior staff in the adult social care directorate"),
    ):
        Concern.objects.create(
            council=Council.objects.get(slug=slug),
            trigger=Trigger.objects.get(quadrant__key="resources", order=4),
            title=title,
            evidence="Three managers left within one quarter.",
            raised_on=timezone.localdate(),
            raised_by=planner,
        )
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    sign_in(page, PLANNER)
    page.goto("/triggers/review/")
    expect(page.locator("main")).to_contain_text("Sefton")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)


def test_a_plan_in_edit_mode_fits_a_390_px_screen(page: Page) -> None:
    wirral = Council.objects.get(slug="wirral")
    lead = make_user(LEAD, Role.PERFORMANCE_LEAD, wirral)
    plan_import(council=wirral, content=PLAN_CSV, name="wirral-plan.csv", by=lead)
    plan = Plan.objects.get(council=wirral)
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    sign_in(page, LEAD)
    page.goto(f"/plans/{plan.pk}/")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    page.get_by_role("link", name="Edit the plan").click()
    expect(page).to_have_url(f"{page.url.split('/plans/')[0]}/plans/{plan.pk}/editing/")
    expect(page.locator("main")).to_contain_text("Audit a monthly sample")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    page.goto(f"/plans/{plan.pk}/edit/")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
