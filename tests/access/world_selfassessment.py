"""One of everything the ``selfassessment`` app's URLs address, added to the access matrix's world."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from selfassessment.services import evidence_file_add, self_assessment_start
from tests.selfassessment.helpers import answer_all, import_demo, submitted


def build_selfassessment_world(world: dict[str, Any]) -> dict[str, Any]:
    """Records for the ``selfassessment`` URLs, built on the core world; returns the keys to add."""
    # Moderation and the regional report: the safeguarding review, open and not published, with
    # Wirral's self-assessment submitted (every standard at Level 2).
    report_review = import_demo("safeguarding-adults.csv", title="Safeguarding adults")
    submitted(report_review, world["wirral"], world["lead"], level=2)
    # A council's self-assessment: the ICBO review, open, with Wirral's draft answered in full
    # (so its lead can submit it) and a file of evidence on 1.1.
    review = import_demo()
    draft = self_assessment_start(review=review, council=world["wirral"], started_by=world["lead"])
    answer_all(draft, world["lead"])
    evidence = evidence_file_add(
        answer=draft.answers.get(standard__code="1.1"),
        file=SimpleUploadedFile("audit.pdf", b"%PDF-1.4\n%%EOF\n"),
        uploaded_by=world["lead"],
    )
    return {"sa_report_review": report_review, "sa_review": review, "sa_evidence_file": evidence}
