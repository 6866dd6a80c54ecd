"""The regional report: distribution of effective levels per standard, strengths (named),
areas for development (a third or more below Level 2), each council's position; the narrative
and publication; and the reads other apps use (Level 1 failures, top-level standards)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from authorities.models import Council
from selfassessment.models import ThematicReview
from selfassessment.selectors import (
    TopLevelStandard,
    level1_failures,
    regional_report_get,
    top_level_standards,
)
from selfassessment.services import (
    SelfAssessmentRefused,
    answer_moderate,
    regional_report_publish,
    regional_report_save,
    self_assessment_start,
)
from tests.selfassessment.helpers import FY, TODAY, answer_all, import_demo, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(review, wirral, sefton, wirral_lead, sefton_lead, planning_group_member):
    """Wirral submitted (4.1 below Level 1, 1.1 at Level 4); Sefton submitted (all Level 1, 1.1
    claimed Level 4 but moderated to Level 2); Bolton a draft; everyone else not started."""
    from accounts.models import Role
    from tests.conftest import make_user

    submitted(review, wirral, wirral_lead, level=3, levels={"4.1": 0, "1.1": 4, "1.3": 1})
    sefton_sa = submitted(review, sefton, sefton_lead, level=1, levels={"1.1": 4})
    answer_moderate(
        answer=sefton_sa.answers.get(standard__code="1.1"),
        level=2,
        reasons="Outcomes not yet monitored",
        moderated_by=planning_group_member,
    )
    bolton = Council.objects.get(slug="bolton")
    bolton_lead = make_user("bo.lead@bolton.example", Role.PERFORMANCE_LEAD, bolton)
    draft = self_assessment_start(review=review, council=bolton, started_by=bolton_lead)
    answer_all(draft, bolton_lead, level=4)
    return review


def by_code(report, code):
    return next(d for d in report.distributions if d.standard.code == code)


def test_the_distribution_counts_effective_levels_of_submitted_self_assessments(
    world, planning_group_member
) -> None:
    report = regional_report_get(review=world, fetched_by=planning_group_member)
    councils = Council.objects.active_between(
        datetime.date(FY, 4, 1), datetime.date(FY + 1, 3, 31)
    ).count()

    one = by_code(report, "1.1")
    assert one.counts == {0: 0, 1: 0, 2: 1, 3: 0, 4: 1}
    assert one.not_answered == 0
    assert one.not_submitted == councils - 2
    assert one.submitted == 2
    assert one.rows[0] == ("Below Level 1", 0)
    assert one.rows[-2:] == [("Not answered", 0), ("Not submitted", councils - 2)]
    assert by_code(report, "4.1").counts == {0: 1, 1: 1, 2: 0, 3: 0, 4: 0}
    assert report.submitted == 2
    assert report.levels == [0, 1, 2, 3, 4]


def test_strengths_name_the_councils_at_the_top_level_by_effective_level(
    world, planning_group_member
) -> None:
    report = regional_report_get(review=world, fetched_by=planning_group_member)

    assert [(s.standard.code, [c.name for c in s.councils]) for s in report.strengths] == [
        ("1.1", ["Wirral"])
    ]


def test_areas_for_development_are_where_a_third_or_more_are_below_level_2(
    world, planning_group_member
) -> None:
    report = regional_report_get(review=world, fetched_by=planning_group_member)

    areas = {a.standard.code: a for a in report.areas_for_development}
    # Sefton is at Level 1 everywhere but 1.1 (moderated to 2): 1 of 2 submitted is below Level
    # 2 on every other standard; on 1.3 and 4.1 both are.
    assert "1.1" not in areas
    assert (areas["1.2"].below_level_2, areas["1.2"].below_level_1, areas["1.2"].submitted) == (
        1,
        0,
        2,
    )
    assert (areas["4.1"].below_level_2, areas["4.1"].below_level_1) == (2, 1)
    assert [c.name for c in areas["1.3"].councils] == ["Sefton", "Wirral"]
    assert report.area_rule.startswith("A standard is an area for development when a third")


def test_each_councils_position_per_section(world, planning_group_member) -> None:
    report = regional_report_get(review=world, fetched_by=planning_group_member)
    positions = {p.council.name: p for p in report.councils}

    wirral = positions["Wirral"]
    assert wirral.submitted
    assert wirral.status_label == "Submitted"
    first = wirral.sections[0]
    assert (first.section.title, first.answered, first.total) == (
        "Person-centred and outcomes-focused",
        4,
        4,
    )
    assert first.counts == {0: 0, 1: 1, 2: 0, 3: 2, 4: 1}
    assert first.average == 2.75
    code_of = {s.pk: s.code for s in report.framework.standards}
    sefton_levels = {code_of[k]: v for k, v in positions["Sefton"].levels.items()}
    assert sefton_levels["1.1"] == (4, 2, 2)
    bolton = positions["Bolton"]
    assert not bolton.submitted
    assert bolton.levels == {}
    assert bolton.average is None
    assert bolton.status_label == "Draft"
    assert positions["Oldham"].status_label == "Not started"


def test_before_publication_only_the_planning_group_reads_the_report(
    world, wirral_lead, board_member, risk_assessor, regional_admin, planning_group_member
) -> None:
    for user in (wirral_lead, board_member):
        with pytest.raises(PermissionDenied):
            regional_report_get(review=world, fetched_by=user)
    for user in (risk_assessor, regional_admin, planning_group_member):
        assert regional_report_get(review=world, fetched_by=user).review == world


def closed_review() -> ThematicReview:
    return import_demo(
        opens_on=TODAY - datetime.timedelta(days=60),
        closes_on=TODAY - datetime.timedelta(days=1),
        year=FY - 1,
    )


def test_the_narrative_is_saved_and_published_after_the_review_closes(
    review, planning_group_member, wirral_lead, regional_admin
) -> None:
    with pytest.raises(
        SelfAssessmentRefused, match="Only the SLI Planning Group and the regional administrator"
    ):
        regional_report_save(
            review=review, summary="x", strengths="", areas_for_development="", saved_by=wirral_lead
        )
    saved = regional_report_save(
        review=review,
        summary=" Councils commission for outcomes. ",
        strengths="Co-production",
        areas_for_development="Market sustainability",
        saved_by=planning_group_member,
    )
    assert saved.report_summary == "Councils commission for outcomes."
    assert saved.history.first().history_user == planning_group_member
    with pytest.raises(
        SelfAssessmentRefused, match="The regional report can be published after that"
    ):
        regional_report_publish(review=review, published_by=planning_group_member)

    closed = closed_review()
    with pytest.raises(SelfAssessmentRefused, match="Write the summary") as refused:
        regional_report_publish(review=closed, published_by=regional_admin)
    assert refused.value.field == "summary"
    regional_report_save(
        review=closed,
        summary="Done",
        strengths="",
        areas_for_development="",
        saved_by=regional_admin,
    )
    published = regional_report_publish(review=closed, published_by=regional_admin)
    assert published.report_is_published
    assert published.report_published_by == regional_admin
    with pytest.raises(SelfAssessmentRefused, match="already been published"):
        regional_report_publish(review=closed, published_by=regional_admin)


def test_after_publication_any_signed_in_page_may_read_the_report(
    wirral_lead, regional_admin
) -> None:
    closed = closed_review()
    regional_report_save(
        review=closed,
        summary="Done",
        strengths="",
        areas_for_development="",
        saved_by=regional_admin,
    )
    published = regional_report_publish(review=closed, published_by=regional_admin)

    assert regional_report_get(review=published, fetched_by=wirral_lead).review == closed


def test_level1_failures_are_key_elements_below_level_1_in_submitted_self_assessments(
    world, planning_group_member, sefton
) -> None:
    failures = level1_failures(year=FY)

    assert [(c.name, s.code, r.pk) for c, s, r in failures] == [("Wirral", "4.1", world.pk)]
    assert level1_failures(year=FY - 1) == []
    # 1.3 is not a key element: below Level 1 there raises nothing; moderating a key element
    # below Level 1 does.
    answer = sefton.self_assessments.get().answers.get(standard__code="2.1")
    answer_moderate(
        answer=answer, level=0, reasons="No co-production seen", moderated_by=planning_group_member
    )
    assert [(c.name, s.code) for c, s, _ in level1_failures(year=FY)] == [
        ("Sefton", "2.1"),
        ("Wirral", "4.1"),
    ]


def test_moderating_up_to_level_1_clears_the_failure(world, planning_group_member, wirral) -> None:
    answer = wirral.self_assessments.get().answers.get(standard__code="4.1")

    answer_moderate(
        answer=answer,
        level=1,
        reasons="Evidence of a provider failure plan",
        moderated_by=planning_group_member,
    )

    assert level1_failures(year=FY) == []


def test_top_level_standards_are_only_from_published_reports(
    wirral, sefton, wirral_lead, sefton_lead, regional_admin, planning_group_member
) -> None:
    closed = closed_review()
    submitted(closed, wirral, wirral_lead, level=2, levels={"1.1": 4, "3.2": 4})
    sefton_sa = submitted(closed, sefton, sefton_lead, level=4)
    for code in ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1"):
        answer_moderate(
            answer=sefton_sa.answers.get(standard__code=code),
            level=3,
            reasons="Not yet sustained",
            moderated_by=planning_group_member,
        )
    assert top_level_standards(year=FY - 1) == []

    regional_report_save(
        review=closed,
        summary="Done",
        strengths="",
        areas_for_development="",
        saved_by=regional_admin,
    )
    regional_report_publish(review=closed, published_by=regional_admin)
    found = top_level_standards(year=FY - 1)

    title = "Integrated Commissioning for Better Outcomes"
    assert sorted(found) == sorted(
        [
            TopLevelStandard(
                wirral.pk,
                title,
                "1.1",
                "Commissioning is based on the outcomes that matter to people",
                4,
                4,
            ),
            TopLevelStandard(
                wirral.pk,
                title,
                "3.2",
                "Commissioning is based on evidence of need and of what works",
                4,
                4,
            ),
            TopLevelStandard(
                sefton.pk, title, "4.2", "Commissioning secures value for money", 4, 4
            ),
        ]
    )
    council_id, review_title, code, standard_title, level, top = found[0]
    assert (level, top) == (4, 4)
    assert top_level_standards(year=FY) == []


def test_the_database_refuses_duplicate_codes_and_out_of_range_levels(review) -> None:
    standard = review.standards.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(standard).objects.create(
            review=review, section=standard.section, order=99, code=standard.code, title="Copy"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        standard.levels.create(level=5, descriptor="Beyond")
    with pytest.raises(IntegrityError), transaction.atomic():
        ThematicReview.objects.filter(pk=review.pk).update(max_level=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThematicReview.objects.filter(pk=review.pk).update(
            closes_on=review.opens_on - datetime.timedelta(days=1)
        )
