"""The access matrix's entries for the ``selfassessment`` app's URLs (see test_matrix.py)."""

from typing import Any

from tests.access.personas import (
    ADMIN_ONLY_ON_WIRRAL,
    ALL_200,
    SIGN_IN,
    WIRRAL_RECORD,
    Matrix,
    W,
    kw,
)

# Moderation and the regional report (before publication): the regional roles only; council
# users and board members see nothing of other councils' self-assessments until then.
REGIONAL_ONLY = {
    "anonymous": SIGN_IN,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 403,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 403,
    "regional_admin": 200,
}
REPORT_WRITERS = {**REGIONAL_ONLY, "risk_assessor": 403}


def REPORT_REVIEW(world: dict[str, Any]) -> int:
    return world["sa_report_review"].pk


# A council's self-assessment and setting up reviews.
SIGNED_IN = {**ALL_200, "anonymous": SIGN_IN}
ADMIN_ONLY = {**ADMIN_ONLY_ON_WIRRAL, "sefton_lead": 403}
# Changing Wirral's draft: its own lead and director (redirected after the change).
WIRRAL_EDITORS = {
    **WIRRAL_RECORD,
    "wirral_lead": 302,
    "wirral_director": 302,
    "planning_group_member": 403,
    "risk_assessor": 403,
    "regional_admin": 403,
}


def REVIEW(world: dict[str, Any]) -> int:
    return world["sa_review"].pk


def EVIDENCE_FILE(world: dict[str, Any]) -> int:
    return world["sa_evidence_file"].pk


SELFASSESSMENT_MATRIX: Matrix = {
    "selfassessment:index": ("get", kw(), SIGNED_IN),
    "selfassessment:review": ("get", kw(pk=REVIEW), SIGNED_IN),
    "selfassessment:review_create": ("get", kw(), ADMIN_ONLY),
    "selfassessment:review_import": ("get", kw(), ADMIN_ONLY),
    "selfassessment:review_edit": ("get", kw(pk=REVIEW), ADMIN_ONLY),
    "selfassessment:review_copy": ("get", kw(pk=REVIEW), ADMIN_ONLY),
    "selfassessment:review_export": ("get", kw(pk=REVIEW, fmt="xlsx"), ADMIN_ONLY),
    "selfassessment:section_add": ("get", kw(pk=REVIEW), ADMIN_ONLY),
    "selfassessment:standard_add": ("get", kw(pk=REVIEW), ADMIN_ONLY),
    "selfassessment:standard_edit": (
        "get",
        kw(pk=REVIEW, standard_pk=lambda w: w["sa_review"].standards.get(code="1.1").pk),
        ADMIN_ONLY,
    ),
    "selfassessment:self_assessment": ("get", kw(pk=REVIEW, slug=W), WIRRAL_RECORD),
    "selfassessment:answer": ("get", kw(pk=REVIEW, slug=W, code="1.1"), WIRRAL_RECORD),
    "selfassessment:evidence_file": (
        "get",
        kw(pk=REVIEW, slug=W, code="1.1", file_pk=EVIDENCE_FILE),
        WIRRAL_RECORD,
    ),
    "selfassessment:evidence_file_archive": (
        "post",
        kw(pk=REVIEW, slug=W, code="1.1", file_pk=EVIDENCE_FILE),
        WIRRAL_EDITORS,
    ),
    "selfassessment:submit": ("post", kw(pk=REVIEW, slug=W), WIRRAL_EDITORS),
    # The draft is not submitted: the director is told so on the page (a redirect).
    "selfassessment:sign_off": (
        "post",
        kw(pk=REVIEW, slug=W),
        {**WIRRAL_EDITORS, "wirral_lead": 403},
    ),
    "selfassessment:reopen": ("get", kw(pk=REVIEW, slug=W), ADMIN_ONLY_ON_WIRRAL),
    # Moderation and the regional report
    "selfassessment:review_list": ("get", kw(pk=REPORT_REVIEW), REGIONAL_ONLY),
    "selfassessment:moderate": (
        "get",
        kw(pk=REPORT_REVIEW, council_slug=W, code="1.1"),
        REGIONAL_ONLY,
    ),
    "selfassessment:report": ("get", kw(pk=REPORT_REVIEW), REGIONAL_ONLY),
    "selfassessment:report_edit": ("get", kw(pk=REPORT_REVIEW), REPORT_WRITERS),
    # The review is still open, so publishing is refused (400) for those who may publish.
    "selfassessment:report_publish": (
        "post",
        kw(pk=REPORT_REVIEW),
        {**REPORT_WRITERS, "planning_group_member": 400, "regional_admin": 400},
    ),
    "selfassessment:report_pdf": ("get", kw(pk=REPORT_REVIEW), REGIONAL_ONLY),
    "selfassessment:report_xlsx": ("get", kw(pk=REPORT_REVIEW), REGIONAL_ONLY),
}
