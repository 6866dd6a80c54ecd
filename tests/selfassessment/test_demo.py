"""The demonstration data (demo/selfassessment.py): this year's two themes with councils'
self-assessments in every state, last year's and the Regional Account year's (2023/24) ICBO
reviews with their regional reports published, and safe to run twice."""

import pytest
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.reports import demo_account_year
from demo.selfassessment import selfassessment_demo_load
from demo.users import users_ensure
from selfassessment.models import Answer, SelfAssessment, SelfAssessmentEvent, ThematicReview
from selfassessment.selectors import level1_failures, regional_report_get, top_level_standards
from sli_portal.financial_years import financial_year_of

pytestmark = pytest.mark.django_db

FY = financial_year_of(timezone.localdate())


@pytest.fixture
def loaded() -> None:
    users_ensure()
    selfassessment_demo_load()


def _status(review: ThematicReview, council: Council) -> str:
    sa = SelfAssessment.objects.filter(review=review, council=council).first()
    if sa is None:
        return "not started"
    return "signed off" if sa.is_signed_off else sa.status


def test_this_years_two_themes_have_self_assessments_in_every_state(loaded) -> None:
    reviews = ThematicReview.objects.filter(year=FY)
    assert sorted(r.title for r in reviews) == [
        "Integrated Commissioning for Better Outcomes",
        "Safeguarding adults",
    ]
    today = timezone.localdate()
    for review in reviews:
        assert review.is_open(today)
        assert not review.report_is_published
        councils = Council.objects.active_on(today)
        states = {_status(review, c) for c in councils}
        assert {"not started", "draft", "submitted", "signed off"} <= states
        drafts = SelfAssessment.objects.filter(review=review, status="draft")
        assert all(0 < sa.answers.count() < review.standards.count() for sa in drafts)
        moderated = Answer.objects.filter(
            self_assessment__review=review, moderated_level__isnull=False
        )
        assert moderated.exists()
        assert all(a.moderation_reasons.startswith("Demonstration:") for a in moderated)
        assert {a.moderated_by.email for a in moderated} == {"planning.group@demo.nwsli.org.uk"}


def test_wirral_has_a_draft_to_finish_and_a_signed_off_submission(loaded) -> None:
    wirral = Council.objects.get(slug="wirral")
    icbo = ThematicReview.objects.get(year=FY, slug="integrated-commissioning-for-better-outcomes")
    safeguarding = ThematicReview.objects.get(year=FY, slug="safeguarding-adults")
    draft = SelfAssessment.objects.get(review=safeguarding, council=wirral)
    assert draft.status == "draft"
    assert draft.created_by.email == "wirral.lead@demo.nwsli.org.uk"
    done = SelfAssessment.objects.get(review=icbo, council=wirral)
    assert done.is_submitted
    assert done.signed_off_by.email == "wirral.director@demo.nwsli.org.uk"
    sefton = SelfAssessment.objects.get(review=icbo, council__slug="sefton")
    assert sefton.answers.filter(moderated_level__isnull=False).count() == 2
    assert (
        sefton.answers.filter(moderated_level__isnull=False)
        .exclude(moderated_level=F("level"))
        .exists()
    )


@pytest.mark.parametrize("year", [FY - 1, demo_account_year()])
def test_earlier_icbo_reviews_are_published_with_every_council_submitted(loaded, year) -> None:
    last = ThematicReview.objects.get(year=year)
    assert last.copied_from is not None
    assert last.report_is_published
    assert last.report_summary.startswith("Demonstration:")
    board = User.objects.get(email="board.member@demo.nwsli.org.uk")
    report = regional_report_get(review=last, fetched_by=board)
    assert report.submitted == len(report.councils) == 24
    assert report.strengths
    levels = {level for d in report.distributions for level, n in d.counts.items() if n}
    assert levels == {0, 1, 2, 3, 4}
    failing = {(c.slug, s.code) for c, s, _ in level1_failures(year=year)}
    assert failing == {("blackpool", "4.1"), ("knowsley", "2.1")}
    assert top_level_standards(year=year)


def test_this_years_reports_are_not_yet_published(loaded) -> None:
    assert not top_level_standards(year=FY)


def test_the_demo_is_safe_to_run_twice(loaded) -> None:
    counts = [
        m.objects.count() for m in (ThematicReview, SelfAssessment, Answer, SelfAssessmentEvent)
    ] + [SelfAssessment.history.count(), Answer.history.count(), ThematicReview.history.count()]
    selfassessment_demo_load()
    again = [
        m.objects.count() for m in (ThematicReview, SelfAssessment, Answer, SelfAssessmentEvent)
    ] + [SelfAssessment.history.count(), Answer.history.count(), ThematicReview.history.count()]
    assert again == counts


def test_last_years_failures_below_level_1_raise_the_table_2_trigger() -> None:
    from tests.conftest import make_period
    from triggers.models import Concern

    make_period(FY - 1, 4, open_now=False)
    users_ensure()
    selfassessment_demo_load()
    flagged = set(
        Concern.objects.filter(automatic_key__startswith="self_assessment_level1").values_list(
            "council__slug", flat=True
        )
    )
    assert flagged == {"blackpool", "knowsley"}
