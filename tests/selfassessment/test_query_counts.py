"""The selectors behind the self-assessment and report pages run a fixed number of queries at
a small scale (3 councils, 12 standards) and at the issue's scale (every council, 24, by 40
standards), with answers, moderation, files and events on every self-assessment."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from selfassessment.models import (
    Answer,
    EvidenceFile,
    SelfAssessment,
    SelfAssessmentEvent,
    SelfAssessmentStatus,
    ThematicReview,
)
from selfassessment.selectors import (
    level1_failures,
    regional_report_get,
    self_assessment_get,
    self_assessment_list,
    top_level_standards,
)
from selfassessment.services import review_import
from selfassessment.validation import REVIEW_COLUMNS
from tests.selfassessment.helpers import FY, TODAY

pytestmark = pytest.mark.django_db

SCALES = {"small": (3, 12), "issue": (24, 40)}


def review_with(standards: int) -> ThematicReview:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REVIEW_COLUMNS)
    for i in range(standards):
        section = f"Section {i // 8 + 1}"
        writer.writerow(
            [
                section,
                f"{i // 8 + 1}.{i % 8 + 1}",
                f"Standard {i}",
                "Yes" if i % 4 == 0 else "No",
                "",
                "a",
                "b",
                "c",
                "d",
            ]
        )
    outcome = review_import(
        content=buffer.getvalue().encode(),
        name="scale.csv",
        year=FY,
        title=f"Scale {standards}",
        opens_on=TODAY - datetime.timedelta(days=30),
        closes_on=TODAY + datetime.timedelta(days=30),
        imported_by=None,
    )
    assert outcome.review is not None, outcome.problems
    return outcome.review


def fill(review: ThematicReview, councils: list[Council], by: User) -> None:
    """Every council submitted, every standard answered, a third moderated, a file and an
    event on every answer."""
    now = timezone.now()
    sas = SelfAssessment.objects.bulk_create(
        [
            SelfAssessment(
                review=review,
                council=c,
                created_by=by,
                status=SelfAssessmentStatus.SUBMITTED,
                submitted_by=by,
                submitted_at=now,
            )
            for c in councils
        ]
    )
    standards = list(review.standards.all())
    answers = Answer.objects.bulk_create(
        [
            Answer(
                self_assessment=sa,
                standard=s,
                level=(i + j) % 5,
                updated_by=by,
                moderated_level=1 if j % 3 == 0 else None,
                moderated_by=by if j % 3 == 0 else None,
                moderated_at=now if j % 3 == 0 else None,
            )
            for i, sa in enumerate(sas)
            for j, s in enumerate(standards)
        ]
    )
    EvidenceFile.objects.bulk_create(
        [
            EvidenceFile(
                answer=a,
                file="x.pdf",
                original_name="x.pdf",
                size=1,
                sha256="0" * 64,
                uploaded_by=by,
            )
            for a in answers
        ]
    )
    SelfAssessmentEvent.objects.bulk_create(
        [
            SelfAssessmentEvent(
                self_assessment=a.self_assessment, answer=a, action="saved", actor=by
            )
            for a in answers
        ]
    )


@pytest.mark.parametrize("scale", list(SCALES))
def test_the_pages_selectors_run_a_fixed_number_of_queries(
    scale, wirral, wirral_lead, planning_group_member, django_assert_max_num_queries
) -> None:
    count, standards = SCALES[scale]
    review = review_with(standards)
    others = list(
        Council.objects.active_between(datetime.date(FY, 4, 1), datetime.date(FY + 1, 3, 31))
        .exclude(pk=wirral.pk)
        .order_by("name")[: count - 1]
    )
    fill(review, [wirral, *others], planning_group_member)
    assert Answer.objects.filter(self_assessment__review=review).count() == count * standards

    # Fresh users: their memberships (one query) are read inside the counted block.
    lead = User.objects.get(pk=wirral_lead.pk)
    planner = User.objects.get(pk=planning_group_member.pk)
    with django_assert_max_num_queries(8):
        page = self_assessment_get(review=review, council=wirral, fetched_by=lead)
        for section in page.sections:
            for view in section.standards:
                assert view.answer is not None
                assert len(view.files) == 1
                assert view.answer.updated_by.email
                assert view.standard.section.title
                assert len(view.levels) == 4
        assert [e.answer.standard.code for e in page.events]
    assert page.progress.total == standards

    with django_assert_max_num_queries(4):  # memberships, councils, self-assessments, count
        rows = self_assessment_list(review=review, fetched_by=planner)
        assert all(r.council.name and r.progress_text for r in rows)
    assert sum(1 for r in rows if r.self_assessment) == count

    with django_assert_max_num_queries(6):
        report = regional_report_get(review=review, fetched_by=planner)
        assert [d.rows for d in report.distributions]
        assert [c.name for s in report.strengths for c in s.councils]
        assert [p.sections for p in report.councils]
    assert report.submitted == count

    with django_assert_max_num_queries(1):
        assert level1_failures(year=FY)
    with django_assert_max_num_queries(1):
        top_level_standards(year=FY)
