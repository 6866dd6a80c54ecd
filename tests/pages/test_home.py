"""Each role's home page starts with what needs that role now; nobody gets an empty page."""

import datetime

import pytest
from django.urls import reverse

from returns.models import Period, ReturnUpload, ReturnVersion, UploadState
from tests.access.world import build_world
from triggers.models import Concern, ConcernStatus

pytestmark = pytest.mark.django_db

HOME = reverse("pages:home")


@pytest.fixture
def world(wirral, open_period, wirral_lead, planning_group_member):
    return build_world(wirral, open_period, wirral_lead, planning_group_member)


def home(client_for, user) -> str:
    response = client_for(user).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_a_lead_starts_with_this_quarters_return_and_its_next_step(
    client_for, wirral_lead, world, open_period
):
    html = home(client_for, wirral_lead)
    assert f"Your return for {open_period.label}" in html
    assert "10 days left" in html
    assert ">Due<" in html
    detail = reverse("returns:detail", args=["wirral", open_period.slug])
    assert f'href="{detail}#submit">Check and submit version 2<' in html
    assert reverse("returns:version", args=["wirral", open_period.slug, 2]) not in html
    assert html.index("Your return for") < html.index("Your council's latest figures")
    assert reverse("scorecard:council", args=["wirral"]) in html


def test_the_submit_step_leads_to_the_return_page_that_holds_the_button(
    client_for, wirral_lead, world, open_period
):
    detail = reverse("returns:detail", args=["wirral", open_period.slug])
    page = client_for(wirral_lead).get(detail).content.decode()
    assert 'id="submit"' in page
    assert "Submit version 2</button>" in page


def test_a_partial_latest_version_asks_for_a_complete_file(
    client_for, wirral_lead, world, open_period
):
    ReturnVersion.objects.filter(return_obj__council__slug="wirral", number=2).update(blank_count=3)
    html = home(client_for, wirral_lead)
    upload = reverse("returns:upload", args=["wirral", open_period.slug])
    assert "Version 2 has 3 measures without a figure, so it cannot be submitted." in html
    assert f'href="{upload}">Upload a complete file<' in html
    assert "Check and submit" not in html


def test_a_lead_with_no_version_is_asked_to_upload(client_for, wirral_lead, open_period):
    html = home(client_for, wirral_lead)
    upload = reverse("returns:upload", args=["wirral", open_period.slug])
    assert f'href="{upload}">Upload your return<' in html


def test_after_the_deadline_the_return_is_overdue(client_for, wirral_lead, wirral):
    today = datetime.date.today()
    Period.objects.create(
        year=2024,
        quarter=2,
        opens_on=today - datetime.timedelta(days=30),
        deadline=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
    )
    html = home(client_for, wirral_lead)
    assert ">Overdue<" in html
    assert "3 days overdue" in html


def test_a_refused_upload_lists_its_problems_to_fix(client_for, wirral_lead, world, open_period):
    upload = ReturnUpload.objects.get(pk=world["upload"].pk)
    ReturnUpload.objects.filter(pk=upload.pk).update(
        state=UploadState.INVALID,
        problems=[
            {"row": 7, "column": "value", "value": "n/a", "message": "'n/a' is not a number"}
        ],
        uploaded_at=upload.uploaded_at + datetime.timedelta(days=1),
    )
    html = home(client_for, wirral_lead)
    assert "Your last file has 1 problem to fix" in html
    assert "Row 7, column value: &#x27;n/a&#x27; is not a number" in html
    assert "Upload a corrected file" in html


def test_a_director_sees_the_councils_position(client_for, wirral_director, world):
    Concern.objects.filter(pk=world["concern"].pk).update(status=ConcernStatus.SHARED)
    html = home(client_for, wirral_director)
    assert "Your council&#x27;s position" in html or "Your council's position" in html
    assert "Concerns awaiting your response" in html
    assert reverse("triggers:concern_respond", args=["wirral", world["concern"].pk]) in html
    assert reverse("triggers:council_assessment", args=["wirral", world["year"]]) in html
    assert "Table 2 self-check" in html
    assert "Improvement plan" in html
    assert "Support in place" in html
    assert "Your return for" not in html


