"""The confidential pre-meeting pack: per council on the agenda, its open flags and concerns
with evidence, scorecard summary, support in place, plan progress and last risk assessment;
'confidential' on every page; each download in the access log; the Planning Group's and the
administrator's only."""

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AccessLog, User
from authorities.models import Council
from reports import views as report_views
from reports.meeting_pack import meeting_pack_get
from sli_portal.pdf import render_pdf_html
from support import services as support_services
from support.models import Offer
from support.table1 import table1_load
from tests.triggers.test_review import make_concern
from triggers.models import ConcernStatus, Meeting, RiskAssessment, RiskView
from triggers.services.review import meeting_create
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(planning_group_member: User, wirral: Council, sefton: Council) -> Meeting:
    table2_load()
    table1_load()
    concern = make_concern(wirral, title="Delayed transfers rising", actor=planning_group_member)
    concern.evidence = "2C1 at 14.2 per 100,000 in 2026/27 Q1, 3.1 MADs above the NW median"
    concern.save()
    make_concern(wirral, title="An old closed worry", status=ConcernStatus.CLOSED)
    RiskAssessment.objects.create(
        council=wirral,
        year=2025,
        assessor=planning_group_member,
        discussed_on=datetime.date(2026, 3, 2),
        discussion_participants="DASS; assessor",
        discussion_record="Discussed the budget",
        final_view=RiskView.MEDIUM,
        rationale="Budget pressure",
    )
    support_services.engagement_request(
        council=wirral,
        offer=Offer.objects.get(key="support-buddying"),
        topic="Reablement buddying",
        requested_by=planning_group_member,
    )
    return meeting_create(
        held_on=datetime.date(2026, 12, 10),
        title="SLI Planning Group",
        councils=[wirral, sefton],
        created_by=planning_group_member,
    )


def pack_url(meeting: Meeting) -> str:
    return reverse("reports:meeting_pack", args=[meeting.pk])


def test_the_pack_holds_each_councils_evidence(meeting) -> None:
    html = render_pdf_html(
        "pdf/meeting_pack.html", {"pack": meeting_pack_get(meeting=meeting)}, title="Pack"
    )
    for text in (
        "1. Wirral",
        "2. Sefton",
        "Delayed transfers rising",
        "3.1 MADs above the NW median",
        "Reablement buddying",
        "2025/26: Medium risk",
        "Budget pressure",
        "No scorecard rating has been published",
        "No improvement plan recorded",
        "No risk assessment recorded",
    ):
        assert text in html, text
    assert "An old closed worry" not in html


def test_the_pack_is_confidential_on_every_page_and_each_download_is_logged(
    client_for, planning_group_member, meeting, monkeypatch
) -> None:
    calls: list[str] = []
    real = report_views.render_pdf

    def spy(template_name: str, context: dict[str, Any], *, title: str) -> bytes:
        calls.append(template_name)
        return real(template_name, context, title=title)

    monkeypatch.setattr(report_views, "render_pdf", spy)
    client = client_for(planning_group_member)
    response = client.get(pack_url(meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="pre-meeting-pack-2026-12-10.pdf"' in response["Content-Disposition"]
    assert calls == ["pdf/meeting_pack.html"], "through the one render_pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) >= 3, "a cover and a page per council"
    for page in pages:
        assert "CONFIDENTIAL" in page.extract_text()
    client.get(pack_url(meeting))
    logged = AccessLog.objects.filter(
        user=planning_group_member, record_type="triggers.Meeting", record_id=str(meeting.pk)
    )
    assert list(logged.values_list("action", flat=True)) == ["downloaded pack"] * 2


@pytest.mark.parametrize(
    "name", ["risk_assessor", "board_member", "wirral_lead", "wirral_director", "sefton_lead"]
)
def test_only_the_planning_group_and_administrator_get_the_pack(
    name, request, client_for, meeting
) -> None:
    user = request.getfixturevalue(name)
    assert client_for(user).get(pack_url(meeting)).status_code == 403
    assert not AccessLog.objects.filter(record_type="triggers.Meeting").exists()


def test_the_administrator_gets_the_pack(client_for, regional_admin, meeting) -> None:
    assert client_for(regional_admin).get(pack_url(meeting)).status_code == 200
