"""The Planning Group's review queue in a browser: filter the queue, read why a council is
flagged, set its priority. axe-core reports no WCAG 2.2 AA violation on any page visited."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from authorities.models import Council
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from triggers.models import Concern, Priority, ReviewPriority, Trigger
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAG = "2C far worse than the NW median, 2026/27 Q1"


def test_a_planning_group_member_filters_reads_why_and_sets_priority(page: Page) -> None:
    table2_load()
    planner = make_user("pat.planner@nwadass.example", Role.PLANNING_GROUP)
    wirral, sefton = Council.objects.get(slug="wirral"), Council.objects.get(slug="sefton")
    Concern.objects.create(
        council=wirral,
        trigger=Trigger.objects.get(automatic="measure_outlier"),
        title=FLAG,
        raised_on=timezone.localdate(),
        automatic_key="measure_outlier",
        reasons="2C: far worse.",
        evidence_items=[
            {
                "subject": "measure_outlier:2C",
                "reasons": "Wirral's figure of 720.0 per 100,000 is 3.1 MADs worse.",
                "period": "2026/27 Q1",
                "figure": "720.0 per 100,000",
                "comparator": "North West median 560.0 per 100,000",
                "mads": 3.1,
            }
        ],
        new_evidence_at=timezone.now(),
    )
    Concern.objects.create(
        council=sefton,
        trigger=Trigger.objects.get(quadrant__key="resources", order=4),
        title="Senior turnover",
        evidence="Three managers left.",
        raised_on=timezone.localdate(),
        raised_by=planner,
    )

    page.goto("/accounts/login/")
    sign_in(page, "pat.planner@nwadass.example")
    page.goto("/triggers/review/")
    assert_accessible(page)
    page.get_by_label("Raised").select_option(label="Automatic (found in the data)")
    page.get_by_role("button", name="Apply filters").click()
    assert_accessible(page)
    table = page.locator("table").first
    expect(table).to_contain_text("Wirral")
    expect(table).not_to_contain_text("Sefton")

    page.get_by_role("link", name=FLAG).click()
    expect(page.get_by_role("table", name="Why it is flagged")).to_contain_text("3.1")
    expect(page.get_by_role("table", name="Why it is flagged")).to_contain_text(
        "North West median 560.0 per 100,000"
    )
    assert_accessible(page)

    page.goto("/triggers/review/")
    page.get_by_label("Select Wirral").check()
    page.get_by_label("Set their priority").check()
    page.locator("#id_act-priority").select_option(label="Discuss at the next meeting")
    page.get_by_label("Reason").fill("2C far worse for a second quarter.")
    page.get_by_role("button", name="Apply to the selected councils").click()
    expect(page.locator("table").first).to_contain_text("Discuss at the next meeting")
    assert_accessible(page)
    assert ReviewPriority.objects.get(council=wirral).priority == Priority.NEXT_MEETING
