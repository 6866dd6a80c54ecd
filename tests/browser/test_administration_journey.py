"""The regional administrator opens a quarter and gives a role from the portal's own pages,
and a council's plan reads as a document on a phone: no horizontal overflow at 390 px. axe-core
reports no WCAG 2.2 AA violation on any page visited."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Membership, Role
from authorities.models import Council
from improvement_plans.models import Action
from improvement_plans.services import milestone_add, target_add
from returns.models import Period
from sli_portal.financial_years import quarter_of
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from tests.improvement_plans.conftest import build_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "alex.admin@nwadass.example"
LEAD = "wendy.lead@wirral.example"


def test_the_administrator_opens_a_quarter_and_gives_a_role(page: Page) -> None:
    make_user(ADMIN, Role.REGIONAL_ADMIN)
    board = make_user("bob.board@nwadass.example", Role.BOARD_MEMBER)
    year, quarter = quarter_of(datetime.date.today())
    earlier = Period(year=year - 1, quarter=quarter)

    page.goto("/accounts/login/")
    sign_in(page, ADMIN)
    page.get_by_role("link", name="Administration").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    assert_accessible(page)
    page.get_by_role("link", name="Quarters").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Open a quarter").click()
    page.get_by_role("button", name="Open the quarter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the quarter to open")
    assert_accessible(page)
    page.get_by_label(earlier.label).check()
    page.get_by_role("button", name="Open the quarter").click()
    expect(page.get_by_text(f"{earlier.label} is open for returns")).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("rowheader", name=earlier.label))
    expect(row).to_contain_text("Open")
    assert_accessible(page)
    assert Period.objects.get(year=earlier.year, quarter=earlier.quarter).is_open(
        datetime.date.today()
    )

    page.get_by_role("link", name="People and roles").click()
    assert_accessible(page)
    page.locator(f'a[href="/administration/people/{board.pk}/"]').click()
    page.get_by_label("Council director (DASS) or improvement lead").check()
    page.get_by_role("button", name="Give the role").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the council the council director (dass) or improvement lead works for"
    )
    assert_accessible(page)
    page.get_by_label("Council director (DASS) or improvement lead").check()
    page.get_by_label("Council", exact=True).select_option(label="Wirral")
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("has been given the role and e-mailed")).to_be_visible()
    assert_accessible(page)
    assert Membership.objects.filter(user=board, role=Role.DIRECTOR).exists()


def test_a_plan_reads_as_a_document_on_a_phone(page: Page) -> None:
    wirral = Council.objects.get(slug="wirral")
    make_user(LEAD, Role.PERFORMANCE_LEAD, wirral)
    plan = build_plan(wirral, [[3, 2], [2]])
    first = Action.objects.in_plan(plan).numbered()[0]
    target_add(
        action=first,
        measure="cases audited good or excellent in the quarterly safeguarding audit",
        target_value="70",
        by=None,
    )
    milestone_add(
        action=first,
        kind="date",
        due_date=datetime.date(2027, 3, 31),
        description="First audit report to the Safeguarding Adults Board",
        by=None,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    sign_in(page, LEAD)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test plan")
    expect(page.get_by_role("link", name="Edit the plan")).to_be_visible()
    assert_accessible(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the plan page is {overflow}px wider than a 390px screen"
    # Edit mode, with a control beside everything, is for a desktop screen.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Edit the plan").click()
    expect(page.get_by_role("link", name="Change action 1")).to_be_visible()
    assert_accessible(page)
