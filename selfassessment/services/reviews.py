"""Setting up thematic reviews (MoU 2.1 a; Wirral report 2.6.1): create, copy from an earlier
year, import and export in one declared layout, and the regional report's narrative.

A review's sections, standards and level descriptors can be changed only until the first
council starts its self-assessment: after that they are what councils answered against, so a
change would alter the meaning of their answers. Nothing is deleted.
"""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from accounts import access
from accounts.models import User
from selfassessment.models import (
    HIGHEST_LEVEL,
    LevelDescriptor,
    ReviewImport,
    Section,
    Standard,
    ThematicReview,
)
from selfassessment.services.common import SelfAssessmentRefused, require_manager, required, save
from selfassessment.validation import (
    CODE_MAX,
    CODE_PATTERN,
    REVIEW_COLUMNS,
    SECTION_MAX,
    TITLE_MAX,
    StandardRow,
    validate_review_file,
)
from sli_portal.financial_years import year_label, year_slug
from sli_portal.spreadsheets import CSV_TYPE, XLSX_TYPE, Download, write_csv, write_xlsx
from sli_portal.uploads import Problem

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# The demonstration's two themes for a year: file in DATA_DIR -> theme (see each .source.md).
DEMO_REVIEW_FILES = {
    "icbo.csv": "Integrated Commissioning for Better Outcomes",
    "safeguarding-adults.csv": "Safeguarding adults",
}
REVIEW_TITLE_MAX = 200


