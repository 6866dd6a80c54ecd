"""The Level 1 finder (Table 2, Other Intelligence 1: "failure to meet minimum standards (i.e.
Level 1) on key elements of self assessment for thematic reviews"; source "completed self
assessment following thematic review"). Registered when the evaluation imports it;
``selfassessment``, to the left of ``triggers``, knows nothing of it.

A finding is yearly: its key ends in the review's financial year, so evaluating any quarter of
that year looks at it again, and a council whose moderated level lifts it to Level 1, or whose
self-assessment is reopened, sees the flag cleared (not closed) on the next evaluation.
"""

from django.urls import NoReverseMatch, reverse

from returns.models import Period
from selfassessment.models import level_label
from selfassessment.selectors import level1_failures
from sli_portal.financial_years import year_label, year_slug
from triggers.automatic.registry import Finding, register_finder
from triggers.models import Automatic

# The self-assessment page the pages of ``selfassessment`` are expected to name.
SELF_ASSESSMENT_URL = "selfassessment:self_assessment"


def _evidence_url(review_id: int, council_slug: str) -> str:
    try:
        return reverse(SELF_ASSESSMENT_URL, args=[review_id, council_slug])
    except NoReverseMatch:
        return ""


@register_finder(Automatic.SELF_ASSESSMENT_LEVEL1)
def self_assessment_level1(period: Period) -> list[Finding]:
    """Each key element of a thematic review of the period's financial year on which a council's
    submitted self-assessment stands below Level 1 (the Planning Group's moderated level if
    there is one, otherwise the council's claim)."""
    findings = []
    for council, standard, review in level1_failures(year=period.year):
        findings.append(
            Finding(
                council_id=council.pk,
                kind=Automatic.SELF_ASSESSMENT_LEVEL1,
                key=f"self_assessment_level1:{review.slug}:{standard.code}:{year_slug(review.year)}",
                title=f"Below Level 1 on key element {standard.code} of {review.title}"[:200],
                reasons=(
                    f"{council.name}'s submitted self-assessment for the thematic review "
                    f"'{review.title}' ({year_label(review.year)}) is {level_label(0).lower()} on "
                    f"key element {standard.code} {standard.title}. Level 1 is the minimum "
                    "standard."
                ),
                evidence_url=_evidence_url(review.pk, council.slug),
                period=year_label(review.year),
            )
        )
    return findings
