"""The meeting journey: a Planning Group member adds a council to a meeting's agenda,
downloads the confidential pre-meeting pack, records a decision, says who attended, writes the
minutes and, as chair, approves them, which locks the meeting. axe-core reports no WCAG 2.2 AA
violation on any page visited."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accounts.models import AccessLog, Role
from authorities.models import Council
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from triggers.models import Decision, Meeting
from triggers.services.review import meeting_create
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAIR = "pat.planner@nwadass.example"


def test_a_planning_group_member_runs_a_meeting(page: Page, live_server) -> None:
    table2_load()
    chair = make_user(CHAIR, Role.PLANNING_GROUP)
    meeting = meeting_create(
        held_on=datetime.date(2026, 12, 3),
        title="SLI Planning Group",
        councils=[Council.objects.get(slug="wirral")],
        created_by=chair,
    )
    page.goto("/accounts/login/")
    sign_in(page, CHAIR)
    page.goto(f"/triggers/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting on 3 December 2026")
    assert_accessible(page)

    page.get_by_role("group", name="Add councils to the agenda").get_by_label("Sefton").check()
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_text("1 added to the agenda.")).to_be_visible()
    expect(page.get_by_role("heading", name="2. Sefton")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the confidential pre-meeting pack (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "pre-meeting-pack-2026-12-03.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert AccessLog.objects.filter(user=chair, action="downloaded pack").count() == 1

    page.get_by_role("group", name="Decision on Wirral").get_by_label("Recommend support").check()
    page.get_by_label("Reasons for the decision on Wirral").fill("Peer mentoring for new managers")
    page.get_by_role("button", name="Save decisions").click()
    expect(page.get_by_text("Decisions saved (1 changed).")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change who attended").click()
    assert_accessible(page)
    page.get_by_role("group", name="Who chaired the meeting?").get_by_label("Pat Planner").check()
    page.get_by_role("group", name="Portal users who attended").get_by_label("Pat Planner").check()
    page.get_by_label("Others who attended (optional)").fill("Jane Smith, LGA regional lead")
    page.get_by_role("button", name="Save who attended").click()
    expect(page.get_by_text("Jane Smith, LGA regional lead")).to_be_visible()

    page.get_by_role("link", name="Write the minutes").click()
    assert_accessible(page)
    page.get_by_label("Minutes of the meeting").fill("Wirral and Sefton discussed.")
    page.get_by_role("button", name="Save the minutes").click()

    page.get_by_role("link", name="Approve the minutes (as chair)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve the minutes and lock the meeting").click()
    expect(page.get_by_text("The meeting's record is locked")).to_be_visible()
    expect(page.get_by_role("button", name="Save decisions")).to_have_count(0)
    assert_accessible(page)

    meeting.refresh_from_db()
    assert meeting.is_locked
    assert meeting.items.get(council__slug="wirral").decision == Decision.RECOMMEND_SUPPORT
    assert Meeting.objects.get(pk=meeting.pk).minutes_approved_by == chair
