"""Reads for a council's self-assessment pages and the list of self-assessments of a review,
each with a fixed number of queries whatever the number of councils or standards.

Who sees what (MoU 2.1 a; issue: "a council edits only its own self-assessment; other councils
see nothing of it before the regional report is published; the Planning Group sees all"):
through :mod:`accounts.access` with the ``view_self_assessment`` action. A role that never sees
self-assessments (a board member) gets 403; another council's self-assessment is a 404.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts import access
from authorities.models import Council
from selfassessment.models import (
    Answer,
    EvidenceFile,
    LevelDescriptor,
    Section,
    SelfAssessment,
    SelfAssessmentEvent,
    Standard,
    ThematicReview,
)
from sli_portal.financial_years import year_bounds

VIEW = "view_self_assessment"


@dataclass(frozen=True)
class Framework:
    """A review's sections, standards (in order) and each standard's level descriptors."""

    sections: list[Section]
    standards: list[Standard]
    levels: dict[int, list[LevelDescriptor]]

    def standards_of(self, section: Section) -> list[Standard]:
        return [s for s in self.standards if s.section_id == section.pk]


def framework_get(review: ThematicReview) -> Framework:
    """Three queries: sections, standards, descriptors."""
    sections = list(Section.objects.filter(review=review).order_by("order"))
    order = {s.pk: s.order for s in sections}
    standards = sorted(
        Standard.objects.filter(review=review), key=lambda s: (order[s.section_id], s.order)
    )
    by_pk = {s.pk: s for s in sections}
    for standard in standards:
        standard.section = by_pk[standard.section_id]  # no query per standard on the page
    levels: dict[int, list[LevelDescriptor]] = {}
    for descriptor in LevelDescriptor.objects.filter(standard__review=review).order_by("level"):
        levels.setdefault(descriptor.standard_id, []).append(descriptor)
    return Framework(sections=sections, standards=standards, levels=levels)


def councils_for_review(review: ThematicReview) -> QuerySet[Council]:
    """Councils holding adult social care responsibility at some point in the review's year."""
    return Council.objects.active_between(*year_bounds(review.year)).order_by("name")


@dataclass(frozen=True)
class Progress:
    """How far a self-assessment has got: "x of y standards answered", and the key standards
    still unanswered (submission needs none)."""

    answered: int
    total: int
    key_answered: int
    key_total: int
    missing_key: list[Standard] = field(default_factory=list)

    @property
    def text(self) -> str:
        return f"{self.answered} of {self.total} standards answered"

    @property
    def may_submit(self) -> bool:
        return not self.missing_key


def _progress(standards: list[Standard], answered_ids: set[int]) -> Progress:
    keys = [s for s in standards if s.is_key_element]
    return Progress(
        answered=sum(1 for s in standards if s.pk in answered_ids),
        total=len(standards),
        key_answered=sum(1 for s in keys if s.pk in answered_ids),
        key_total=len(keys),
        missing_key=[s for s in keys if s.pk not in answered_ids],
    )


def self_assessment_progress(*, self_assessment: SelfAssessment) -> Progress:
    """Progress of one self-assessment, in two queries."""
    standards = list(
        Standard.objects.filter(review_id=self_assessment.review_id).order_by(
            "section__order", "order"
        )
    )
    answered = set(
        Answer.objects.filter(self_assessment=self_assessment, level__isnull=False).values_list(
            "standard_id", flat=True
        )
    )
    return _progress(standards, answered)


@dataclass(frozen=True)
class StandardView:
    """One standard on a council's page: its descriptors, the council's answer (None if not
    saved yet), and the answer's evidence files still attached."""

    standard: Standard
    levels: list[LevelDescriptor]
    answer: Answer | None
    files: list[EvidenceFile]

    @property
    def is_answered(self) -> bool:
        return self.answer is not None and self.answer.level is not None

    @property
    def effective_level(self) -> int | None:
        return self.answer.effective_level if self.answer is not None else None


@dataclass(frozen=True)
class SectionView:
    section: Section
    standards: list[StandardView]

    @property
    def answered(self) -> int:
        return sum(1 for s in self.standards if s.is_answered)


@dataclass(frozen=True)
class SelfAssessmentPage:
    """Everything a council's self-assessment page shows. ``self_assessment`` is None when the
    council has not started; ``events`` are newest first."""

    review: ThematicReview
    council: Council
    self_assessment: SelfAssessment | None
    sections: list[SectionView]
    progress: Progress
    events: list[SelfAssessmentEvent]

    @property
    def status_label(self) -> str:
        if self.self_assessment is None:
            return "Not started"
        return self.self_assessment.get_status_display()


def _require_view(user: access.AnyUser, council: Council) -> None:
    if not access.may_act_at_all(user, VIEW):
        raise PermissionDenied
    if not access.may_act_for(user, VIEW, council):
        raise Http404


