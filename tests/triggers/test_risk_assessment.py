"""The annual risk assessment (MoU 2.1 b, i): the concerns considered, the discussion with the
council before any final view, the final view with the tier of Table 1 recommended, sharing it
with the council and the council's response."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from sli_portal.financial_years import financial_year_of
from tests.triggers.test_review import COUNCIL_USERS, assert_sign_in, logged, make_concern, persona
from triggers.forms.review import ConclusionForm
from triggers.models import ConcernStatus, RiskAssessment, RiskView, SupportTier, Visibility
from triggers.services.review import (
    DISCUSSION_FIRST,
    ReviewRefused,
    risk_assessment_conclude,
    risk_assessment_discussion_record,
    risk_assessment_record,
    risk_assessment_respond,
    risk_assessment_share,
)
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture(autouse=True)
def _table2(db: None) -> None:
    table2_load()


def url(slug: str = "wirral", year: int = YEAR) -> str:
    return reverse("triggers:assessment", kwargs={"slug": slug, "year": year})


def council_url(slug: str = "wirral", year: int = YEAR) -> str:
    return reverse("triggers:council_assessment", kwargs={"slug": slug, "year": year})


def share_url(slug: str = "wirral", year: int = YEAR) -> str:
    return reverse("triggers:assessment_share", kwargs={"slug": slug, "year": year})


def started(council: Council, by: User) -> RiskAssessment:
    return risk_assessment_record(council=council, year=YEAR, concerns=[], recorded_by=by)


def discussed(council: Council, by: User) -> RiskAssessment:
    return risk_assessment_discussion_record(
        assessment=started(council, by),
        discussed_on=datetime.date(2025, 2, 14),
        participants="The assessor; the council's DASS",
        record="We discussed staffing.",
        council_position="The council agrees.",
        recorded_by=by,
    )


def concluded(council: Council, by: User) -> RiskAssessment:
    return risk_assessment_conclude(
        assessment=discussed(council, by),
        final_view=RiskView.MEDIUM,
        rationale="One serious concern, being acted on.",
        recommended_tier=SupportTier.TARGETED,
        recommendation="Peer mentoring for the new heads of service.",
        concluded_by=by,
    )


DISCUSSION_POST = {
    "step": "discussion",
    "discussion-discussed_on_0": "14",
    "discussion-discussed_on_1": "2",
    "discussion-discussed_on_2": "2025",
    "discussion-participants": "The assessor; the council's DASS",
    "discussion-record": "We discussed staffing.",
    "discussion-council_position": "",
}
CONCLUSION_POST = {
    "step": "conclusion",
    "conclusion-final_view": RiskView.HIGH,
    "conclusion-rationale": "Serious concerns about safeguarding.",
    "conclusion-recommended_tier": SupportTier.INTERVENTION,
    "conclusion-recommendation": "An LGA peer review of safeguarding.",
}


# Who may see and do what ----------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client_for) -> None:
    client = client_for(None)
    assert_sign_in(client.get(url()))
    assert_sign_in(client.get(council_url()))
    assert_sign_in(client.post(share_url()))


@pytest.mark.parametrize("name", [*COUNCIL_USERS, "board_member"])
def test_council_users_and_board_members_may_not_see_the_assessors_page(
    name, request, client_for
) -> None:
    assert client_for(persona(request, name)).get(url()).status_code == 403


@pytest.mark.parametrize("name", ["risk_assessor", "regional_admin"])
def test_risk_assessor_and_administrator_may_assess(name, request, client_for) -> None:
    response = client_for(persona(request, name)).get(url())
    assert response.status_code == 200
    assert response.context["may_assess"] is True


def test_planning_group_member_may_read_but_not_assess(
    client_for, planning_group_member, risk_assessor, wirral
) -> None:
    record = concluded(wirral, risk_assessor)
    client = client_for(planning_group_member)
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["may_assess"] is False
    assert "One serious concern, being acted on." in response.content.decode()
    assert client.post(url(), CONCLUSION_POST).status_code == 403
    assert client.post(share_url()).status_code == 403
    assert logged(planning_group_member, "triggers.RiskAssessment", record.pk) == 1


def test_a_year_before_the_mou_or_in_the_future_is_404(client_for, risk_assessor) -> None:
    client = client_for(risk_assessor)
    assert client.get(url(year=2012)).status_code == 404
    future = financial_year_of(timezone.localdate()) + 1
    assert client.get(url(year=future)).status_code == 404


def test_sharing_refuses_a_get(client_for, risk_assessor) -> None:
    assert client_for(risk_assessor).get(share_url()).status_code == 405


# The concerns considered ------------------------------------------------------------------------


def test_the_assessor_chooses_among_the_councils_open_concerns(
    client_for, risk_assessor, wirral, sefton
) -> None:
    open_one = make_concern(wirral, status=ConcernStatus.CONFIRMED, title="Open one")
    make_concern(wirral, status=ConcernStatus.CLOSED, title="Closed one")
    make_concern(sefton, title="Sefton's")
    client = client_for(risk_assessor)
    form = client.get(url()).context["forms"]["concerns"]
    assert [c[1] for c in form.fields["concerns"].choices] == ["Open one"]
    response = client.post(url(), {"step": "concerns", "concerns-concerns": [str(open_one.pk)]})
    assert response.status_code == 302
    record = RiskAssessment.objects.get(council=wirral, year=YEAR)
    assert list(record.concerns.all()) == [open_one]
    assert record.assessor == risk_assessor
    assert record.history.latest().history_user == risk_assessor


def test_another_councils_concern_cannot_be_considered(risk_assessor, wirral, sefton) -> None:
    with pytest.raises(ReviewRefused):
        risk_assessment_record(
            council=wirral, year=YEAR, concerns=[make_concern(sefton)], recorded_by=risk_assessor
        )
    assert not RiskAssessment.objects.exists()


# No final view before the discussion (MoU 2.1 b) ---------------------------------------------


def test_the_service_refuses_a_final_view_before_the_discussion(risk_assessor, wirral) -> None:
    record = started(wirral, risk_assessor)
    with pytest.raises(ReviewRefused, match=r"before taking a final view \(MoU 2\.1 b\)"):
        risk_assessment_conclude(
            assessment=record,
            final_view=RiskView.LOW,
            rationale="No concerns",
            concluded_by=risk_assessor,
        )
    record.refresh_from_db()
    assert (record.final_view, record.rationale) == ("", "")


def test_the_form_refuses_a_final_view_before_the_discussion() -> None:
    data = {k: v for k, v in CONCLUSION_POST.items() if k != "step"}
    form = ConclusionForm(data, discussed=False)
    assert not form.is_valid()
    assert form.non_field_errors() == [DISCUSSION_FIRST]
    assert ConclusionForm(data, discussed=True).is_valid()


def test_the_page_refuses_a_final_view_before_the_discussion_and_saves_nothing(
    client_for, risk_assessor, wirral
) -> None:
    client = client_for(risk_assessor)
    before = client.post(url(), CONCLUSION_POST)
    assert before.status_code == 400
    content = before.content.decode()
    assert "govuk-error-summary" in content
    assert (
        "Record the discussion with the council before taking a final view (MoU 2.1 b)" in content
    )
    assert not RiskAssessment.objects.exists()
    started(wirral, risk_assessor)
    assert client.post(url(), CONCLUSION_POST).status_code == 400
    assert RiskAssessment.objects.get().final_view == ""


def test_the_database_refuses_a_final_view_without_a_discussion(risk_assessor, wirral) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskAssessment.objects.create(
            council=wirral, year=YEAR, assessor=risk_assessor, final_view=RiskView.HIGH
        )


def test_a_discussion_cannot_be_dated_in_the_future(risk_assessor, wirral) -> None:
    with pytest.raises(ReviewRefused, match="today or in the past"):
        risk_assessment_discussion_record(
            assessment=started(wirral, risk_assessor),
            discussed_on=timezone.localdate() + datetime.timedelta(days=1),
            participants="x",
            record="y",
            council_position="",
            recorded_by=risk_assessor,
        )


def test_recording_the_discussion_then_the_final_view_on_the_page(
    client_for, risk_assessor, wirral
) -> None:
    started(wirral, risk_assessor)
    client = client_for(risk_assessor)
    assert client.post(url(), DISCUSSION_POST).status_code == 302
    record = RiskAssessment.objects.get()
    assert record.discussed_on == datetime.date(2025, 2, 14)
    assert record.discussion_participants == "The assessor; the council's DASS"
    response = client.post(url(), CONCLUSION_POST)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.final_view == RiskView.HIGH
    assert record.recommended_tier == SupportTier.INTERVENTION
    assert record.recommendation == "An LGA peer review of safeguarding."
    assert record.history.count() >= 3


def test_the_recommendation_is_a_tier_of_table_1(risk_assessor, wirral) -> None:
    record = discussed(wirral, risk_assessor)
    with pytest.raises(ReviewRefused, match="Choose a tier of Table 1"):
        risk_assessment_conclude(
            assessment=record,
            final_view=RiskView.LOW,
            rationale="Fine",
            recommended_tier="a nice lunch",
            concluded_by=risk_assessor,
        )


def test_support_described_without_a_tier_is_refused(risk_assessor, wirral) -> None:
    record = discussed(wirral, risk_assessor)
    with pytest.raises(ReviewRefused, match="Choose the tier of Table 1"):
        risk_assessment_conclude(
            assessment=record,
            final_view=RiskView.MEDIUM,
            rationale="Fine",
            recommendation="Some mentoring",
            concluded_by=risk_assessor,
        )
    data = {k: v for k, v in CONCLUSION_POST.items() if k != "step"}
    form = ConclusionForm({**data, "conclusion-recommended_tier": ""}, discussed=True)
    assert form.errors["recommended_tier"] == [
        "Choose the tier of Table 1 for the support you recommend"
    ]


# Sharing with the council and its response ---------------------------------------------------


def test_sharing_needs_a_final_view(client_for, risk_assessor, wirral) -> None:
    discussed(wirral, risk_assessor)
    response = client_for(risk_assessor).post(share_url(), follow=True)
    assert "Take the final view before sharing the risk assessment" in response.content.decode()
    assert RiskAssessment.objects.get().shared_with_council_at is None


def test_the_council_sees_its_assessment_only_once_shared(
    client_for, risk_assessor, wirral_lead, wirral_director, sefton_lead, board_member, wirral
) -> None:
    concluded(wirral, risk_assessor)
    assert client_for(wirral_lead).get(council_url()).status_code == 404
    assert client_for(wirral_director).get(council_url()).status_code == 404
    response = client_for(risk_assessor).post(share_url())
    assert response.status_code == 302
    record = RiskAssessment.objects.get()
    assert record.shared_with_council_at is not None
    page = client_for(wirral_lead).get(council_url())
    assert page.status_code == 200
    assert "One serious concern, being acted on." in page.content.decode()
    assert "Targeted Support" in page.content.decode()
    assert "Peer mentoring for the new heads of service." in page.content.decode()
    assert logged(wirral_lead, "triggers.RiskAssessment", record.pk) == 1
    assert client_for(sefton_lead).get(council_url()).status_code == 404
    assert client_for(sefton_lead).get(council_url("sefton")).status_code == 404
    assert client_for(board_member).get(council_url()).status_code == 403


def test_the_council_sees_only_the_concerns_shared_with_it(
    client_for, risk_assessor, wirral_lead, wirral
) -> None:
    shared = make_concern(
        wirral,
        title="Shared staffing concern",
        status=ConcernStatus.SHARED,
        visibility=Visibility.SHARED,
    )
    private = make_concern(wirral, title="Private intelligence")
    record = risk_assessment_record(
        council=wirral, year=YEAR, concerns=[shared, private], recorded_by=risk_assessor
    )
    record = risk_assessment_discussion_record(
        assessment=record,
        discussed_on=datetime.date(2025, 2, 14),
        participants="x",
        record="y",
        council_position="",
        recorded_by=risk_assessor,
    )
    record = risk_assessment_conclude(
        assessment=record,
        final_view=RiskView.LOW,
        rationale="Fine",
        concluded_by=risk_assessor,
    )
    risk_assessment_share(assessment=record, shared_by=risk_assessor)
    content = client_for(wirral_lead).get(council_url()).content.decode()
    assert "Shared staffing concern" in content
    assert "Private intelligence" not in content


def test_once_shared_the_assessment_no_longer_changes(client_for, risk_assessor, wirral) -> None:
    record = risk_assessment_share(
        assessment=concluded(wirral, risk_assessor), shared_by=risk_assessor
    )
    with pytest.raises(ReviewRefused, match="shared with the council"):
        risk_assessment_conclude(
            assessment=record,
            final_view=RiskView.LOW,
            rationale="Changed my mind",
            concluded_by=risk_assessor,
        )
    response = client_for(risk_assessor).get(url())
    assert response.context["may_assess"] is False


def test_the_council_records_its_response(
    client_for, risk_assessor, wirral_director, planning_group_member, wirral
) -> None:
    risk_assessment_share(assessment=concluded(wirral, risk_assessor), shared_by=risk_assessor)
    client = client_for(wirral_director)
    empty = client.post(council_url(), {"response": " "})
    assert empty.status_code == 400
    assert "Enter your response" in empty.content.decode()
    response = client.post(council_url(), {"response": "We accept peer mentoring."})
    assert response.status_code == 302
    record = RiskAssessment.objects.get()
    assert record.council_response == "We accept peer mentoring."
    assert record.council_responded_at is not None
    assert record.history.latest().history_user == wirral_director
    assert (
        "We accept peer mentoring." in client_for(planning_group_member).get(url()).content.decode()
    )


def test_the_council_cannot_respond_before_sharing(wirral_director, risk_assessor, wirral) -> None:
    with pytest.raises(ReviewRefused, match="has not been shared"):
        risk_assessment_respond(
            assessment=concluded(wirral, risk_assessor),
            response="Early",
            responded_by=wirral_director,
        )


def test_the_planning_group_may_read_the_councils_view_but_not_respond(
    client_for, risk_assessor, planning_group_member, wirral
) -> None:
    risk_assessment_share(assessment=concluded(wirral, risk_assessor), shared_by=risk_assessor)
    client = client_for(planning_group_member)
    assert client.get(council_url()).status_code == 200
    assert client.post(council_url(), {"response": "Not ours"}).status_code == 403
