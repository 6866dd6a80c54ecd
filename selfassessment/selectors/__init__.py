"""Reads for thematic reviews and self-assessments, each with a fixed number of queries.

``assessments``: a council's self-assessment page, one standard, the list of a review's
self-assessments, progress. ``moderation``: the Planning Group's moderation of one answer.
``report``: the regional report, Level 1 failures (for ``triggers``) and top-level standards
(for ``support``'s excellence directory). Everything is importable from here.
"""

from selfassessment.selectors.assessments import (
    Framework,
    Progress,
    SectionView,
    SelfAssessmentPage,
    SelfAssessmentRow,
    StandardView,
    councils_for_review,
    framework_get,
    review_list,
    self_assessment_get,
    self_assessment_list,
    self_assessment_progress,
    standard_view_get,
)
from selfassessment.selectors.moderation import ModerationPage, StandardLink, moderation_get
from selfassessment.selectors.report import (
    AREA_RULE,
    AREA_SHARE,
    AreaForDevelopment,
    CouncilPosition,
    RegionalReport,
    SectionPosition,
    StandardDistribution,
    Strength,
    TopLevelStandard,
    level1_failures,
    regional_report_get,
    top_level_standards,
)

__all__ = [
    "AREA_RULE",
    "AREA_SHARE",
    "AreaForDevelopment",
    "CouncilPosition",
    "Framework",
    "ModerationPage",
    "Progress",
    "RegionalReport",
    "SectionPosition",
    "SectionView",
    "SelfAssessmentPage",
    "SelfAssessmentRow",
    "StandardDistribution",
    "StandardLink",
    "StandardView",
    "Strength",
    "TopLevelStandard",
    "councils_for_review",
    "framework_get",
    "level1_failures",
    "moderation_get",
    "regional_report_get",
    "review_list",
    "self_assessment_get",
    "self_assessment_list",
    "self_assessment_progress",
    "standard_view_get",
    "top_level_standards",
]
