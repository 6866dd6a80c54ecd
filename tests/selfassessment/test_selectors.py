"""Who sees which self-assessment through the selectors, and what a page gets before a council
has started."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfassessment.selectors import (
    review_list,
    self_assessment_get,
    self_assessment_list,
    standard_view_get,
)
from selfassessment.services import answer_save, self_assessment_start

pytestmark = pytest.mark.django_db


def test_a_council_not_yet_started_sees_every_standard_and_no_progress(
    review, wirral, wirral_lead
) -> None:
    page = self_assessment_get(review=review, council=wirral, fetched_by=wirral_lead)

    assert page.self_assessment is None
    assert page.status_label == "Not started"
    assert page.progress.text == "0 of 12 standards answered"
    assert [s.section.title for s in page.sections][0] == "Person-centred and outcomes-focused"
    first = page.sections[0].standards[0]
    assert first.answer is None
    assert not first.is_answered
    assert [d.level for d in first.levels] == [1, 2, 3, 4]
    assert page.events == []


def test_another_councils_self_assessment_is_404_and_a_board_member_403(
    review, wirral, sefton_lead, board_member, planning_group_member, wirral_director
) -> None:
    with pytest.raises(Http404):
        self_assessment_get(review=review, council=wirral, fetched_by=sefton_lead)
    with pytest.raises(PermissionDenied):
        self_assessment_get(review=review, council=wirral, fetched_by=board_member)
    with pytest.raises(PermissionDenied):
        self_assessment_list(review=review, fetched_by=board_member)
    for user in (planning_group_member, wirral_director):
        assert self_assessment_get(review=review, council=wirral, fetched_by=user).council == wirral


def test_the_list_is_scoped_to_the_users_councils(
    review, wirral, wirral_lead, planning_group_member
) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    answer_save(
        self_assessment=sa,
        standard=review.standards.get(code="1.1"),
        level=2,
        narrative="",
        evidence="",
        links="",
        saved_by=wirral_lead,
    )

    own = self_assessment_list(review=review, fetched_by=wirral_lead)
    every = self_assessment_list(review=review, fetched_by=planning_group_member)

    assert [(r.council.name, r.status_label, r.progress_text) for r in own] == [
        ("Wirral", "Draft", "1 of 12 standards answered")
    ]
    assert len(every) == 24
    assert "Cumbria" not in [r.council.name for r in every]
    assert {r.status_label for r in every} == {"Draft", "Not started"}


def test_one_standard_with_its_answer_and_the_reviews(review, wirral, wirral_lead) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    standard = review.standards.get(code="2.1")
    assert standard_view_get(self_assessment=sa, standard=standard).answer is None
    answer_save(
        self_assessment=sa,
        standard=standard,
        level=0,
        narrative="Not yet",
        evidence="",
        links="",
        saved_by=wirral_lead,
    )

    view = standard_view_get(self_assessment=sa, standard=standard)

    assert view.answer.level == 0
    assert view.effective_level == 0
    assert view.is_answered
    assert review_list() == [review]
    assert review_list(year=review.year - 1) == []
