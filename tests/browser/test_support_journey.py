"""The issue's journey for support: Wirral asks for buddying on a measure; the Planning Group
opens the matching tool, sees the suggested councils with the reasons for each score and
matches Sefton; the engagement is agreed, started and completed while both councils record
their days and feedback; the reciprocity ledger shows the days. axe-core reports no WCAG 2.2
AA violation on any page visited."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from authorities.models import Council
from support.models import Engagement, EngagementStatus
from support.table1 import table1_load
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from tests.support.views import a_measure, top_quartile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC = "Reablement after a hospital stay"


def signed_in(browser: Browser, live_server, email: str) -> Page:
    page = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    page.goto("/accounts/login/")
    sign_in(page, email)
    return page


def open_engagement(page: Page) -> None:
    page.goto("/support/")
    assert_accessible(page)
    page.get_by_role("link", name=TOPIC).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    assert_accessible(page)


def test_a_council_is_matched_with_a_buddy_and_the_ledger_shows_the_days(
    page: Page, browser: Browser, live_server
) -> None:
    table1_load()
    wirral = Council.objects.get(slug="wirral")
    sefton = Council.objects.get(slug="sefton")
    measure = a_measure()
    # The evidence the matching tool finds: Sefton in the NW top quartile on the measure.
    top_quartile(sefton, measure)
    make_user("wendy.lead@wirral.example", Role.PERFORMANCE_LEAD, wirral)
    make_user("sam.lead@sefton.example", Role.PERFORMANCE_LEAD, sefton)
    make_user("pat.planner@nwadass.example", Role.PLANNING_GROUP)

    # Wirral asks for buddying on the measure.
    page.goto("/accounts/login/")
    sign_in(page, "wendy.lead@wirral.example")
    page.goto("/support/")
    assert_accessible(page)
    page.get_by_role("link", name="Ask for support for Wirral").click()
    assert_accessible(page)
    page.get_by_label("Which support would help?").select_option(label="Buddying")
    page.get_by_label("What is the support about?").fill(TOPIC)
    page.get_by_label("Measure (optional)").select_option(label=f"{measure.code} {measure.name}")
    page.get_by_label("What would help? (optional)").fill("A buddy for our reablement lead.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    assert_accessible(page)
    engagement = Engagement.objects.get(council=wirral)
    assert engagement.status == EngagementStatus.REQUESTED

    # The Planning Group opens the matching tool, sees Sefton with its reasons, matches it and
    # agrees the engagement.
    planner = signed_in(browser, live_server, "pat.planner@nwadass.example")
    open_engagement(planner)
    planner.get_by_role("link", name="Open the matching tool").click()
    assert_accessible(planner)
    ranking = planner.locator("#ranking")
    expect(ranking.get_by_role("rowheader", name="Sefton")).to_be_visible()
    expect(ranking).to_contain_text("top quartile of NW councils on")
    expect(ranking).to_contain_text("same sub-region")
    expect(ranking.get_by_role("rowheader", name="Wirral")).to_have_count(0)
    planner.get_by_label("Ask Sefton").check()
    expect(planner.get_by_label("Role for Sefton")).to_have_value("buddy")
    planner.get_by_label("Officer days planned for Sefton").fill("2")
    planner.get_by_label("Member days planned for Sefton").fill("1")
    planner.get_by_role("button", name="Match the chosen councils").click()
    expect(planner.get_by_role("heading", level=1)).to_have_text(TOPIC)
    assert_accessible(planner)
    planner.get_by_role("button", name="Agree the engagement").click()
    expect(planner.get_by_text("Engagement agreed.")).to_be_visible()
    assert_accessible(planner)

    # Wirral starts it and records its outcome and feedback.
    open_engagement(page)
    page.get_by_role("button", name="Start the engagement").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record Wirral's outcome and feedback").click()
    assert_accessible(page)
    page.get_by_label("Feedback", exact=True).fill("Sefton's buddy helped us redesign the pathway.")
    page.get_by_label("Outcome").fill("A new reablement pathway from the hospital.")
    page.get_by_role("button", name="Save the feedback").click()
    assert_accessible(page)

    # Sefton records the days it gave and its feedback.
    provider = signed_in(browser, live_server, "sam.lead@sefton.example")
    open_engagement(provider)
    provider.get_by_role("link", name="Days for Sefton").click()
    assert_accessible(provider)
    provider.get_by_label("Officer days given").fill("2.5")
    provider.get_by_label("Member days given").fill("1")
    provider.get_by_role("button", name="Save the days").click()
    assert_accessible(provider)
    provider.get_by_role("link", name="Feedback from Sefton").click()
    assert_accessible(provider)
    provider.get_by_label("Feedback", exact=True).fill("A good exchange: we learnt from Wirral.")
    provider.get_by_role("button", name="Save the feedback").click()
    expect(provider.get_by_text("A good exchange: we learnt from Wirral.")).to_be_visible()
    assert_accessible(provider)

    # Wirral completes it; the page shows both sides' days and feedback.
    open_engagement(page)
    page.get_by_role("button", name="Complete the engagement").click()
    expect(page.get_by_text("Engagement completed.")).to_be_visible()
    expect(page.get_by_text("A good exchange: we learnt from Wirral.")).to_be_visible()
    expect(page.get_by_text("A new reablement pathway from the hospital.")).to_be_visible()
    assert_accessible(page)

    # The ledger shows the days Sefton gave and Wirral received: 2.5 officer + 1 member.
    provider.goto("/support/ledger/")
    assert_accessible(provider)
    sefton_row = provider.locator('tr[data-council="sefton"]').first
    expect(sefton_row.locator('[data-series="given"]')).to_have_text("3.5")
    wirral_row = provider.locator('tr[data-council="wirral"]').first
    expect(wirral_row.locator('[data-series="received"]')).to_have_text("3.5")
