"""The Planning Group's pages: the list of a review's self-assessments, moderation of one
answer, and the regional report with its narrative, publication and exports."""

import datetime
import io
import re
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from authorities.models import Council
from selfassessment.models import Answer, SelfAssessment, Standard
from selfassessment.services import (
    answer_moderate,
    regional_report_publish,
    regional_report_save,
    self_assessment_sign_off,
    self_assessment_start,
)
from tests.conftest import make_user
from tests.selfassessment.helpers import TODAY, answer_all, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(review, wirral, sefton, wirral_lead, wirral_director, sefton_lead, planning_group_member):
    """Wirral submitted and signed off (1.1 at Level 4, 4.1 below Level 1); Sefton submitted
    (Level 1 throughout, 1.2 moderated to Level 2); Bolton a draft; the rest not started."""
    wirral_sa = submitted(review, wirral, wirral_lead, level=3, levels={"1.1": 4, "4.1": 0})
    self_assessment_sign_off(self_assessment=wirral_sa, signed_off_by=wirral_director)
    sefton_sa = submitted(review, sefton, sefton_lead, level=1)
    answer_moderate(
        answer=sefton_sa.answers.get(standard__code="1.2"),
        level=2,
        reasons="Reablement outcomes are monitored monthly",
        moderated_by=planning_group_member,
    )
    bolton = Council.objects.get(slug="bolton")
    bolton_lead = make_user("bo.lead@bolton.example", Role.PERFORMANCE_LEAD, bolton)
    draft = self_assessment_start(review=review, council=bolton, started_by=bolton_lead)
    answer_all(draft, bolton_lead, level=2)
    return review


def url(name: str, review, **kwargs) -> str:
    return reverse(f"selfassessment:{name}", kwargs={"pk": review.pk, **kwargs})


# The list ------------------------------------------------------------------------------------


def test_the_planning_group_sees_every_councils_status_progress_and_moderation(
    world, client_for, planning_group_member
) -> None:
    response = client_for(planning_group_member).get(url("review_list", world))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'<th scope="row" class="govuk-table__header">([^<]+)</th>(.*?)</tr>', html, re.S
        )
    }
    assert "Signed off" in rows["Wirral"]
    assert "Submitted" in rows["Sefton"]
    assert ">1<" in rows["Sefton"]
    assert "Draft" in rows["Bolton"]
    assert "12 of 12 standards answered" in rows["Bolton"]
    assert "Not started" in rows["Halton"]
    assert url("moderate", world, council_slug="sefton", code="1.1") in html


@pytest.mark.parametrize("persona", ["wirral_lead", "wirral_director", "board_member"])
def test_council_users_and_board_members_may_not_list_self_assessments(
    world, client_for, request, persona
) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get(url("review_list", world)).status_code == 403


