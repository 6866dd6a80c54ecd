"""The issue's journey: a council answers some standards of a thematic review, leaves, comes
back and sees its progress, tries to submit with key standards missing and is told which
(following the error summary's links), completes and submits; then a Planning Group member
moderates one standard and the regional report shows the distribution. axe-core reports no
WCAG 2.2 AA violation on any page visited."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from authorities.models import Council
from selfassessment.models import Answer, SelfAssessment, SelfAssessmentStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from tests.selfassessment.helpers import import_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "wendy.lead@wirral.example"
PLANNER = "pat.planner@nwadass.example"


def signed_in(browser: Browser, live_server, email: str) -> Page:
    page = browser.new_context(base_url=live_server.url).new_page()
    page.goto("/accounts/login/")
    sign_in(page, email)
    return page


def test_a_council_answers_submits_and_the_region_sees_the_distribution(
    page: Page, browser: Browser, live_server
) -> None:
    wirral = Council.objects.get(slug="wirral")
    make_user(LEAD, Role.PERFORMANCE_LEAD, wirral)
    make_user(PLANNER, Role.PLANNING_GROUP)
    review = import_demo()

    page.goto("/accounts/login/")
    sign_in(page, LEAD)
    page.goto("/self-assessment/")
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name="Wirral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirral's self-assessment")
    expect(page.locator("#progress")).to_contain_text("0 of 12 standards answered")
    assert_accessible(page)

    page.get_by_role("link", name="1.1 Commissioning is based on the outcomes").click()
    assert_accessible(page)
    page.get_by_label("Level 3", exact=True).check()
    page.get_by_label("Narrative (optional)").fill("Outcomes frameworks agreed with the ICB.")
    page.get_by_role("button", name="Save and go to the next standard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1.2")
    page.get_by_label("Level 2", exact=True).check()
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("#progress")).to_contain_text("2 of 12 standards answered")

    # Leaves, and comes back another day.
    page.goto("/")
    page.goto("/self-assessment/")
    expect(page.get_by_role("cell", name="2 of 12 standards answered")).to_be_visible()
    page.get_by_role("table").get_by_role("link", name="Wirral").click()
    expect(page.locator("#progress")).to_contain_text("2 of 12 standards answered")

    page.get_by_role("button", name="Submit the self-assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Answer 2.1")
    expect(summary).to_contain_text("Answer 3.1")
    expect(summary).to_contain_text("Answer 4.1")
    assert_accessible(page)
    # Follow each link in the error summary to the missing key standard and answer it.
    for _ in range(3):
        page.locator(".govuk-error-summary__list a").first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.get_by_label("Level 1", exact=True).check()
        page.get_by_role("button", name="Save as draft").click()
        page.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.get_by_text("Wirral's self-assessment is submitted")).to_be_visible()
    expect(page.get_by_text("can no longer be changed", exact=False).first).to_be_visible()
    assert_accessible(page)
    sa = SelfAssessment.objects.get(review=review, council=wirral)
    assert sa.status == SelfAssessmentStatus.SUBMITTED

    planner = signed_in(browser, live_server, PLANNER)
    planner.goto(f"/self-assessment/moderation/{review.pk}/wirral/1.1/")
    assert_accessible(planner)
    planner.get_by_label("Level 2", exact=True).check()
    planner.get_by_label("Reasons").fill("The outcomes framework is not yet used in contracts.")
    planner.get_by_role("button", name="Save the moderated level").click()
    assert_accessible(planner)
    answer = Answer.objects.get(self_assessment=sa, standard__code="1.1")
    assert (answer.level, answer.moderated_level) == (3, 2)

    planner.goto(f"/self-assessment/regional-report/{review.pk}/")
    assert_accessible(planner)
    headers = planner.locator("#distribution-table thead th").all_inner_texts()
    row = planner.locator('#distribution-table tr[data-standard="1.1"]')
    cells = row.locator("th, td").all_inner_texts()
    assert cells[headers.index("Level 2")].strip() == "1"
    assert cells[headers.index("Level 3")].strip() == "0"
