"""Planning Group meetings: planning one with an agenda from the review queue, recording a
decision on each council with its reasons, and the confidential minutes as PDF and Excel."""

import datetime
import io
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from authorities.models import Council
from tests.triggers.test_review import (
    COUNCIL_USERS,
    assert_sign_in,
    logged,
    make_concern,
    persona,
)
from triggers.forms.review import DecisionForm
from triggers.models import AgendaItem, Decision, Meeting, Severity
from triggers.services.review import (
    DecisionEntry,
    ReviewRefused,
    agenda_decisions_record,
    agenda_items_add,
    meeting_create,
)
from triggers.table2 import table2_load
from triggers.views import review as review_views

pytestmark = pytest.mark.django_db

# Meetings are the Planning Group's and the administrator's; risk assessors assess and draft.
HOLDERS = ["planning_group_member", "regional_admin"]


@pytest.fixture(autouse=True)
def _table2(db: None) -> None:
    table2_load()


MEETINGS = reverse("triggers:meetings")


@pytest.fixture
def meeting(planning_group_member: User, wirral: Council, sefton: Council) -> Meeting:
    return meeting_create(
        held_on=datetime.date(2025, 3, 5),
        title="SLI Planning Group",
        councils=[wirral, sefton],
        created_by=planning_group_member,
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("triggers:meeting", args=[meeting.pk])


def minutes_url(meeting: Meeting, fmt: str) -> str:
    return reverse("triggers:meeting_minutes", args=[meeting.pk, fmt])


# Who may see meetings ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client_for, meeting) -> None:
    client = client_for(None)
    for url in (MEETINGS, meeting_url(meeting), minutes_url(meeting, "pdf")):
        assert_sign_in(client.get(url))


@pytest.mark.parametrize("name", [*COUNCIL_USERS, "board_member", "risk_assessor"])
def test_council_users_board_members_and_assessors_may_not_see_meetings(
    name, request, client_for, meeting
) -> None:
    client = client_for(persona(request, name))
    for url in (
        MEETINGS,
        meeting_url(meeting),
        minutes_url(meeting, "pdf"),
        minutes_url(meeting, "xlsx"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(MEETINGS, {}).status_code == 403


@pytest.mark.parametrize("name", HOLDERS)
def test_planning_group_and_administrator_see_meetings_and_their_viewing_is_logged(
    name, request, client_for, meeting
) -> None:
    user = persona(request, name)
    client = client_for(user)
    assert client.get(MEETINGS).status_code == 200
    assert client.get(meeting_url(meeting)).status_code == 200
    assert logged(user, "triggers.Meeting", meeting.pk) == 1


def test_an_unknown_meeting_is_404(client_for, planning_group_member) -> None:
    response = client_for(planning_group_member).get(reverse("triggers:meeting", args=[999999]))
    assert response.status_code == 404


# Planning a meeting -----------------------------------------------------------------------------


def test_the_queues_top_councils_are_put_on_a_new_agenda_for_you(
    client_for, planning_group_member, wirral, sefton
) -> None:
    from triggers.services.queue import review_priority_set

    make_concern(sefton, severity=Severity.HIGH)
    make_concern(sefton, quadrant="resources")
    make_concern(wirral)
    review_priority_set(
        councils=[sefton], priority="next_meeting", reason="", set_by=planning_group_member
    )
    form = client_for(planning_group_member).get(MEETINGS).context["form"]
    assert form.initial["councils"] == [sefton.pk, wirral.pk]
    choices = list(form.fields["councils"].choices)
    assert [c[0] for c in choices[:2]] == [sefton.pk, wirral.pk], "in queue order"


def test_planning_a_meeting_puts_the_chosen_councils_on_its_agenda(
    client_for, planning_group_member, wirral, sefton
) -> None:
    response = client_for(planning_group_member).post(
        MEETINGS,
        {
            "held_on_0": "5",
            "held_on_1": "3",
            "held_on_2": "2025",
            "meeting_title": "SLI Planning Group",
            "councils": [str(sefton.pk), str(wirral.pk)],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting_url(meeting)
    assert meeting.held_on == datetime.date(2025, 3, 5)
    assert meeting.created_by == planning_group_member
    assert [i.council.slug for i in meeting.items.order_by("order")] == ["sefton", "wirral"]


def test_a_meeting_needs_a_real_date(client_for, planning_group_member) -> None:
    response = client_for(planning_group_member).post(
        MEETINGS,
        {"held_on_0": "31", "held_on_1": "2", "held_on_2": "2025", "meeting_title": "SLI"},
    )
    assert response.status_code == 400
    assert "The date of the meeting must be a real date, like 27 9 2024" in (
        response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_adding_councils_skips_those_already_on_the_agenda(
    meeting, planning_group_member, wirral
) -> None:
    halton = Council.objects.get(slug="halton")
    added = agenda_items_add(
        meeting=meeting, councils=[wirral, halton], added_by=planning_group_member
    )
    assert [i.council for i in added] == [halton]
    assert list(meeting.items.order_by("order").values_list("council__slug", flat=True)) == [
        "wirral",
        "sefton",
        "halton",
    ]


def test_adding_councils_through_the_meeting_page(
    client_for, planning_group_member, meeting
) -> None:
    halton = Council.objects.get(slug="halton")
    response = client_for(planning_group_member).post(
        meeting_url(meeting), {"step": "add", "add-councils": [str(halton.pk)]}
    )
    assert response.status_code == 302
    assert meeting.items.filter(council=halton).exists()


# Decisions ---------------------------------------------------------------------------------------


def _decide(meeting: Meeting, by: User, **decisions: tuple[str, str]) -> int:
    items = {i.council.slug: i for i in meeting.items.select_related("council")}
    return agenda_decisions_record(
        meeting=meeting,
        decisions=[DecisionEntry(items[slug], *d) for slug, d in decisions.items()],
        decided_by=by,
    )


def test_a_decision_other_than_no_action_needs_reasons(meeting, planning_group_member) -> None:
    with pytest.raises(ReviewRefused, match="Enter the reasons for the decision on Wirral"):
        _decide(
            meeting,
            planning_group_member,
            sefton=(Decision.NO_ACTION, ""),
            wirral=(Decision.MONITOR, "  "),
        )
    assert not AgendaItem.objects.exclude(decision="").exists(), "nothing saved"


def test_no_action_needs_no_reasons(meeting, planning_group_member) -> None:
    assert _decide(meeting, planning_group_member, sefton=(Decision.NO_ACTION, "")) == 1
    item = meeting.items.get(council__slug="sefton")
    assert (item.decision, item.decided_by) == (Decision.NO_ACTION, planning_group_member)


def test_the_decision_form_asks_for_reasons(wirral) -> None:
    form = DecisionForm(
        {"item-1-decision": Decision.RECOMMEND_SUPPORT, "item-1-reasons": ""},
        prefix="item-1",
        council=wirral,
    )
    assert not form.is_valid()
    assert form.errors["reasons"] == ["Enter the reasons for the decision on Wirral"]


def test_recording_decisions_on_the_meeting_page(
    client_for, planning_group_member, risk_assessor, meeting
) -> None:
    items = {i.council.slug: i for i in meeting.items.select_related("council")}
    client = client_for(planning_group_member)
    data = {
        f"item-{items['wirral'].pk}-decision": Decision.RECOMMEND_SUPPORT,
        f"item-{items['wirral'].pk}-reasons": "",
        f"item-{items['sefton'].pk}-decision": Decision.MONITOR,
        f"item-{items['sefton'].pk}-reasons": "Watch the budget",
        "step": "decisions",
    }
    refused = client.post(meeting_url(meeting), data)
    assert refused.status_code == 400
    assert "Enter the reasons for the decision on Wirral" in refused.content.decode()
    assert not AgendaItem.objects.exclude(decision="").exists()
    data[f"item-{items['wirral'].pk}-reasons"] = "Peer mentoring for new managers"
    assert client.post(meeting_url(meeting), data).status_code == 302
    wirral_item = AgendaItem.objects.get(pk=items["wirral"].pk)
    assert wirral_item.decision == Decision.RECOMMEND_SUPPORT
    assert wirral_item.reasons == "Peer mentoring for new managers"
    assert wirral_item.decided_by == planning_group_member
    assert wirral_item.history.first().history_user == planning_group_member
    assert client_for(risk_assessor).post(meeting_url(meeting), data).status_code == 403


# Minutes -----------------------------------------------------------------------------------------


def test_minutes_are_a_real_pdf_with_every_council(
    client_for, planning_group_member, meeting, monkeypatch
) -> None:
    _decide(
        meeting,
        planning_group_member,
        wirral=(Decision.RECOMMEND_INTERVENTION, "Safeguarding backlog"),
        sefton=(Decision.NO_ACTION, ""),
    )
    calls: list[tuple[str, dict[str, Any], str]] = []
    real = review_views.render_pdf

    def spy(template_name: str, context: dict[str, Any], *, title: str) -> bytes:
        calls.append((template_name, context, title))
        return real(template_name, context, title=title)

    monkeypatch.setattr(review_views, "render_pdf", spy)
    response = client_for(planning_group_member).get(minutes_url(meeting, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="minutes-2025-03-05.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000
    [(template_name, context, title)] = calls
    assert (template_name, title) == (
        "pdf/minutes.html",
        "Minutes: SLI Planning Group, 5 March 2025",
    )
    html = render_to_string(template_name, {**context, "document_title": title})
    for text in ("Wirral", "Sefton", "Recommend intervention", "Safeguarding backlog"):
        assert text in html
    assert "{% extends" not in html
    assert "<title>Minutes: SLI Planning Group, 5 March 2025" in html
    assert logged(planning_group_member, "triggers.Meeting", meeting.pk) == 1


def test_minutes_in_excel_open_and_a_formula_is_never_run(
    client_for, regional_admin, meeting
) -> None:
    _decide(meeting, regional_admin, wirral=(Decision.MONITOR, '=HYPERLINK("http://x")'))
    response = client_for(regional_admin).get(minutes_url(meeting, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Council", "Sub-region", "Decision", "Reasons", "Recorded by")
    by_council = {r[0]: r for r in rows[1:]}
    assert by_council["Wirral"][2] == "Monitor"
    assert by_council["Wirral"][3] == '\'=HYPERLINK("http://x")'
    assert by_council["Sefton"][2] == "No decision recorded"
    assert sheet["D2"].data_type != "f"
    assert logged(regional_admin, "triggers.Meeting", meeting.pk) == 1


def test_minutes_come_only_as_pdf_or_excel(client_for, planning_group_member, meeting) -> None:
    assert client_for(planning_group_member).get(minutes_url(meeting, "docx")).status_code == 404


def test_the_meeting_list_counts_decisions(client_for, planning_group_member, meeting) -> None:
    _decide(meeting, planning_group_member, sefton=(Decision.NO_ACTION, ""))
    [listed] = client_for(planning_group_member).get(MEETINGS).context["meetings"]
    assert (listed.councils, listed.decided) == (2, 1)


def test_the_latest_meeting_before_today_sets_what_is_new(planning_group_member) -> None:
    from triggers.selectors.review import last_meeting_before

    today = timezone.localdate()
    Meeting.objects.create(held_on=today, created_by=planning_group_member)
    earlier = Meeting.objects.create(
        held_on=today - datetime.timedelta(days=3), created_by=planning_group_member
    )
    assert last_meeting_before(today) == earlier
