"""A council's private self-check against Table 2 (MoU 2.1 h): its own users fill it in and
save it at any time; nobody else sees it until the council shares it with the Planning Group."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from sli_portal.financial_years import financial_year_of
from tests.triggers.test_review import assert_sign_in, logged, make_concern, trigger_in
from triggers.forms.review import answer_name, notes_name
from triggers.models import ConcernStatus, SelfCheck, SelfCheckAnswer, Trigger, Visibility
from triggers.services.review import ReviewRefused, self_check_save, self_check_share
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

YEAR = financial_year_of(timezone.localdate())
NO_CONCERN = SelfCheckAnswer.Answer.NO_CONCERN
LIST = reverse("triggers:self_checks")


@pytest.fixture(autouse=True)
def _table2(db: None) -> None:
    table2_load()


def url(slug: str = "wirral", year: int = YEAR) -> str:
    return reverse("triggers:self_check", kwargs={"slug": slug, "year": year})


def share_url(slug: str = "wirral", year: int = YEAR) -> str:
    return reverse("triggers:self_check_share", kwargs={"slug": slug, "year": year})


def complete(council: Council, by: User) -> SelfCheck:
    answers = {t: (NO_CONCERN, "") for t in Trigger.objects.filter(active=True)}
    return self_check_save(council=council, year=YEAR, answers=answers, saved_by=by)


# Who may see it ----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client_for) -> None:
    assert_sign_in(client_for(None).get(url()))
    assert_sign_in(client_for(None).get(LIST))


@pytest.mark.parametrize("name", ["wirral_lead", "wirral_director"])
def test_the_councils_own_users_fill_it_in(name, request, client_for) -> None:
    response = client_for(request.getfixturevalue(name)).get(url())
    assert response.status_code == 200
    assert response.context["may_edit"] is True
    page = response.context["page"]
    assert [s.quadrant.key for s in page.sections] == [
        "outcomes",
        "resources",
        "other",
        "stakeholders",
    ]
    assert len(page.triggers) == Trigger.objects.filter(active=True).count() == 21


def test_another_councils_user_gets_404(client_for, sefton_lead, wirral_lead, wirral) -> None:
    complete(wirral, wirral_lead)
    assert client_for(sefton_lead).get(url()).status_code == 404
    self_check_share(self_check=SelfCheck.objects.get(), shared_by=wirral_lead)
    assert client_for(sefton_lead).get(url()).status_code == 404, "sharing is with the region"
    assert client_for(sefton_lead).post(share_url()).status_code == 404


def test_a_board_member_may_not_see_it(client_for, board_member) -> None:
    assert client_for(board_member).get(url()).status_code == 403
    assert client_for(board_member).get(LIST).status_code == 403


@pytest.mark.parametrize("name", ["planning_group_member", "risk_assessor", "regional_admin"])
def test_the_planning_group_sees_it_only_once_shared(
    name, request, client_for, wirral_lead, wirral
) -> None:
    reviewer = request.getfixturevalue(name)
    client = client_for(reviewer)
    assert client.get(url()).status_code == 404, "no self-check yet"
    check = complete(wirral, wirral_lead)
    assert client.get(url()).status_code == 404, "not shared yet"
    assert client.get(LIST).context["self_checks"] == []
    self_check_share(self_check=check, shared_by=wirral_lead)
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["may_edit"] is False
    assert [c.pk for c in client.get(LIST).context["self_checks"]] == [check.pk]
    assert logged(reviewer, "triggers.SelfCheck", check.pk) == 1
    assert client.post(url(), {}).status_code == 403, "read only"


def test_council_users_may_not_see_the_list_of_shared_self_checks(client_for, wirral_lead) -> None:
    assert client_for(wirral_lead).get(LIST).status_code == 403


def test_a_year_in_the_future_is_404(client_for, wirral_lead) -> None:
    assert client_for(wirral_lead).get(url(year=YEAR + 1)).status_code == 404


def test_sharing_refuses_a_get(client_for, wirral_lead) -> None:
    assert client_for(wirral_lead).get(share_url()).status_code == 405


# Filling it in -----------------------------------------------------------------------------------


def test_it_can_be_saved_part_way_through(client_for, wirral_lead, wirral) -> None:
    ascof, staff = trigger_in("outcomes", 1), trigger_in("resources", 4)
    response = client_for(wirral_lead).post(
        url(),
        {
            answer_name(ascof.pk): SelfCheckAnswer.Answer.WATCH,
            notes_name(ascof.pk): "Delayed transfers rising",
            answer_name(staff.pk): SelfCheckAnswer.Answer.CONCERN,
        },
    )
    assert response.status_code == 302
    check = SelfCheck.objects.get(council=wirral, year=YEAR)
    assert check.updated_by == wirral_lead
    assert check.shared_at is None
    answers = {a.trigger_id: (a.answer, a.notes) for a in check.answers.all()}
    assert answers == {
        ascof.pk: (SelfCheckAnswer.Answer.WATCH, "Delayed transfers rising"),
        staff.pk: (SelfCheckAnswer.Answer.CONCERN, ""),
    }
    again = client_for(wirral_lead).get(url())
    assert again.context["form"].initial[answer_name(ascof.pk)] == SelfCheckAnswer.Answer.WATCH
    assert again.context["page"].unanswered == 19


def test_notes_without_an_answer_are_refused(client_for, wirral_lead) -> None:
    ascof = trigger_in("outcomes", 1)
    response = client_for(wirral_lead).post(url(), {notes_name(ascof.pk): "Thinking about it"})
    assert response.status_code == 400
    assert "Choose an answer for ASCOF Measures, or clear its notes" in response.content.decode()
    assert not SelfCheck.objects.exists()


def test_saving_the_same_answers_again_writes_no_history(wirral_lead, wirral) -> None:
    check = complete(wirral, wirral_lead)
    rows = SelfCheckAnswer.history.count()  # type: ignore[attr-defined]
    complete(wirral, wirral_lead)
    assert SelfCheckAnswer.history.count() == rows  # type: ignore[attr-defined]
    assert check.answers.count() == 21


# Sharing -----------------------------------------------------------------------------------------


def test_sharing_needs_every_trigger_answered(client_for, wirral_lead, wirral) -> None:
    check = self_check_save(
        council=wirral,
        year=YEAR,
        answers={trigger_in("outcomes", 1): (NO_CONCERN, "")},
        saved_by=wirral_lead,
    )
    with pytest.raises(ReviewRefused, match=r"\(20 not answered\)"):
        self_check_share(self_check=check, shared_by=wirral_lead)
    response = client_for(wirral_lead).post(share_url(), follow=True)
    assert "Answer every trigger before sharing" in response.content.decode()
    check.refresh_from_db()
    assert check.shared_at is None


def test_sharing_on_the_page(client_for, wirral_director, wirral) -> None:
    complete(wirral, wirral_director)
    response = client_for(wirral_director).post(share_url())
    assert response.status_code == 302
    check = SelfCheck.objects.get()
    assert check.shared_at is not None
    assert check.history.latest().history_user == wirral_director


def test_the_planning_group_cannot_share_a_councils_self_check(
    client_for, planning_group_member, wirral_lead, wirral
) -> None:
    complete(wirral, wirral_lead)
    assert client_for(planning_group_member).post(share_url()).status_code == 403
    assert SelfCheck.objects.get().shared_at is None


# Context -----------------------------------------------------------------------------------------


def test_only_automatic_concerns_shared_with_the_council_are_shown(
    client_for, wirral_lead, wirral, sefton
) -> None:
    make_concern(
        wirral,
        title="Shared finding from data",
        automatic_key="measure_outlier:1",
        status=ConcernStatus.SHARED,
        visibility=Visibility.SHARED,
    )
    make_concern(wirral, title="Unshared finding from data", automatic_key="measure_outlier:2")
    make_concern(
        wirral,
        title="Raised for the board, not yet shared",
        automatic_key="measure_outlier:3",
        visibility=Visibility.BOARD_SUMMARY,
    )
    make_concern(
        wirral,
        title="Shared soft intelligence",
        status=ConcernStatus.SHARED,
        visibility=Visibility.SHARED,
    )
    make_concern(
        sefton,
        title="Sefton finding",
        automatic_key="measure_outlier:1",
        status=ConcernStatus.SHARED,
        visibility=Visibility.SHARED,
    )
    response = client_for(wirral_lead).get(url())
    assert [c.title for c in response.context["page"].automatic] == ["Shared finding from data"]
    content = response.content.decode()
    assert "Shared finding from data" in content
    for hidden in (
        "Unshared finding from data",
        "Raised for the board, not yet shared",
        "Sefton finding",
    ):
        assert hidden not in content
