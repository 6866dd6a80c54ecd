"""The access matrix's entries for the security URLs (see test_matrix.py).

Two-factor sign-in is offered to the Planning Group, risk assessors and the regional
administrator; anyone else signed in gets 403. Turning it off when it is not on goes back to the
two-factor page. The code step of signing in needs a password step first, so without one
everybody is sent to sign in."""

from tests.access.personas import PERSONAS, SIGN_IN, Matrix, kw

TWO_FACTOR_ROLES = {
    "anonymous": SIGN_IN,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 403,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 403,
    "regional_admin": 200,
}
NOTHING_TO_TURN_OFF = {
    **TWO_FACTOR_ROLES,
    "planning_group_member": 302,
    "risk_assessor": 302,
    "regional_admin": 302,
}

SECURITY_MATRIX: Matrix = {
    "accounts:two_factor": ("get", kw(), TWO_FACTOR_ROLES),
    "accounts:two_factor_setup": ("get", kw(), TWO_FACTOR_ROLES),
    "accounts:two_factor_disable": ("get", kw(), NOTHING_TO_TURN_OFF),
    "accounts:two_factor_verify": ("get", kw(), dict.fromkeys(PERSONAS, SIGN_IN)),
}