def test_the_planning_group_sees_what_needs_reviewing(client_for, planning_group_member, world):
    html = home(client_for, planning_group_member)
    for heading in (
        "The review queue",
        "Meetings",
        "Decisions due",
        "Late returns",
        "Self-assessments to moderate",
        "Regional Account versions to check",
    ):
        assert heading in html
    assert "1 council in the queue with 1 open flag or concern" in html
    assert "in the Planning Group's order of priority" in html
    assert reverse("triggers:meeting", args=[world["meeting"].pk]) in html


def test_a_board_member_sees_the_regional_account_first(client_for, board_member, world):
    html = home(client_for, board_member)
    assert html.index("The Regional Account") < html.index("The regional picture")
    assert "Key messages" in html
    assert reverse("reports:latest") in html


def test_a_risk_assessor_sees_the_assessments_due(client_for, risk_assessor, world):
    html = home(client_for, risk_assessor)
    assert "Risk assessments due" in html
    assert "councils&#x27; annual risk assessments" in html or "annual risk assessments" in html
    assert reverse("triggers:assessment", args=["wirral", datetime.date.today().year]) in html or (
        "Not started" in html
    )


def test_the_administrator_sees_the_service_and_the_people(client_for, regional_admin, world):
    html = home(client_for, regional_admin)
    assert "Service health" in html
    assert "People and roles" in html
    assert "Regional administrator" in html


def test_a_visitor_learns_what_the_portal_is_and_is_invited_to_sign_in(client_for):
    html = home(client_for, None)
    assert "Sector-led improvement in adult social care" in html
    assert reverse("scorecard:overview") in html
    assert reverse("accounts:login") in html


def test_the_teasc_summary_says_what_it_compares_and_marks_demonstration_figures(
    client_for, wirral_lead, wirral_director, wirral
):
    """What "improving" compares: the quarter's figure with the council's own three quarters
    earlier; demonstration figures say how they were made."""
    from returns.models import Return, ReturnStatus
    from scorecard.models import TeascSummary
    from tests.conftest import make_period

    period = make_period(2026, 1)
    TeascSummary.objects.create(council=wirral, period=period, items=22, better=11)
    for user in (wirral_lead, wirral_director):
        html = home(client_for, user)
        assert "2026/27 Q1: 0 of 22 submitted items" in html
        assert "improving since 2025/26 Q2 (the quarter’s figure against the council’s own" in html
        assert "demonstration" not in html.casefold()
    Return.objects.create(
        council=wirral, period=period, status=ReturnStatus.ACCEPTED, is_demonstration=True
    )
    html = home(client_for, wirral_lead)
    assert "after the last published year that line continued at half its slope" in html


def test_a_board_member_reads_the_key_messages_as_the_published_version_prints_them(
    client_for, board_member, planning_group_member
):
    from django.utils import timezone

    from reports.models import KeyMessage, RegionalAccount, Status, Topic

    before = timezone.now() - datetime.timedelta(days=2)
    message = KeyMessage.objects.create(
        year=2025,
        topic=Topic.BOARD,
        draft="Portal draft.",
        text="The Board is asked to endorse the peer challenge programme.",
        edited_by=planning_group_member,
        edited_at=before,
    )
    message.history.update(history_date=before)
    account = RegionalAccount.objects.create(
        year=2025,
        number=1,
        status=Status.PUBLISHED,
        progress=100,
        period_label="2025/26 Q4",
        started_at=timezone.now() - datetime.timedelta(days=1),
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    message.text = "Edited after publication."
    message.save()

    html = home(client_for, board_member)
    assert "Questions and decisions for the Board" in html
    assert "The Board is asked to endorse the peer challenge programme." in html
    assert "Edited after publication." not in html
    assert reverse("reports:key_messages", args=[account.year]) in html
