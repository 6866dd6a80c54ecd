"""Reads for the regional report of a thematic review (Wirral report 2.6.1: "a single report on
the region's strengths and areas for development for each theme ... used to celebrate
excellence as well as to identify areas where support may be required"), and the reads other
apps use: Level 1 failures (Table 2, Other Intelligence 1) and the top-level standards for the
excellence directory.

Only *submitted* self-assessments count; each answer counts at its effective level (the
Planning Group's moderated level if there is one, otherwise the council's claim).

- **Strengths**: for each standard, the councils at the review's top level, named.
- **Areas for development**: a standard where a third or more of the councils that submitted
  (:data:`AREA_SHARE`) are below Level 2 (Level 1 or below Level 1); each states how many of
  them are below Level 1, the minimum.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q

from accounts import access
from authorities.models import Council
from selfassessment.models import (
    BELOW_LEVEL_1,
    Answer,
    Section,
    SelfAssessment,
    SelfAssessmentStatus,
    Standard,
    ThematicReview,
    level_label,
)
from selfassessment.selectors.assessments import Framework, councils_for_review, framework_get

AREA_SHARE = Fraction(1, 3)
AREA_RULE = (
    "A standard is an area for development when a third or more of the councils that submitted "
    "are below Level 2 on it."
)


@dataclass(frozen=True)
class StandardDistribution:
    """How the councils stand on one standard: the number at each effective level (0 = below
    Level 1), and those that submitted without answering it or did not submit."""

    standard: Standard
    counts: dict[int, int]
    not_answered: int
    not_submitted: int
    top_councils: list[Council]
    below_level_1_councils: list[Council]
    below_level_2_councils: list[Council]

    @property
    def submitted(self) -> int:
        return sum(self.counts.values()) + self.not_answered

    @property
    def rows(self) -> list[tuple[str, int]]:
        """(label, count) in the order a table or chart shows them."""
        return [(level_label(level), n) for level, n in sorted(self.counts.items())] + [
            ("Not answered", self.not_answered),
            ("Not submitted", self.not_submitted),
        ]


@dataclass(frozen=True)
class AreaForDevelopment:
    standard: Standard
    below_level_2: int
    below_level_1: int
    submitted: int
    councils: list[Council]


@dataclass(frozen=True)
class Strength:
    standard: Standard
    councils: list[Council]


@dataclass(frozen=True)
class SectionPosition:
    """One council's position in one section: counts per effective level and the average of
    its answered standards (below Level 1 counting as 0)."""

    section: Section
    counts: dict[int, int]
    answered: int
    total: int
    average: float | None


@dataclass(frozen=True)
class CouncilPosition:
    """One council's position: ``levels`` maps a standard id to (claimed, moderated,
    effective); ``submitted`` is False for a council that has not submitted (no levels)."""

    council: Council
    self_assessment: SelfAssessment | None
    submitted: bool
    sections: list[SectionPosition]
    levels: dict[int, tuple[int | None, int | None, int | None]]
    average: float | None

    @property
    def status_label(self) -> str:
        return (
            "Not started"
            if self.self_assessment is None
            else self.self_assessment.get_status_display()
        )


@dataclass(frozen=True)
class RegionalReport:
    review: ThematicReview
    framework: Framework
    distributions: list[StandardDistribution]
    strengths: list[Strength]
    areas_for_development: list[AreaForDevelopment]
    councils: list[CouncilPosition]
    area_rule: str = AREA_RULE

    @property
    def submitted(self) -> int:
        return sum(1 for c in self.councils if c.submitted)

    @property
    def levels(self) -> list[int]:
        """Every level the distribution counts, below Level 1 first."""
        return [BELOW_LEVEL_1, *self.review.levels]


def _average(levels: list[int]) -> float | None:
    return round(sum(levels) / len(levels), 2) if levels else None


def _position(
    council: Council,
    sa: SelfAssessment | None,
    framework: Framework,
    answers: dict[int, tuple[int | None, int | None]],
    levels: list[int],
) -> CouncilPosition:
    submitted = sa is not None and sa.status == SelfAssessmentStatus.SUBMITTED
    grid: dict[int, tuple[int | None, int | None, int | None]] = {}
    if submitted:
        for standard_id, (claimed, moderated) in answers.items():
            grid[standard_id] = (
                claimed,
                moderated,
                moderated if moderated is not None else claimed,
            )
    sections = []
    for section in framework.sections:
        standards = framework.standards_of(section)
        effective = [grid[s.pk][2] for s in standards if s.pk in grid and grid[s.pk][2] is not None]
        sections.append(
            SectionPosition(
                section=section,
                counts={level: sum(1 for e in effective if e == level) for level in levels},
                answered=len(effective),
                total=len(standards),
                average=_average([e for e in effective if e is not None]),
            )
        )
    every = [e for _, _, e in grid.values() if e is not None]
    return CouncilPosition(
        council=council,
        self_assessment=sa,
        submitted=submitted,
        sections=sections,
        levels=grid,
        average=_average(every),
    )


def regional_report_get(*, review: ThematicReview, fetched_by: access.AnyUser) -> RegionalReport:
    """The regional report's figures for a review: per standard the distribution of effective
    levels across councils, strengths (councils at the top level, named), areas for development
    (see the module docstring), and each council's position per section. Before publication only
    the Planning Group, risk assessors and the administrator may read it (403 otherwise);
    after publication, whoever the page lets in. Six queries at any scale."""
    if (
        not review.report_is_published
        and access.council_ids_for(fetched_by, "view_self_assessment") is not None
    ):
        raise PermissionDenied
    framework = framework_get(review)
    councils = list(councils_for_review(review))
    self_assessments = {
        sa.council_id: sa
        for sa in SelfAssessment.objects.filter(review=review).select_related("signed_off_by")
    }
    {pk for pk, sa in self_assessments.items() if sa.status == SelfAssessmentStatus.SUBMITTED}
    answers: dict[int, dict[int, tuple[int | None, int | None]]] = {}
    rows = Answer.objects.filter(
        self_assessment__review=review, self_assessment__status=SelfAssessmentStatus.SUBMITTED
    ).values_list("self_assessment__council_id", "standard_id", "level", "moderated_level")
    for council_id, standard_id, level, moderated in rows:
        answers.setdefault(council_id, {})[standard_id] = (level, moderated)
    levels = [BELOW_LEVEL_1, *review.levels]
    positions = [
        _position(c, self_assessments.get(c.pk), framework, answers.get(c.pk, {}), levels)
        for c in councils
    ]
    distributions = [
        _distribution(s, positions, levels, review.max_level) for s in framework.standards
    ]
    return RegionalReport(
        review=review,
        framework=framework,
        distributions=distributions,
        strengths=[Strength(d.standard, d.top_councils) for d in distributions if d.top_councils],
        areas_for_development=[
            AreaForDevelopment(
                standard=d.standard,
                below_level_2=len(d.below_level_2_councils),
                below_level_1=len(d.below_level_1_councils),
                submitted=d.submitted,
                councils=d.below_level_2_councils,
            )
            for d in distributions
            if d.submitted and Fraction(len(d.below_level_2_councils), d.submitted) >= AREA_SHARE
        ],
        councils=positions,
    )


def _distribution(
    standard: Standard, positions: list[CouncilPosition], levels: list[int], top: int
) -> StandardDistribution:
    counts = dict.fromkeys(levels, 0)
    not_answered = not_submitted = 0
    at_top: list[Council] = []
    below_1: list[Council] = []
    below_2: list[Council] = []
    for position in positions:
        if not position.submitted:
            not_submitted += 1
            continue
        effective = position.levels.get(standard.pk, (None, None, None))[2]
        if effective is None:
            not_answered += 1
            continue
        counts[effective] += 1
        if effective == top:
            at_top.append(position.council)
        if effective < 2:
            below_2.append(position.council)
        if effective == BELOW_LEVEL_1:
            below_1.append(position.council)
    return StandardDistribution(
        standard=standard,
        counts=counts,
        not_answered=not_answered,
        not_submitted=not_submitted,
        top_councils=at_top,
        below_level_1_councils=below_1,
        below_level_2_councils=below_2,
    )


def _effective(level: int) -> Q:
    """Answers whose effective level is ``level``: moderated to it, or claimed at it and not
    moderated."""
    return Q(moderated_level=level) | Q(moderated_level__isnull=True, level=level)


def level1_failures(*, year: int) -> list[tuple[Council, Standard, ThematicReview]]:
    """(council, standard, review) for each key element of a review of financial year ``year``
    on which a council's *submitted* self-assessment is below Level 1 (effective level). The
    Table 2 trigger "Failure to meet minimum standards (i.e. Level 1) on key elements of self
    assessment for thematic reviews" (MoU Table 2, Other Intelligence). One query."""
    answers = (
        Answer.objects.filter(
            _effective(BELOW_LEVEL_1),
            standard__is_key_element=True,
            self_assessment__status=SelfAssessmentStatus.SUBMITTED,
            self_assessment__review__year=year,
        )
        .select_related("self_assessment__council", "self_assessment__review", "standard")
        .order_by(
            "self_assessment__council__name", "self_assessment__review__title", "standard__code"
        )
    )
    return [(a.self_assessment.council, a.standard, a.self_assessment.review) for a in answers]


