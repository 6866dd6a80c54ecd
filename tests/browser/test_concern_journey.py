"""The issue's journey: the Planning Group raises a concern and shares it with the council, the
council responds, and the risk assessor records the discussion and the final view (MoU 2.1 b).
axe-core reports no WCAG 2.2 AA violation on any page visited."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from authorities.models import Council
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from triggers.models import Concern, ConcernStatus, RiskAssessment, RiskView
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Safeguarding report not published"
YEAR = 2025


def fill_date(page: Page, group: str, day: str, month: str, year: str) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(day)
    fields.get_by_label("Month").fill(month)
    fields.get_by_label("Year").fill(year)


def signed_in(browser: Browser, live_server, email: str) -> Page:
    page = browser.new_context(base_url=live_server.url).new_page()
    page.goto("/accounts/login/")
    sign_in(page, email)
    return page


def test_concern_is_raised_shared_answered_and_assessed(
    page: Page, browser: Browser, live_server
) -> None:
    table2_load()
    wirral = Council.objects.get(slug="wirral")
    make_user("pat.planner@nwadass.example", Role.PLANNING_GROUP)
    make_user("dana.director@wirral.example", Role.DIRECTOR, wirral)
    make_user("rita.assessor@nwadass.example", Role.RISK_ASSESSOR)

    page.goto("/accounts/login/")
    sign_in(page, "pat.planner@nwadass.example")
    page.goto("/triggers/concerns/new/")
    assert_accessible(page)
    page.get_by_label("Council").select_option(label="Wirral")
    page.get_by_label("Trigger (Table 2)").select_option(label="Annual Safeguarding Report")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Evidence", exact=True).fill(
        "The annual safeguarding report for last year is not on the council's website."
    )
    fill_date(page, "Date raised", "3", "6", "2025")
    page.get_by_label("High").check()
    page.get_by_label("Planning Group only").check()
    page.get_by_role("button", name="Raise concern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_accessible(page)
    page.get_by_label("What would you like to discuss with the council?").fill(
        "When will the report be published?"
    )
    page.get_by_role("button", name="Share with the council").click()
    assert_accessible(page)
    concern = Concern.objects.get(title=TITLE)
    assert concern.status == ConcernStatus.SHARED

    council = signed_in(browser, live_server, "dana.director@wirral.example")
    council.goto("/triggers/council/wirral/concerns/")
    assert_accessible(council)
    council.get_by_role("link", name=TITLE).click()
    assert_accessible(council)
    council.get_by_label("Your council's response").fill(
        "It goes to the Safeguarding Board next month and will be published then."
    )
    council.get_by_role("button", name="Send response").click()
    assert_accessible(council)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESPONDED

    assessor = signed_in(browser, live_server, "rita.assessor@nwadass.example")
    assessor.goto(f"/triggers/councils/wirral/assessments/{YEAR}/")
    assert_accessible(assessor)
    assessor.get_by_label(TITLE).check()
    assessor.get_by_role("button", name="Save the concerns considered").click()
    assert_accessible(assessor)
    fill_date(assessor, "Date of the discussion", "10", "6", "2025")
    assessor.get_by_label("Who took part").fill("Wirral DASS; risk assessor for the Board")
    assessor.get_by_label("Record of the discussion").fill(
        "The safeguarding report and its timetable were discussed."
    )
    assessor.get_by_role("button", name="Save the discussion").click()
    assert_accessible(assessor)
    assessor.get_by_label("Medium risk").check()
    assessor.get_by_label("Rationale").fill("One concern, with a credible plan to resolve it.")
    assessor.get_by_role("button", name="Save the final view").click()
    assert_accessible(assessor)
    assessment = RiskAssessment.objects.get(council=wirral, year=YEAR)
    assert assessment.discussed_on is not None
    assert assessment.final_view == RiskView.MEDIUM
