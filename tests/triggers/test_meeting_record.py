"""Running a meeting: who attended (portal users and named others), actions with owners, the
minutes, the chair's approval that locks the meeting, and corrections as new entries."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from authorities.models import Council
from triggers.models import AgendaItem, Decision, Meeting, MeetingCorrection
from triggers.services.meetings import (
    CHAIR_ONLY,
    NO_MINUTES,
    meeting_action_add,
    meeting_attendees_set,
    meeting_correction_add,
    meeting_minutes_approve,
    meeting_minutes_save,
)
from triggers.services.review import (
    MEETING_LOCKED,
    DecisionEntry,
    ReviewRefused,
    agenda_decisions_record,
    agenda_items_add,
    meeting_create,
)
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _table2(db: None) -> None:
    table2_load()


@pytest.fixture
def meeting(planning_group_member: User, wirral: Council, sefton: Council) -> Meeting:
    return meeting_create(
        held_on=datetime.date(2026, 12, 3),
        title="SLI Planning Group",
        councils=[wirral, sefton],
        created_by=planning_group_member,
    )


def _url(name: str, meeting: Meeting) -> str:
    return reverse(f"triggers:{name}", args=[meeting.pk])


def _approved(meeting: Meeting, chair: User) -> Meeting:
    meeting_attendees_set(
        meeting=meeting, chair=chair, attendees=[chair], other_attendees="", recorded_by=chair
    )
    meeting_minutes_save(meeting=meeting, minutes="Discussed Wirral.", recorded_by=chair)
    return meeting_minutes_approve(meeting=meeting, approved_by=chair)


def test_attendees_are_portal_users_and_named_others(
    client_for, meeting, planning_group_member, regional_admin
) -> None:
    response = client_for(planning_group_member).post(
        _url("meeting_attendees", meeting),
        {
            "chair": str(planning_group_member.pk),
            "attendees": [str(planning_group_member.pk), str(regional_admin.pk)],
            "other_attendees": "  Jane Smith, LGA regional lead \n\n Dr A Khan, CQC  ",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.chair == planning_group_member
    assert set(meeting.attendees.all()) == {planning_group_member, regional_admin}
    assert meeting.other_attendees == "Jane Smith, LGA regional lead\nDr A Khan, CQC"
    page = client_for(planning_group_member).get(_url("meeting", meeting)).content.decode()
    assert "Jane Smith, LGA regional lead" in page


def test_the_chair_must_have_attended(client_for, meeting, planning_group_member) -> None:
    response = client_for(planning_group_member).post(
        _url("meeting_attendees", meeting), {"chair": str(planning_group_member.pk)}
    )
    assert response.status_code == 400
    assert "The chair must be one of the people who attended" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.chair is None


def test_an_action_needs_an_owner(client_for, meeting, planning_group_member, wirral) -> None:
    client = client_for(planning_group_member)
    refused = client.post(_url("meeting_action_add", meeting), {"text": "Call the DASS"})
    assert refused.status_code == 400
    assert "Choose who owns the action, or enter their name" in refused.content.decode()
    assert not meeting.actions.exists()
    response = client.post(
        _url("meeting_action_add", meeting),
        {
            "text": "Call the DASS",
            "owner_name": "Jane Smith, LGA regional lead",
            "council": str(wirral.pk),
            "due_on_0": "15",
            "due_on_1": "1",
            "due_on_2": "2027",
        },
    )
    assert response.status_code == 302
    action = meeting.actions.get()
    assert (action.owner_label, action.council, action.due_on) == (
        "Jane Smith, LGA regional lead",
        wirral,
        datetime.date(2027, 1, 15),
    )
    assert action.created_by == planning_group_member


def test_only_the_chair_approves_the_minutes(
    meeting, planning_group_member, regional_admin
) -> None:
    meeting_attendees_set(
        meeting=meeting,
        chair=planning_group_member,
        attendees=[planning_group_member, regional_admin],
        other_attendees="",
        recorded_by=regional_admin,
    )
    with pytest.raises(ReviewRefused, match=NO_MINUTES):
        meeting_minutes_approve(meeting=meeting, approved_by=planning_group_member)
    meeting_minutes_save(meeting=meeting, minutes="Agreed.", recorded_by=regional_admin)
    with pytest.raises(ReviewRefused, match=CHAIR_ONLY):
        meeting_minutes_approve(meeting=meeting, approved_by=regional_admin)
    approved = meeting_minutes_approve(meeting=meeting, approved_by=planning_group_member)
    assert approved.is_locked
    assert approved.minutes_approved_by == planning_group_member
    assert approved.history.first().history_user == planning_group_member


def test_an_approved_meeting_is_locked(meeting, planning_group_member) -> None:
    _approved(meeting, planning_group_member)
    item = meeting.items.select_related("council").first()
    halton = Council.objects.get(slug="halton")
    refusals = [
        lambda: meeting_minutes_save(
            meeting=meeting, minutes="x", recorded_by=planning_group_member
        ),
        lambda: meeting_attendees_set(
            meeting=meeting,
            chair=None,
            attendees=[],
            other_attendees="",
            recorded_by=planning_group_member,
        ),
        lambda: meeting_action_add(
            meeting=meeting,
            text="x",
            owner=planning_group_member,
            owner_name="",
            council=None,
            due_on=None,
            recorded_by=planning_group_member,
        ),
        lambda: agenda_items_add(
            meeting=meeting, councils=[halton], added_by=planning_group_member
        ),
        lambda: agenda_decisions_record(
            meeting=meeting,
            decisions=[DecisionEntry(item, Decision.MONITOR, "Watch")],
            decided_by=planning_group_member,
        ),
    ]
    for refuse in refusals:
        with pytest.raises(ReviewRefused, match="record a correction instead"):
            refuse()
    meeting.refresh_from_db()
    assert meeting.minutes == "Discussed Wirral."
    assert not meeting.actions.exists()
    assert not AgendaItem.objects.filter(meeting=meeting).exclude(decision="").exists()
    assert not meeting.items.filter(council=halton).exists()


def test_a_locked_meeting_page_refuses_changes_and_offers_corrections(
    client_for, meeting, planning_group_member
) -> None:
    _approved(meeting, planning_group_member)
    client = client_for(planning_group_member)
    page = client.get(_url("meeting", meeting)).content.decode()
    assert "Save decisions" not in page
    assert "Record a correction" in page
    refused = client.post(_url("meeting_minutes_edit", meeting), {"minutes": "Rewritten"})
    assert refused.status_code == 400
    assert MEETING_LOCKED in refused.content.decode().replace("&#x27;", "'")
    response = client.post(
        _url("meeting_correction_add", meeting), {"text": "Wirral's item was second, not first."}
    )
    assert response.status_code == 302
    correction = MeetingCorrection.objects.get()
    assert (correction.meeting, correction.recorded_by) == (meeting, planning_group_member)
    meeting.refresh_from_db()
    assert meeting.minutes == "Discussed Wirral."
    assert (
        "Wirral&#x27;s item was second, not first."
        in client.get(_url("meeting", meeting)).content.decode()
    )


def test_a_correction_is_refused_before_approval(meeting, planning_group_member) -> None:
    with pytest.raises(ReviewRefused, match="not approved yet"):
        meeting_correction_add(meeting=meeting, text="x", recorded_by=planning_group_member)


def test_approving_through_the_page(client_for, meeting, planning_group_member) -> None:
    meeting_attendees_set(
        meeting=meeting,
        chair=planning_group_member,
        attendees=[planning_group_member],
        other_attendees="",
        recorded_by=planning_group_member,
    )
    meeting_minutes_save(meeting=meeting, minutes="Agreed.", recorded_by=planning_group_member)
    response = client_for(planning_group_member).post(_url("meeting_minutes_approve", meeting))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_locked


def test_the_minutes_document_holds_attendees_actions_and_corrections(
    client_for, meeting, planning_group_member, monkeypatch
) -> None:
    from triggers.views import review as review_views

    meeting_action_add(
        meeting=meeting,
        text="Call the DASS",
        owner=None,
        owner_name="Jane Smith, LGA regional lead",
        council=None,
        due_on=None,
        recorded_by=planning_group_member,
    )
    _approved(meeting, planning_group_member)
    meeting_correction_add(
        meeting=meeting, text="Apologies from Jane", recorded_by=planning_group_member
    )
    seen: list[str] = []

    def spy(template_name: str, context: dict, *, title: str) -> bytes:
        from sli_portal.pdf import render_pdf_html

        seen.append(render_pdf_html(template_name, context, title=title))
        return b"%PDF-"

    monkeypatch.setattr(review_views, "render_pdf", spy)
    response = client_for(planning_group_member).get(
        reverse("triggers:meeting_minutes", args=[meeting.pk, "pdf"])
    )
    assert response.status_code == 200
    [html] = seen
    for text in (
        "Approved by the chair",
        "Chair: Pat Planner",
        "Discussed Wirral.",
        "Call the DASS",
        "Jane Smith, LGA regional lead",
        "Apologies from Jane",
    ):
        assert text in html, text
