"""The Planning Group's review in a browser, as one journey: a member filters the review queue,
reads why a council is flagged, sets its priority, adds it to a meeting's agenda, downloads the
confidential pre-meeting pack, records a decision, says who attended, writes the minutes and, as
chair, approves them, which locks the meeting. axe-core reports no WCAG 2.2 AA violation on any
page visited."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import AccessLog, Role, User
from authorities.models import Council
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from triggers.models import Concern, Decision, Meeting, Priority, ReviewPriority, Trigger
from triggers.services.review import meeting_create
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAIR = "pat.planner@nwadass.example"
FLAG = "2C far worse than the NW median, 2026/27 Q1"


def _flag_wirral_and_sefton(planner: User) -> None:
    """An automatic flag on Wirral, with its evidence, and a concern about Sefton raised by a
    person."""
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


def _filter_read_and_prioritise(page: Page) -> None:
    page.goto("/triggers/review/")
    assert_accessible(page)
    page.get_by_label("Raised").select_option(label="Automatic (found in the data)")
    page.get_by_role("button", name="Apply filters").click()
    assert_accessible(page)
    table = page.locator("table").first
    expect(table).to_contain_text("Wirral")
    expect(table).not_to_contain_text("Sefton")

    page.get_by_role("link", name=FLAG).click()
    why = page.get_by_role("table", name="Why it is flagged")
    expect(why).to_contain_text("3.1")
    expect(why).to_contain_text("North West median 560.0 per 100,000")
    assert_accessible(page)

    page.go_back()
    page.get_by_label("Select Wirral").check()
    page.get_by_label("Set their priority").check()
    page.locator("#id_act-priority").select_option(label="Discuss at the next meeting")
    page.get_by_label("Reason").fill("2C far worse for a second quarter.")
    page.get_by_role("button", name="Apply to the selected councils").click()
    expect(page.locator("table").first).to_contain_text("Discuss at the next meeting")
    assert_accessible(page)


def _add_to_the_meeting(page: Page, meeting: Meeting) -> None:
    page.get_by_label("Select Wirral").check()
    page.get_by_label("Add them to a meeting's agenda").check()
    page.get_by_label("Meeting", exact=True).select_option(label=str(meeting))
    page.get_by_role("button", name="Apply to the selected councils").click()
    expect(page.get_by_text(f"1 added to the agenda of {meeting}.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Meetings", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=str(meeting), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting on")
    expect(page.get_by_role("heading", name="1. Wirral")).to_be_visible()
    assert_accessible(page)


def _download_the_pack(page: Page, meeting: Meeting) -> None:
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the confidential pre-meeting pack (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"pre-meeting-pack-{meeting.held_on:%Y-%m-%d}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def _decide_and_approve(page: Page) -> None:
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
    page.get_by_label("Minutes of the meeting").fill("Wirral discussed: support recommended.")
    page.get_by_role("button", name="Save the minutes").click()

    page.get_by_role("link", name="Approve the minutes (as chair)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve the minutes and lock the meeting").click()
    expect(page.get_by_text("The meeting's record is locked")).to_be_visible()
    expect(page.get_by_role("button", name="Save decisions")).to_have_count(0)
    assert_accessible(page)


def test_a_planning_group_member_reviews_the_queue_and_runs_the_meeting(page: Page) -> None:
    table2_load()
    chair = make_user(CHAIR, Role.PLANNING_GROUP)
    _flag_wirral_and_sefton(chair)
    meeting = meeting_create(
        held_on=timezone.localdate(), title="SLI Planning Group", councils=[], created_by=chair
    )
    page.goto("/accounts/login/")
    sign_in(page, CHAIR)

    _filter_read_and_prioritise(page)
    assert ReviewPriority.objects.get(council__slug="wirral").priority == Priority.NEXT_MEETING
    _add_to_the_meeting(page, meeting)
    _download_the_pack(page, meeting)
    assert AccessLog.objects.filter(user=chair, action="downloaded pack").count() == 1
    _decide_and_approve(page)

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.is_locked
    assert meeting.minutes_approved_by == chair
    assert meeting.items.get(council__slug="wirral").decision == Decision.RECOMMEND_SUPPORT