class TopLevelStandard(NamedTuple):
    """A council at the top level of a standard: a strength to share in the excellence
    directory."""

    council_id: int
    review_title: str
    standard_code: str
    standard_title: str
    level: int
    top_level: int


def top_level_standards(*, year: int) -> list[TopLevelStandard]:
    """Every (council, standard) at the review's top level (effective level) in the submitted
    self-assessments of reviews of financial year ``year`` whose regional report has been
    published: until then a council's self-assessment is seen only by its own council and the
    Planning Group. Ordered by council, review and standard code. One query."""
    top = F("standard__review__max_level")
    rows = (
        Answer.objects.filter(
            Q(moderated_level=top) | Q(moderated_level__isnull=True, level=top),
            self_assessment__status=SelfAssessmentStatus.SUBMITTED,
            self_assessment__review__year=year,
            self_assessment__review__report_published_at__isnull=False,
        )
        .order_by("self_assessment__council_id", "standard__review__title", "standard__code")
        .values_list(
            "self_assessment__council_id",
            "standard__review__title",
            "standard__code",
            "standard__title",
            "standard__review__max_level",
        )
    )
    return [
        TopLevelStandard(council_id, title, code, standard_title, top_level, top_level)
        for council_id, title, code, standard_title, top_level in rows
    ]
