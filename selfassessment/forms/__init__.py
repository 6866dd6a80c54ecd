"""Forms for setting up thematic reviews, for a council's self-assessment and for the Planning
Group's moderation and regional report. The page copy and every error message live here, written
for the person filling them in; the rules a review or a self-assessment must keep are the
services' (``SelfAssessmentRefused``).

crispy-forms-gds renders labels and help text as HTML, so none of them carries text from the
database; a level's descriptor goes in a radio's hint, which the template escapes.
"""

from selfassessment.forms.assessments import AnswerForm, EvidenceFileForm, ReopenForm
from selfassessment.forms.report import ModerationForm, ReportNarrativeForm
from selfassessment.forms.reviews import (
    ReviewCopyForm,
    ReviewCreateForm,
    ReviewEditForm,
    ReviewImportForm,
    SectionForm,
    StandardForm,
)

__all__ = [
    "AnswerForm",
    "EvidenceFileForm",
    "ModerationForm",
    "ReopenForm",
    "ReportNarrativeForm",
    "ReviewCopyForm",
    "ReviewCreateForm",
    "ReviewEditForm",
    "ReviewImportForm",
    "SectionForm",
    "StandardForm",
]
