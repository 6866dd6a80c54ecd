"""Setting up reviews: create, copy from an earlier year, import and export (round trip), the
ledger of imported files, and the administrator-only and framework-locked refusals."""

import datetime

import pytest

from selfassessment.models import (
    LevelDescriptor,
    ReviewImport,
    Section,
    Standard,
    ThematicReview,
)
from selfassessment.services import (
    DATA_DIR,
    DEMO_REVIEW_FILES,
    SelfAssessmentRefused,
    review_copy,
    review_create,
    review_export,
    review_import,
    review_update,
    section_add,
    self_assessment_start,
    standard_add,
    standard_update,
)
from tests.selfassessment.helpers import FY, TODAY, import_demo

pytestmark = pytest.mark.django_db


def framework(review: ThematicReview) -> list[tuple]:
    return [
        (
            s.section.title,
            s.section.order,
            s.order,
            s.code,
            s.title,
            s.is_key_element,
            s.evidence_prompts,
            tuple(d.descriptor for d in s.levels.order_by("level")),
        )
        for s in review.standards.select_related("section").order_by("section__order", "order")
    ]


@pytest.mark.parametrize(
    ("file_name", "levels", "keys"), [("icbo.csv", 4, 5), ("safeguarding-adults.csv", 3, 5)]
)
def test_the_demonstration_reviews_import_cleanly(file_name, levels, keys) -> None:
    review = import_demo(file_name, title=DEMO_REVIEW_FILES[file_name])

    assert review.max_level == levels
    assert review.sections.count() == 4
    assert review.standards.count() == 12
    assert review.standards.filter(is_key_element=True).count() == keys
    assert LevelDescriptor.objects.filter(standard__review=review).count() == 12 * levels
    assert review.history.count() == 1
    assert Standard.history.filter(review_id=review.pk).count() == 12
    record = ReviewImport.objects.get(review=review)
    assert record.sha256
    assert record.rows_read == 12
    assert record.file_name == file_name


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_of_the_export_round_trips(review, fmt) -> None:
    download = review_export(review=review, fmt=fmt)

    again = review_import(
        content=download.content,
        name=download.filename,
        year=FY + 1,
        title=review.title,
        opens_on=TODAY,
        closes_on=TODAY,
        imported_by=None,
    )

    assert again.problems == []
    assert again.review is not None
    assert again.review.max_level == review.max_level
    assert framework(again.review) == framework(review)
    assert download.filename.startswith(f"{review.slug}-{FY}-")


def test_export_writes_the_declared_layout_and_escapes_formula_like_text(
    review, regional_admin
) -> None:
    standard = review.standards.get(code="1.1")
    standard.title = '=HYPERLINK("http://evil")'
    standard.save()

    content = review_export(review=review, fmt="csv").content.decode("utf-8-sig")

    assert content.splitlines()[0] == (
        "Section,Standard code,Standard,Key element,Evidence prompts,Level 1,Level 2,Level 3,Level 4"
    )
    assert "'=HYPERLINK" in content
    again = review_import(
        content=content.encode(),
        name="r.csv",
        year=FY + 1,
        title="Again",
        opens_on=TODAY,
        closes_on=TODAY,
        imported_by=regional_admin,
    )
    assert again.review is not None
    assert again.review.standards.get(code="1.1").title == standard.title


def test_a_three_level_review_exports_an_empty_level_4_and_imports_as_three_levels() -> None:
    review = import_demo("safeguarding-adults.csv", title="Safeguarding adults")
    download = review_export(review=review, fmt="xlsx")

    again = review_import(
        content=download.content,
        name=download.filename,
        year=FY + 1,
        title="Safeguarding adults",
        opens_on=TODAY,
        closes_on=TODAY,
        imported_by=None,
    )

    assert again.review is not None
    assert again.review.max_level == 3


def test_the_same_file_for_the_same_year_is_recognised(review) -> None:
    content = (DATA_DIR / "icbo.csv").read_bytes()

    again = review_import(
        content=content,
        name="icbo copy.csv",
        year=FY,
        title="Anything",
        opens_on=TODAY,
        closes_on=TODAY,
        imported_by=None,
    )

    assert again.duplicate_of == review
    assert ThematicReview.objects.count() == 1


def test_an_invalid_file_saves_nothing() -> None:
    outcome = review_import(
        content=b"Section,Standard code,Standard,Level 1,Level 2,Level 3\r\nA,1.1,Std,,b,c\r\n",
        name="bad.csv",
        year=FY,
        title="Bad",
        opens_on=TODAY,
        closes_on=TODAY,
        imported_by=None,
    )

    assert outcome.review is None
    assert [p.as_line() for p in outcome.problems] == [
        "row 2, column Level 1: Enter the Level 1 descriptor. Level 1 is the minimum standard "
        "every council is expected to meet"
    ]
    assert not ThematicReview.objects.exists()
    assert not ReviewImport.objects.exists()


