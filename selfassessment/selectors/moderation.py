"""The Planning Group's moderation of one council's answer on one standard: the answer with its
files and the level descriptors, why it cannot be moderated now (if so), and every standard of
the review with the council's claim and any moderated level, to move between them."""

from dataclasses import dataclass

from authorities.models import Council
from selfassessment.models import Answer, SelfAssessment, Standard, ThematicReview, level_label
from selfassessment.selectors.assessments import StandardView, standard_view_get


@dataclass(frozen=True)
class StandardLink:
    standard: Standard
    claimed: str
    moderated: str


@dataclass(frozen=True)
class ModerationPage:
    review: ThematicReview
    self_assessment: SelfAssessment | None
    standard: Standard
    view: StandardView
    others: list[StandardLink]

    @property
    def answer(self) -> Answer | None:
        return self.view.answer

    @property
    def why_not(self) -> str:
        """Why this answer cannot be moderated now, or "" when it can."""
        sa, answer, code = self.self_assessment, self.answer, self.standard.code
        council = sa.council.name if sa is not None else "The council"
        if self.review.report_is_published:
            return (
                "The regional report has been published, so moderated levels can no longer change."
            )
        if sa is None or not sa.is_submitted:
            return (
                f"{council} has not submitted its self-assessment, so it cannot be moderated yet."
            )
        if answer is None or answer.level is None:
            return f"{council} did not claim a level on {code}, so there is nothing to moderate."
        return ""


def moderation_get(*, review: ThematicReview, council: Council, code: str) -> ModerationPage | None:
    """The council's answer on the review's standard ``code`` for moderation, or None when the
    review has no such standard. Seven queries."""
    standard = Standard.objects.select_related("section").filter(review=review, code=code).first()
    if standard is None:
        return None
    sa = (
        SelfAssessment.objects.select_related("submitted_by", "signed_off_by")
        .filter(review=review, council=council)
        .first()
    )
    if sa is not None:
        sa.review, sa.council = review, council
    view = standard_view_get(self_assessment=sa, standard=standard)
    if view.answer is not None and sa is not None:
        view.answer.self_assessment, view.answer.standard = sa, standard
    return ModerationPage(
        review=review,
        self_assessment=sa,
        standard=standard,
        view=view,
        others=_other_standards(review, sa),
    )


def _other_standards(review: ThematicReview, sa: SelfAssessment | None) -> list[StandardLink]:
    """Every standard of the review with the council's claim and any moderated level. Two
    queries."""
    standards = list(Standard.objects.filter(review=review).order_by("section__order", "order"))
    found: dict[int, tuple[int | None, int | None]] = {}
    if sa is not None:
        found = {
            sid: (level, moderated)
            for sid, level, moderated in Answer.objects.filter(self_assessment=sa).values_list(
                "standard_id", "level", "moderated_level"
            )
        }
    links = []
    for standard in standards:
        level, moderated = found.get(standard.pk, (None, None))
        links.append(
            StandardLink(
                standard=standard,
                claimed=level_label(level),
                moderated="" if moderated is None else level_label(moderated),
            )
        )
    return links