def _dates(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if closes_on < opens_on:
        raise SelfAssessmentRefused(
            "The closing date must be the same as or after the opening date", field="closes_on"
        )


def _title(title: str) -> str:
    title = required(title, "Enter the theme of the review", "title")
    if len(title) > REVIEW_TITLE_MAX:
        raise SelfAssessmentRefused(
            f"The theme must be {REVIEW_TITLE_MAX} characters or fewer", field="title"
        )
    return title


def _slug(title: str, year: int) -> str:
    slug = slugify(title)[:100].strip("-") or "review"
    clash = ThematicReview.objects.filter(year=year, slug=slug).first()
    if clash is not None:
        raise SelfAssessmentRefused(
            f"There is already a review called '{clash.title}' for {year_label(year)}. "
            "Choose another theme",
            field="title",
        )
    return slug


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise SelfAssessmentRefused(
            "Enter the year the financial year starts, like 2025 for 2025/26", field="year"
        )
    return year


def _unlocked(review: ThematicReview) -> None:
    if review.self_assessments.exists():
        raise SelfAssessmentRefused(
            "Councils have started their self-assessments, so the sections, standards and "
            "levels of this review can no longer be changed. Copy it to make a new review"
        )


@transaction.atomic
def review_create(
    *,
    year: int,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    created_by: User | None,
    max_level: int = HIGHEST_LEVEL,
    description: str = "",
    copied_from: ThematicReview | None = None,
) -> ThematicReview:
    """A new thematic review with no sections yet. Refused for anyone but the regional
    administrator (``created_by`` None is the portal: demo data and commands), a theme already
    used that year, closing before opening, or a highest level other than 3 or 4."""
    require_manager(created_by)
    title = _title(title)
    if max_level not in (3, 4):
        raise SelfAssessmentRefused(
            "Choose Level 3 or Level 4 as the highest level", field="max_level"
        )
    _dates(opens_on, closes_on)
    review = ThematicReview(
        year=_year(year),
        title=title,
        slug=_slug(title, year),
        description=description.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        max_level=max_level,
        copied_from=copied_from,
        created_by=created_by,
    )
    save(review, created_by, "Created")
    return review


@transaction.atomic
def review_update(
    *,
    review: ThematicReview,
    title: str,
    description: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    updated_by: User,
) -> ThematicReview:
    """Change a review's theme, description or dates (extending the closing date is the usual
    reason). The slug stays, so addresses keep working."""
    require_manager(updated_by)
    review = ThematicReview.objects.select_for_update().get(pk=review.pk)
    _dates(opens_on, closes_on)
    review.title = _title(title)
    review.description = description.strip()
    review.opens_on, review.closes_on = opens_on, closes_on
    save(review, updated_by, "Details changed")
    return review


def _check_code(review: ThematicReview, code: str, *, exclude: int | None = None) -> str:
    code = required(code, "Enter the standard code, like 1.2", "code")
    if len(code) > CODE_MAX or not CODE_PATTERN.fullmatch(code):
        raise SelfAssessmentRefused(
            "Use letters, digits, full stops and hyphens only in the standard code, like 1.2",
            field="code",
        )
    clashes = review.standards.filter(code__iexact=code)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    if clashes.exists():
        raise SelfAssessmentRefused(
            f"This review already has a standard {code}. Each code must be used once", field="code"
        )
    return code


def _check_descriptors(review: ThematicReview, descriptors: Sequence[str]) -> list[str]:
    texts = [d.strip() for d in descriptors]
    if len(texts) != review.max_level:
        raise SelfAssessmentRefused(
            f"Enter a descriptor for each level from 1 to {review.max_level}", field="levels"
        )
    if not texts[0]:
        raise SelfAssessmentRefused(
            "Enter the Level 1 descriptor. Level 1 is the minimum standard every council is "
            "expected to meet",
            field="levels",
        )
    for level, text in enumerate(texts, start=1):
        if not text:
            raise SelfAssessmentRefused(f"Enter the Level {level} descriptor", field="levels")
    return texts


@transaction.atomic
def section_add(*, review: ThematicReview, title: str, added_by: User) -> Section:
    """Add a section at the end of a review not yet started by any council."""
    require_manager(added_by)
    review = ThematicReview.objects.select_for_update().get(pk=review.pk)
    _unlocked(review)
    title = required(title, "Enter the section's title", "title")
    if len(title) > SECTION_MAX:
        raise SelfAssessmentRefused(
            f"The title must be {SECTION_MAX} characters or fewer", field="title"
        )
    if review.sections.filter(title=title).exists():
        raise SelfAssessmentRefused(
            "This review already has a section with that title", field="title"
        )
    last = review.sections.order_by("-order").values_list("order", flat=True).first() or 0
    section = Section(review=review, order=last + 1, title=title)
    save(section, added_by, "Added")
    return section


@transaction.atomic
def standard_add(
    *,
    section: Section,
    code: str,
    title: str,
    is_key_element: bool,
    evidence_prompts: str,
    descriptors: Sequence[str],
    added_by: User,
) -> Standard:
    """Add a standard, with a descriptor for each level (Level 1 first), at the end of a
    section of a review not yet started by any council."""
    require_manager(added_by)
    review = ThematicReview.objects.select_for_update().get(pk=section.review_id)
    _unlocked(review)
    code = _check_code(review, code)
    title = required(title, "Enter the standard", "title")
    if len(title) > TITLE_MAX:
        raise SelfAssessmentRefused(
            f"The standard must be {TITLE_MAX} characters or fewer", field="title"
        )
    texts = _check_descriptors(review, descriptors)
    last = section.standards.order_by("-order").values_list("order", flat=True).first() or 0
    standard = Standard(
        review=review,
        section=section,
        order=last + 1,
        code=code,
        title=title,
        is_key_element=is_key_element,
        evidence_prompts=evidence_prompts.strip(),
    )
    save(standard, added_by, "Added")
    for level, text in enumerate(texts, start=1):
        save(LevelDescriptor(standard=standard, level=level, descriptor=text), added_by, "Added")
    return standard


@transaction.atomic
def standard_update(
    *,
    standard: Standard,
    code: str,
    title: str,
    is_key_element: bool,
    evidence_prompts: str,
    descriptors: Sequence[str],
    updated_by: User,
) -> Standard:
    """Change a standard and its descriptors while no council has started the review."""
    require_manager(updated_by)
    review = ThematicReview.objects.select_for_update().get(pk=standard.review_id)
    _unlocked(review)
    standard = Standard.objects.get(pk=standard.pk)
    standard.code = _check_code(review, code, exclude=standard.pk)
    standard.title = required(title, "Enter the standard", "title")
    if len(standard.title) > TITLE_MAX:
        raise SelfAssessmentRefused(
            f"The standard must be {TITLE_MAX} characters or fewer", field="title"
        )
    standard.is_key_element = is_key_element
    standard.evidence_prompts = evidence_prompts.strip()
    texts = _check_descriptors(review, descriptors)
    save(standard, updated_by, "Changed")
    existing = {d.level: d for d in standard.levels.all()}
    for level, text in enumerate(texts, start=1):
        descriptor = existing.get(level) or LevelDescriptor(standard=standard, level=level)
        if descriptor.pk is None or descriptor.descriptor != text:
            descriptor.descriptor = text
            save(descriptor, updated_by, "Changed")
    return standard


def _build(
    review: ThematicReview, rows: Sequence[StandardRow], by: User | None, reason: str
) -> None:
    """Sections, standards and descriptors from checked rows, in file order, with history."""
    sections: dict[str, Section] = {}
    for row in rows:
        if row.section not in sections:
            sections[row.section] = Section(
                review=review, order=len(sections) + 1, title=row.section
            )
    bulk_create_with_history(
        list(sections.values()), Section, default_user=by, default_change_reason=reason
    )
    sections = {s.title: s for s in review.sections.all()}
    places: dict[str, int] = {}
    standards = []
    for row in rows:
        places[row.section] = places.get(row.section, 0) + 1
        standards.append(
            Standard(
                review=review,
                section=sections[row.section],
                order=places[row.section],
                code=row.code,
                title=row.title,
                is_key_element=row.is_key_element,
                evidence_prompts=row.evidence_prompts,
            )
        )
    bulk_create_with_history(standards, Standard, default_user=by, default_change_reason=reason)
    by_code = {s.code: s for s in review.standards.all()}
    bulk_create_with_history(
        [
            LevelDescriptor(standard=by_code[row.code], level=level, descriptor=text)
            for row in rows
            for level, text in enumerate(row.descriptors, start=1)
        ],
        LevelDescriptor,
        default_user=by,
        default_change_reason=reason,
    )


def _rows_of(review: ThematicReview) -> list[StandardRow]:
    standards = (
        Standard.objects.filter(review=review)
        .select_related("section")
        .prefetch_related("levels")
        .order_by("section__order", "order")
    )
    return [
        StandardRow(
            row=0,
            section=s.section.title,
            code=s.code,
            title=s.title,
            is_key_element=s.is_key_element,
            evidence_prompts=s.evidence_prompts,
            descriptors=tuple(d.descriptor for d in sorted(s.levels.all(), key=lambda d: d.level)),
        )
        for s in standards
    ]


@transaction.atomic
def review_copy(
    *,
    source: ThematicReview,
    year: int,
    opens_on: datetime.date,
    closes_on: datetime.date,
    copied_by: User | None,
    title: str = "",
) -> ThematicReview:
    """A new review for ``year`` with the same sections, standards, key elements, evidence
    prompts and level descriptors as ``source`` (usually last year's), and ``copied_from`` set.
    The theme stays unless ``title`` is given. No answers are copied."""
    review = review_create(
        year=year,
        title=title or source.title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=copied_by,
        max_level=source.max_level,
        description=source.description,
        copied_from=source,
    )
    _build(review, _rows_of(source), copied_by, f"Copied from {source}"[:100])
    return review


@dataclass(frozen=True)
class ReviewImportOutcome:
    """What an import did: the new review, or the problems that stopped it (nothing saved), or
    the review an identical file already made for that year."""

    review: ThematicReview | None
    problems: list[Problem]
    duplicate_of: ThematicReview | None = None

    @property
    def is_valid(self) -> bool:
        return not self.problems


def review_import(
    *,
    content: bytes,
    name: str,
    year: int,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    imported_by: User | None,
    description: str = "",
) -> ReviewImportOutcome:
    """Create a review for ``year`` from a review file (CSV or .xlsx in the layout of
    :data:`~selfassessment.validation.REVIEW_COLUMNS`). All or nothing: with any problem nothing
    is saved and every problem is returned, each with its row, column, value and message. The
    file's SHA-256 is recorded; the same file imported again for the same year is recognised and
    the existing review returned as ``duplicate_of``. The highest level is 4 if any row
    describes Level 4, otherwise 3. Refusals (not the administrator, a theme already used,
    dates) raise :class:`SelfAssessmentRefused`."""
    require_manager(imported_by)
    sha256 = hashlib.sha256(content).hexdigest()
    earlier = ReviewImport.objects.filter(year=year, sha256=sha256).select_related("review").first()
    if earlier is not None:
        return ReviewImportOutcome(review=earlier.review, problems=[], duplicate_of=earlier.review)
    checked = validate_review_file(content=content, name=name)
    if not checked.is_valid:
        return ReviewImportOutcome(review=None, problems=checked.problems)
    with transaction.atomic():
        review = review_create(
            year=year,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=imported_by,
            max_level=checked.max_level,
            description=description,
        )
        _build(review, checked.standards, imported_by, f"Imported from {name}"[:100])
        ReviewImport.objects.create(
            review=review,
            year=year,
            file_name=Path(name).name[:255],
            sha256=sha256,
            size=len(content),
            rows_read=checked.rows_read,
            imported_by=imported_by,
        )
    return ReviewImportOutcome(review=review, problems=[])


def review_export(*, review: ThematicReview, fmt: str) -> Download:
    """The review's sections, standards and levels as a CSV or XLSX file in the layout
    :func:`review_import` reads (formula-safe: written through sli_portal.spreadsheets), so
    ``review_import(review_export(review))`` makes the same review. Three queries."""
    rows = [
        (
            row.section,
            row.code,
            row.title,
            "Yes" if row.is_key_element else "No",
            row.evidence_prompts,
            *(list(row.descriptors) + [""] * (len(REVIEW_COLUMNS) - 5 - len(row.descriptors))),
        )
        for row in _rows_of(review)
    ]
    stem = f"{review.slug}-{year_slug(review.year)}"
    if fmt == "csv":
        return Download(f"{stem}.csv", write_csv(REVIEW_COLUMNS, rows), CSV_TYPE)
    if fmt == "xlsx":
        content = write_xlsx(
            REVIEW_COLUMNS, rows, title=review.title, text_columns=tuple(range(len(REVIEW_COLUMNS)))
        )
        return Download(f"{stem}.xlsx", content, XLSX_TYPE)
    raise ValueError(f"Unknown export format {fmt!r}")


# --- The regional report's narrative -------------------------------------------------------


def _require_writer(user: User) -> None:
    if not access.may_act_at_all(user, "write_regional_report"):
        raise SelfAssessmentRefused(
            "Only the SLI Planning Group and the regional administrator can write the regional report"
        )


@transaction.atomic
def regional_report_save(
    *,
    review: ThematicReview,
    summary: str,
    strengths: str,
    areas_for_development: str,
    saved_by: User,
) -> ThematicReview:
    """Save the Planning Group's narrative for the review's regional report (Wirral report
    2.6.1: "strengths and areas for development for each theme"). A draft can be saved at any
    time; once published it can still be corrected, and history keeps every version."""
    _require_writer(saved_by)
    review = ThematicReview.objects.select_for_update().get(pk=review.pk)
    review.report_summary = summary.strip()
    review.report_strengths = strengths.strip()
    review.report_areas_for_development = areas_for_development.strip()
    review.report_updated_by = saved_by
    review.report_updated_at = timezone.now()
    save(review, saved_by, "Regional report narrative saved")
    return review


@transaction.atomic
def regional_report_publish(
    *, review: ThematicReview, published_by: User, today: datetime.date | None = None
) -> ThematicReview:
    """Publish the regional report. Refused while the review is still open (councils may still
    be answering), without a summary, or when it is already published. After publication no
    self-assessment of the review can be changed, submitted, reopened or moderated."""
    _require_writer(published_by)
    today = today or timezone.localdate()
    review = ThematicReview.objects.select_for_update().get(pk=review.pk)
    if review.report_is_published:
        raise SelfAssessmentRefused("The regional report has already been published")
    if today <= review.closes_on:
        raise SelfAssessmentRefused(
            f"The review closes on {review.closes_on:%-d %B %Y}. The regional report can be "
            "published after that"
        )
    if not review.report_summary:
        raise SelfAssessmentRefused(
            "Write the summary of the regional report before publishing it", field="summary"
        )
    review.report_published_by = published_by
    review.report_published_at = timezone.now()
    save(review, published_by, "Regional report published")
    return review