def test_anonymous_is_sent_to_sign_in(world, client_for) -> None:
    response = client_for(None).get(url("review_list", world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Moderation ----------------------------------------------------------------------------------


def test_the_moderation_page_shows_the_claim_narrative_and_evidence(
    world, client_for, planning_group_member
) -> None:
    response = client_for(planning_group_member).get(
        url("moderate", world, council_slug="wirral", code="1.1")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Level 4" in html
    assert "How we meet 1.1" in html
    assert "Audit report" in html
    assert 'name="level"' in html
    assert 'name="reasons"' in html


def test_a_different_level_needs_reasons(world, client_for, planning_group_member) -> None:
    response = client_for(planning_group_member).post(
        url("moderate", world, council_slug="wirral", code="1.1"), {"level": "3", "reasons": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Enter the reasons for moderating 1.1 to Level 3 when the council claimed Level 4" in html
    )
    assert html.count("There is a problem") == 1
    assert 'href="#id_reasons"' in html
    assert not Answer.objects.filter(moderated_level__isnull=False, standard__code="1.1").exists()


def test_a_moderated_level_is_kept_beside_the_claim_and_shown(
    world, client_for, planning_group_member, wirral
) -> None:
    client = client_for(planning_group_member)
    page = url("moderate", world, council_slug="wirral", code="1.1")
    response = client.post(page, {"level": "3", "reasons": "No outcomes framework yet"})
    assert response.status_code == 302
    answer = Answer.objects.get(self_assessment__council=wirral, standard__code="1.1")
    assert (answer.level, answer.moderated_level) == (4, 3)
    assert answer.moderated_by == planning_group_member
    html = client.get(page).content.decode()
    assert "No outcomes framework yet" in html
    assert "Level 4" in html
    assert "Level 3" in html


def test_the_same_level_needs_no_reasons(world, client_for, planning_group_member, wirral) -> None:
    response = client_for(planning_group_member).post(
        url("moderate", world, council_slug="wirral", code="1.2"), {"level": "3"}
    )
    assert response.status_code == 302
    assert (
        Answer.objects.get(self_assessment__council=wirral, standard__code="1.2").moderated_level
        == 3
    )


def test_a_draft_cannot_be_moderated(world, client_for, planning_group_member) -> None:
    client = client_for(planning_group_member)
    page = url("moderate", world, council_slug="bolton", code="1.1")
    assert "has not submitted its self-assessment" in client.get(page).content.decode()
    response = client.post(page, {"level": "1", "reasons": "x"})
    assert response.status_code == 400
    assert not Answer.objects.filter(moderated_level__isnull=False, standard__code="1.1").exists()


@pytest.mark.parametrize("persona", ["wirral_lead", "sefton_lead", "board_member"])
def test_only_the_planning_group_and_administrator_moderate(
    world, client_for, request, persona
) -> None:
    user = request.getfixturevalue(persona)
    page = url("moderate", world, council_slug="wirral", code="1.1")
    assert client_for(user).post(page, {"level": "1", "reasons": "x"}).status_code == 403


def test_an_unknown_standard_or_council_is_404(world, client_for, regional_admin) -> None:
    client = client_for(regional_admin)
    assert client.get(url("moderate", world, council_slug="wirral", code="9.9")).status_code == 404
    assert client.get(url("moderate", world, council_slug="nowhere", code="1.1")).status_code == 404


# The regional report -------------------------------------------------------------------------


def test_before_publication_only_the_regional_roles_see_the_report(
    world,
    client_for,
    planning_group_member,
    risk_assessor,
    regional_admin,
    wirral_lead,
    board_member,
) -> None:
    for user in (planning_group_member, risk_assessor, regional_admin):
        assert client_for(user).get(url("report", world)).status_code == 200
    for user in (wirral_lead, board_member):
        assert client_for(user).get(url("report", world)).status_code == 403
        assert client_for(user).get(url("report_pdf", world)).status_code == 403
        assert client_for(user).get(url("report_xlsx", world)).status_code == 403


def _publish(review, by) -> None:
    review.closes_on = TODAY - datetime.timedelta(days=1)
    review.save()
    regional_report_save(
        review=review, summary="A strong year", strengths="", areas_for_development="", saved_by=by
    )
    regional_report_publish(review=review, published_by=by)


def test_after_publication_every_signed_in_user_sees_the_report(
    world, client_for, planning_group_member, wirral_lead, sefton_lead, board_member
) -> None:
    _publish(world, planning_group_member)
    for user in (wirral_lead, sefton_lead, board_member):
        response = client_for(user).get(url("report", world))
        assert response.status_code == 200
        assert "Publish the regional report" not in response.content.decode()
    assert client_for(None).get(url("report", world)).status_code == 302


def test_the_report_shows_strengths_areas_and_positions(
    world, client_for, planning_group_member
) -> None:
    html = client_for(planning_group_member).get(url("report", world)).content.decode()
    strengths = html[html.index('id="strengths"') : html.index('id="areas"')]
    assert "1.1 Commissioning is based on the outcomes that matter to people" in strengths
    assert "Wirral" in strengths
    areas = html[html.index('id="areas"') : html.index('id="positions"')]
    assert "Sefton" in areas
    assert "Level 2 (claimed Level 1)" in html  # Sefton's moderated 1.2
    assert "Below Level 1" in html
    assert 'role="img"' in html
    assert "<title" in html


def test_the_chart_and_the_table_carry_the_same_numbers(
    world, client_for, planning_group_member
) -> None:
    html = client_for(planning_group_member).get(url("report", world)).content.decode()
    chart = {
        (m.group(1), m.group(2)): int(m.group(3))
        for m in re.finditer(
            r'data-standard="([^"]+)" data-category="([^"]+)" data-count="(\d+)"', html
        )
    }
    header = re.search(
        r'<table class="govuk-table" id="distribution-table">.*?</thead>', html, re.S
    )
    assert header is not None
    labels = re.findall(r'header--numeric">([^<]+)</th>', header.group(0))
    assert labels == [
        "Below Level 1",
        "Level 1",
        "Level 2",
        "Level 3",
        "Level 4",
        "Not answered",
        "Not submitted",
    ]
    keys = ["0", "1", "2", "3", "4", "not_answered", "not_submitted"]
    table = {}
    for code, cells in re.findall(
        r'<tr class="govuk-table__row" data-standard="([^"]+)">(.*?)</tr>', html, re.S
    ):
        counts = [int(n) for n in re.findall(r'numeric">(\d+)</td>', cells)]
        table.update({(code, k): n for k, n in zip(keys, counts, strict=True) if n})
    assert table == chart
    assert chart[("1.1", "4")] == 1  # Wirral
    assert chart[("4.1", "0")] == 1  # Wirral, below Level 1
    assert chart[("1.2", "2")] == 1  # Sefton, moderated
    councils = Council.objects.active_between(
        datetime.date(world.year, 4, 1), datetime.date(world.year + 1, 3, 31)
    ).count()
    assert chart[("1.1", "not_submitted")] == councils - 2


def test_the_planning_group_writes_the_narrative(world, client_for, planning_group_member) -> None:
    client = client_for(planning_group_member)
    assert client.get(url("report_edit", world)).status_code == 200
    response = client.post(
        url("report_edit", world),
        {
            "summary": "Commissioning is strong",
            "strengths": "Wirral",
            "areas_for_development": "Markets",
        },
    )
    assert response.status_code == 302
    world.refresh_from_db()
    assert world.report_summary == "Commissioning is strong"
    assert world.report_updated_by == planning_group_member
    assert "Commissioning is strong" in client.get(url("report", world)).content.decode()


def test_a_risk_assessor_may_read_but_not_write_the_report(
    world, client_for, risk_assessor
) -> None:
    client = client_for(risk_assessor)
    assert client.get(url("report_edit", world)).status_code == 403
    assert client.post(url("report_publish", world)).status_code == 403


def test_publishing_an_open_review_is_refused(world, client_for, planning_group_member) -> None:
    response = client_for(planning_group_member).post(url("report_publish", world))
    assert response.status_code == 400
    assert "The regional report can be published after that" in response.content.decode()
    world.refresh_from_db()
    assert not world.report_is_published


def test_publishing_after_the_closing_date(world, client_for, planning_group_member) -> None:
    world.closes_on = TODAY - datetime.timedelta(days=1)
    world.report_summary = "Written"
    world.save()
    client = client_for(planning_group_member)
    assert client.get(url("report_publish", world)).status_code == 405
    assert client.post(url("report_publish", world)).status_code == 302
    world.refresh_from_db()
    assert world.report_published_by == planning_group_member


def test_the_pdf_names_a_strength_council_and_a_standard(
    world, client_for, planning_group_member, tmp_path
) -> None:
    response = client_for(planning_group_member).get(url("report_pdf", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    strengths = text[text.index("Strengths: councils at Level 4") :]
    assert "Wirral" in strengths
    assert "Commissioning is based on the outcomes that matter to people" in strengths


def test_the_spreadsheet_is_readable_and_formula_safe(
    world, client_for, planning_group_member
) -> None:
    Standard.objects.filter(review=world, code="1.1").update(title='=HYPERLINK("http://x")')
    response = client_for(planning_group_member).get(url("report_xlsx", world))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Distribution", "Positions"]
    rows = list(book["Distribution"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Standard code", "Standard", "Key element", "Below Level 1")
    first = next(r for r in rows if r[0] == "1.1")
    assert first[1] == '\'=HYPERLINK("http://x")'
    assert first[3:9] == (0, 1, 0, 0, 1, 0)  # Sefton at Level 1, Wirral at Level 4
    positions = list(book["Positions"].iter_rows(values_only=True))
    wirral = [r for r in positions if r[0] == "Wirral" and r[3] == "1.1"]
    assert wirral[0][1:] == (
        "Signed off",
        "Person-centred and outcomes-focused",
        "1.1",
        '\'=HYPERLINK("http://x")',
        "Yes",
        "Level 4",
        None,
        "Level 4",
    )
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_sign_off_status_is_listed(world, wirral) -> None:
    assert SelfAssessment.objects.get(review=world, council=wirral).is_signed_off
