"""Writes for thematic reviews and self-assessments: atomic, keyword-only, attributed.

``reviews``: setting up reviews, import/export, the regional report's narrative.
``assessments``: a council's self-assessment from start to submission, sign-off, reopening and
moderation. ``reminders``: e-mails before the closing date. Everything is importable from here.
"""

from selfassessment.services.assessments import (
    SubmissionIncomplete,
    answer_moderate,
    answer_save,
    evidence_file_add,
    evidence_file_archive,
    missing_key_standards,
    self_assessment_reopen,
    self_assessment_sign_off,
    self_assessment_start,
    self_assessment_submit,
)
from selfassessment.services.common import SelfAssessmentRefused
from selfassessment.services.reminders import RemindersResult, self_assessment_reminders_send
from selfassessment.services.reviews import (
    DATA_DIR,
    DEMO_REVIEW_FILES,
    ReviewImportOutcome,
    regional_report_publish,
    regional_report_save,
    review_copy,
    review_create,
    review_export,
    review_import,
    review_update,
    section_add,
    standard_add,
    standard_update,
)

__all__ = [
    "DATA_DIR",
    "DEMO_REVIEW_FILES",
    "RemindersResult",
    "ReviewImportOutcome",
    "SelfAssessmentRefused",
    "SubmissionIncomplete",
    "answer_moderate",
    "answer_save",
    "evidence_file_add",
    "evidence_file_archive",
    "missing_key_standards",
    "regional_report_publish",
    "regional_report_save",
    "review_copy",
    "review_create",
    "review_export",
    "review_import",
    "review_update",
    "section_add",
    "self_assessment_reminders_send",
    "self_assessment_reopen",
    "self_assessment_sign_off",
    "self_assessment_start",
    "self_assessment_submit",
    "standard_add",
    "standard_update",
]
