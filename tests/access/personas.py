"""What the access matrix is made of: the personas, the usual expectations, and a helper for
the URL keyword arguments read from the world. Each app's entries live in ``matrix_<app>.py``."""

from collections.abc import Callable
from typing import Any

PERSONAS = [
    "anonymous",
    "wirral_lead",
    "wirral_director",
    "sefton_lead",
    "planning_group_member",
    "risk_assessor",
    "board_member",
    "regional_admin",
]

ALL_200 = dict.fromkeys(PERSONAS, 200)
SIGN_IN = 302
# A Wirral record: its own council's users and the regional reviewers see it; Sefton gets 404.
WIRRAL_RECORD = {
    "anonymous": SIGN_IN,
    "wirral_lead": 200,
    "wirral_director": 200,
    "sefton_lead": 404,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 403,
    "regional_admin": 200,
}
REVIEWERS_AND_COUNCILS = {**WIRRAL_RECORD, "sefton_lead": 200}
ADMIN_ONLY_ON_WIRRAL = {
    "anonymous": SIGN_IN,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 404,
    "planning_group_member": 403,
    "risk_assessor": 403,
    "board_member": 403,
    "regional_admin": 200,
}
LEAD_ONLY_ON_WIRRAL = {**ADMIN_ONLY_ON_WIRRAL, "wirral_lead": 200, "regional_admin": 403}
STAFF_ONLY = {**dict.fromkeys(PERSONAS, 302), "regional_admin": 200}

W = "wirral"


def PERIOD(world: dict[str, Any]) -> str:
    return world["period"].slug


def CONCERN(world: dict[str, Any]) -> int:
    return world["concern"].pk


def kw(**kwargs: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda world: {k: (v(world) if callable(v) else v) for k, v in kwargs.items()}


Matrix = dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]], dict[str, int]]]