def self_assessment_get(
    *, review: ThematicReview, council: Council, fetched_by: access.AnyUser
) -> SelfAssessmentPage:
    """A council's self-assessment with its sections, standards, levels, answers, evidence
    files, progress and history. At most seven queries."""
    _require_view(fetched_by, council)
    sa = (
        SelfAssessment.objects.select_related(
            "created_by", "submitted_by", "signed_off_by", "reopened_by"
        )
        .filter(review=review, council=council)
        .first()
    )
    if sa is not None:
        sa.review, sa.council = review, council
    framework = framework_get(review)
    answers: dict[int, Answer] = {}
    files: dict[int, list[EvidenceFile]] = {}
    events: list[SelfAssessmentEvent] = []
    if sa is not None:
        for answer in Answer.objects.filter(self_assessment=sa).select_related(
            "updated_by", "moderated_by"
        ):
            answer.self_assessment = sa
            answers[answer.standard_id] = answer
        for attached in (
            EvidenceFile.objects.filter(answer__self_assessment=sa, archived_at__isnull=True)
            .select_related("uploaded_by")
            .order_by("uploaded_at", "pk")
        ):
            files.setdefault(attached.answer_id, []).append(attached)
        events = list(
            SelfAssessmentEvent.objects.filter(self_assessment=sa).select_related(
                "actor", "answer__standard"
            )
        )
    sections = [
        SectionView(
            section=section,
            standards=[
                StandardView(
                    standard=standard,
                    levels=framework.levels.get(standard.pk, []),
                    answer=answers.get(standard.pk),
                    files=files.get(answers[standard.pk].pk, []) if standard.pk in answers else [],
                )
                for standard in framework.standards_of(section)
            ],
        )
        for section in framework.sections
    ]
    answered = {pk for pk, a in answers.items() if a.level is not None}
    return SelfAssessmentPage(
        review=review,
        council=council,
        self_assessment=sa,
        sections=sections,
        progress=_progress(framework.standards, answered),
        events=events,
    )


def standard_view_get(
    *, self_assessment: SelfAssessment | None, standard: Standard
) -> StandardView:
    """One standard with its descriptors and the council's answer and files, for the page where
    the council answers it. Three queries."""
    answer = None
    attached: list[EvidenceFile] = []
    if self_assessment is not None:
        answer = (
            Answer.objects.filter(self_assessment=self_assessment, standard=standard)
            .select_related("updated_by", "moderated_by")
            .first()
        )
    if answer is not None:
        attached = list(
            answer.files.filter(archived_at__isnull=True)
            .select_related("uploaded_by")
            .order_by("uploaded_at", "pk")
        )
    return StandardView(
        standard=standard,
        levels=list(standard.levels.order_by("level")),
        answer=answer,
        files=attached,
    )


@dataclass(frozen=True)
class SelfAssessmentRow:
    """One council on the list of a review's self-assessments."""

    council: Council
    self_assessment: SelfAssessment | None
    answered: int
    total: int
    moderated: int

    @property
    def status_label(self) -> str:
        if self.self_assessment is None:
            return "Not started"
        return self.self_assessment.get_status_display()

    @property
    def progress_text(self) -> str:
        return f"{self.answered} of {self.total} standards answered"


def self_assessment_list(
    *, review: ThematicReview, fetched_by: access.AnyUser
) -> list[SelfAssessmentRow]:
    """Every council the user may see for the review (the Planning Group: all councils active in
    the review's year; a council's users: their own), with status, progress and how many
    answers have been moderated. Three queries."""
    if not access.may_act_at_all(fetched_by, VIEW):
        raise PermissionDenied
    councils = list(
        access.scope_to_councils(
            councils_for_review(review), fetched_by, action=VIEW, council_field="pk"
        )
    )
    found = {
        sa.council_id: sa
        for sa in SelfAssessment.objects.filter(review=review, council__in=[c.pk for c in councils])
        .select_related("submitted_by", "signed_off_by")
        .annotate(
            n_answered=Count("answers", filter=Q(answers__level__isnull=False)),
            n_moderated=Count("answers", filter=Q(answers__moderated_level__isnull=False)),
        )
    }
    total = Standard.objects.filter(review=review).count()
    rows = []
    for council in councils:
        sa = found.get(council.pk)
        if sa is not None:
            sa.review, sa.council = review, council
        rows.append(
            SelfAssessmentRow(
                council=council,
                self_assessment=sa,
                answered=getattr(sa, "n_answered", 0),
                total=total,
                moderated=getattr(sa, "n_moderated", 0),
            )
        )
    return rows


def review_list(*, year: int | None = None) -> list[ThematicReview]:
    """Thematic reviews, newest year first (every signed-in user may see that a review exists:
    its standards are not confidential). One query."""
    reviews = ThematicReview.objects.all()
    if year is not None:
        reviews = reviews.filter(year=year)
    return list(reviews.order_by("-year", "title"))
