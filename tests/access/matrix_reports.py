"""The access matrix's entries for the ``reports`` app's URLs (see test_matrix.py).

A published Regional Account is for every signed-in role (board members, the Planning Group,
risk assessors, the administrator and council users of any council); the Planning Group and
the administrator ask for new versions and see drafts (a draft is a 404 to anyone else);
publishing and withdrawing are the administrator's. The key messages and regional summary on
the web are for board members, the Planning Group and the administrator; the Planning Group
and the administrator edit the key messages."""

from tests.access.personas import SIGN_IN, Matrix, kw

EVERY_SIGNED_IN = {
    "anonymous": SIGN_IN,
    "wirral_lead": 200,
    "wirral_director": 200,
    "sefton_lead": 200,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 200,
    "regional_admin": 200,
}
ADMIN_ONLY = {**EVERY_SIGNED_IN, **dict.fromkeys(list(EVERY_SIGNED_IN)[1:-1], 403)}
DRAFT = {
    **EVERY_SIGNED_IN,
    **dict.fromkeys(list(EVERY_SIGNED_IN)[1:-1], 404),
    "planning_group_member": 200,
}
REQUESTERS = {**ADMIN_ONLY, "planning_group_member": 200}
KEY_MESSAGE_EDITORS = REQUESTERS
KEY_MESSAGE_READERS = {**REQUESTERS, "board_member": 200}


def PUBLISHED(world: dict) -> int:
    return world["published_account"].pk


def DRAFT_ACCOUNT(world: dict) -> int:
    return world["draft_account"].pk


def SCORECARD_YEAR(world: dict) -> int:
    return world["period"].year


REPORTS_MATRIX: Matrix = {
    "reports:list": ("get", kw(), EVERY_SIGNED_IN),
    "reports:latest": ("get", kw(), EVERY_SIGNED_IN),
    "reports:generate": ("get", kw(), REQUESTERS),
    "reports:status": ("get", kw(pk=DRAFT_ACCOUNT), DRAFT),
    "reports:status_json": ("get", kw(pk=DRAFT_ACCOUNT), DRAFT),
    "reports:download": ("get", kw(pk=PUBLISHED), EVERY_SIGNED_IN),
    "reports:publish": ("post", kw(pk=DRAFT_ACCOUNT), {**ADMIN_ONLY, "regional_admin": 302}),
    "reports:key_messages": ("get", kw(year=SCORECARD_YEAR), KEY_MESSAGE_READERS),
    "reports:key_message_edit": (
        "get",
        kw(year=SCORECARD_YEAR, topic="domains"),
        KEY_MESSAGE_EDITORS,
    ),
    "reports:withdraw": ("post", kw(pk=PUBLISHED), {**ADMIN_ONLY, "regional_admin": 400}),
}