def test_only_the_administrator_imports_creates_and_changes_reviews(
    review, wirral_lead, planning_group_member
) -> None:
    for user in (wirral_lead, planning_group_member):
        with pytest.raises(SelfAssessmentRefused, match="Only the regional administrator"):
            review_import(
                content=b"x",
                name="x.csv",
                year=FY,
                title="X",
                opens_on=TODAY,
                closes_on=TODAY,
                imported_by=user,
            )
        with pytest.raises(SelfAssessmentRefused, match="Only the regional administrator"):
            review_create(year=FY, title="X", opens_on=TODAY, closes_on=TODAY, created_by=user)
        with pytest.raises(SelfAssessmentRefused, match="Only the regional administrator"):
            section_add(review=review, title="New", added_by=user)


def test_create_refuses_a_theme_used_that_year_dates_out_of_order_and_odd_levels(
    review, regional_admin
) -> None:
    with pytest.raises(SelfAssessmentRefused, match="There is already a review called"):
        review_create(
            year=FY, title=review.title, opens_on=TODAY, closes_on=TODAY, created_by=regional_admin
        )
    with pytest.raises(SelfAssessmentRefused, match="closing date must be the same as or after"):
        review_create(
            year=FY,
            title="Other",
            opens_on=TODAY,
            closes_on=TODAY - datetime.timedelta(days=1),
            created_by=regional_admin,
        )
    with pytest.raises(SelfAssessmentRefused, match="Choose Level 3 or Level 4"):
        review_create(
            year=FY,
            title="Other",
            opens_on=TODAY,
            closes_on=TODAY,
            created_by=regional_admin,
            max_level=5,
        )


def test_a_review_is_built_by_hand_section_by_section(regional_admin) -> None:
    review = review_create(
        year=FY,
        title="Carers",
        opens_on=TODAY,
        closes_on=TODAY,
        created_by=regional_admin,
        max_level=3,
    )
    section = section_add(review=review, title="Support for carers", added_by=regional_admin)
    standard = standard_add(
        section=section,
        code="1.1",
        title="Carers are identified early",
        is_key_element=True,
        evidence_prompts="Carers' register",
        descriptors=["Some", "Most", "All"],
        added_by=regional_admin,
    )

    assert review.created_by == regional_admin
    assert review.history.get().history_user == regional_admin
    assert [d.descriptor for d in standard.levels.all()] == ["Some", "Most", "All"]
    with pytest.raises(SelfAssessmentRefused, match="Level 1 is the minimum"):
        standard_add(
            section=section,
            code="1.2",
            title="X",
            is_key_element=False,
            evidence_prompts="",
            descriptors=["", "b", "c"],
            added_by=regional_admin,
        )
    with pytest.raises(SelfAssessmentRefused, match="already has a standard 1.1"):
        standard_add(
            section=section,
            code="1.1",
            title="X",
            is_key_element=False,
            evidence_prompts="",
            descriptors=["a", "b", "c"],
            added_by=regional_admin,
        )

    standard_update(
        standard=standard,
        code="1.1",
        title="Carers are identified early and offered an assessment",
        is_key_element=True,
        evidence_prompts="",
        descriptors=["Some", "Most", "Every carer"],
        updated_by=regional_admin,
    )
    assert standard.levels.get(level=3).history.count() == 2


def test_the_framework_is_locked_once_a_council_starts(
    review, regional_admin, wirral, wirral_lead
) -> None:
    self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    section = review.sections.first()

    with pytest.raises(SelfAssessmentRefused, match="can no longer be changed. Copy it"):
        section_add(review=review, title="Late", added_by=regional_admin)
    with pytest.raises(SelfAssessmentRefused, match="can no longer be changed"):
        standard_add(
            section=section,
            code="9.9",
            title="Late",
            is_key_element=False,
            evidence_prompts="",
            descriptors=["a", "b", "c", "d"],
            added_by=regional_admin,
        )

    # The dates can still move: extending the deadline is the usual change.
    later = review.closes_on + datetime.timedelta(days=7)
    review_update(
        review=review,
        title=review.title,
        description="",
        opens_on=review.opens_on,
        closes_on=later,
        updated_by=regional_admin,
    )
    review.refresh_from_db()
    assert review.closes_on == later


def test_a_review_is_copied_from_an_earlier_year(review, regional_admin) -> None:
    copy = review_copy(
        source=review,
        year=FY + 1,
        opens_on=TODAY + datetime.timedelta(days=365),
        closes_on=TODAY + datetime.timedelta(days=400),
        copied_by=regional_admin,
    )

    assert copy.copied_from == review
    assert copy.year == FY + 1
    assert copy.title == review.title
    assert copy.slug == review.slug
    assert copy.max_level == review.max_level
    assert framework(copy) == framework(review)
    assert Section.objects.filter(review=copy).count() == 4
    assert not copy.self_assessments.exists()
    assert Standard.history.filter(review_id=copy.pk).first().history_user == regional_admin


def test_export_of_an_unknown_format_is_a_programming_error(review) -> None:
    with pytest.raises(ValueError, match="Unknown export format"):
        review_export(review=review, fmt="pdf")
