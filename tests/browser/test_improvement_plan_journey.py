"""The issue's journey: a council imports its plan from a CSV file in the template's columns,
adds an action between two others (the numbers after it move up), records a quarter's
progress area by area with one target met and one missed, reads the plan as a document, and the plan's summary and the Planning Group's
summary show it. axe-core reports no WCAG 2.2 AA violation on any page visited."""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from authorities.models import Council
from improvement_plans.models import Action, Plan, ProgressUpdate, TargetActual
from returns.models import Period
from sli_portal.financial_years import quarter_of
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "wendy.lead@wirral.example"
PLANNER = "pat.planner@nwadass.example"
TITLE = "Safeguarding improvement plan"
PLAN_CSV = (
    "Heading,Improvement area,Action,How achieved,Expected evidence,Timescale\n"
    "Safeguarding Adults,Improvement Area 1 – Improve safeguarding practice,1,"
    "Audit a monthly sample of safeguarding cases,"
    "At least 70% of audited cases scoring good or excellent,June 2026\n"
    ",,2,Train team managers to chair strategy meetings,"
    "At least 80% of attendees rating the course good or excellent,September 2026\n"
    ",Improvement Area 2 – Review protection plans on time,3,"
    "Review every protection plan within 28 days,Reviews recorded on the system,Quarterly\n"
).encode()
NEW_ACTION = "Publish the audit findings to every team each month"
AUDIT_ACTUAL = "Actual for audited cases scoring good or excellent (target at least 70%)"
COURSE_ACTUAL = re.compile(r"^Actual for attendees rating the course .*\(target at least 80%\)$")


def actions_shown(page: Page) -> list[tuple[str, str]]:
    """(heading, how achieved) of each action on the plan page, in page order."""
    sections = page.locator("section.app-plan-action")
    return [
        (
            sections.nth(i).get_by_role("heading", level=4).inner_text().strip(),
            sections.nth(i).inner_text(),
        )
        for i in range(sections.count())
    ]


def shown_pk(plan: Plan, number: int) -> int:
    """The id of the plan's action numbered ``number``."""
    return next(a.pk for a in Action.objects.in_plan(plan).numbered() if a.number == number)


def test_a_council_imports_its_plan_adds_an_action_and_reports_a_quarter(
    page: Page, browser: Browser, live_server
) -> None:
    wirral = Council.objects.get(slug="wirral")
    make_user(LEAD, Role.PERFORMANCE_LEAD, wirral)
    make_user(PLANNER, Role.PLANNING_GROUP)

    page.goto("/accounts/login/")
    sign_in(page, LEAD)
    page.goto("/plans/import/")
    assert_accessible(page)
    page.get_by_label("Upload the plan").set_input_files(
        {"name": "wirral-plan.csv", "mimeType": "text/csv", "buffer": PLAN_CSV}
    )
    page.get_by_label("Title (optional)").fill(TITLE)
    page.get_by_role("button", name="Import plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_text("2 improvement areas and 3 actions")).to_be_visible()
    assert_accessible(page)
    plan = Plan.objects.get(council=wirral, title=TITLE)

    page.goto(f"/plans/{plan.pk}/actions/new/")
    assert_accessible(page)
    page.get_by_label("Where does it go?").select_option(label="After Action 1")
    page.get_by_label("How is this to be achieved").fill(NEW_ACTION)
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_accessible(page)
    shown = actions_shown(page)
    assert [heading for heading, _ in shown] == ["Action 1", "Action 2", "Action 3", "Action 4"]
    assert "Audit a monthly sample" in shown[0][1]
    assert NEW_ACTION in shown[1][1]
    assert "Train team managers" in shown[2][1]
    assert "Review every protection plan" in shown[3][1]

    year, quarter = quarter_of(datetime.date.today())
    current = Period(year=year, quarter=quarter)
    page.goto(f"/plans/{plan.pk}/progress/")
    assert_accessible(page)
    page.get_by_role("link", name=current.label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Progress in {current.label}")
    assert_accessible(page)
    area_one = "Improvement Area 1 – Improve safeguarding practice"
    expect(page.locator(".govuk-task-list__item").first).to_contain_text("Not yet started")
    page.get_by_role("link", name=area_one).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(area_one)
    assert_accessible(page)
    page.get_by_role("group", name="Status of Action 1").get_by_label("On track").check()
    page.get_by_label(AUDIT_ACTUAL).fill("75")
    page.get_by_label("Commentary on Action 1 (optional)").fill("The audit runs monthly.")
    page.get_by_role("group", name="Status of Action 3").get_by_label("At risk").check()
    page.get_by_label(COURSE_ACTUAL).fill("60")
    page.get_by_role("button", name="Save and return to every area").click()
    expect(
        page.get_by_text(f"Progress saved for 2 actions of area 1 in {current.label}.")
    ).to_be_visible()
    # The quarter's task list: area 1 is under way (2 of its 3 actions), area 2 not started.
    items = page.locator(".govuk-task-list__item")
    expect(items.nth(0)).to_contain_text("In progress")
    expect(items.nth(0)).to_contain_text("2 of 3 actions recorded")
    expect(items.nth(1)).to_contain_text("Not yet started")
    assert_accessible(page)
    assert ProgressUpdate.objects.filter(action__area__heading__plan=plan).count() == 2
    assert sorted(TargetActual.objects.values_list("actual", flat=True)) == [60, 75]

    page.goto(f"/plans/{plan.pk}/")
    assert_accessible(page)
    # The plan reads as a document: no editing controls until "Edit the plan" is chosen.
    expect(page.get_by_role("link", name="Edit the plan")).to_be_visible()
    expect(page.get_by_role("button", name="Publish the plan")).to_have_count(0)
    expect(page.locator("#action-" + str(shown_pk(plan, 1)))).to_contain_text("On track")
    expect(page.locator('[data-summary="targets-met"] dd')).to_have_text("1 of 2")
    expect(page.locator('[data-summary="targets-missed"] dd')).to_have_text("1 of 2")

    planner = browser.new_context(base_url=live_server.url).new_page()
    planner.goto("/accounts/login/")
    sign_in(planner, PLANNER)
    planner.goto("/plans/summary/")
    assert_accessible(planner)
    expect(planner.locator("svg[role=img] title").first).to_contain_text("Actions by status")
    targets = planner.locator('#targets-table tr[data-council="wirral"] td')
    # Targets, met, missed, without an actual (overdue milestones depend on today's date).
    assert targets.all_inner_texts()[:4] == ["2", "1", "1", "0"]
    status = planner.locator('#status-table tr[data-council="wirral"] td')
    assert status.all_inner_texts() == [current.label, "4", "0", "1", "1", "0", "0", "2"]
