"""The access matrix's entries for the operations URLs (see test_matrix.py).

The health endpoint answers everyone, signed in or not: whether it says 200 or 503 depends on
the database, the broker and the workers, never on who asks. The audit log and the
administration pages are the regional administrator's alone."""

from tests.access.personas import PERIOD, PERSONAS, SIGN_IN, Matrix, kw


class HealthAnswer(int):
    """200 when every part answers, 503 when one does not; either way, not a refusal."""

    def __eq__(self, other: object) -> bool:
        return other in (200, 503)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = int.__hash__


ANSWERS_ANYONE = dict.fromkeys(PERSONAS, HealthAnswer(200))
ADMINISTRATOR_ONLY = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": SIGN_IN,
    "regional_admin": 200,
}

ADMINISTRATOR_POSTS = {**ADMINISTRATOR_ONLY, "regional_admin": 302}
SPARE = kw(pk=lambda w: w["spare_membership"].user_id)

OPERATIONS_MATRIX: Matrix = {
    "operations:health": ("get", kw(), ANSWERS_ANYONE),
    "operations:access_log": ("get", kw(), ADMINISTRATOR_ONLY),
    "operations:access_log_csv": ("get", kw(), ADMINISTRATOR_ONLY),
    "operations:change_log": ("get", kw(), ADMINISTRATOR_ONLY),
    # Administration: quarters and people
    "operations:administration": ("get", kw(), ADMINISTRATOR_ONLY),
    "operations:quarters": ("get", kw(), ADMINISTRATOR_ONLY),
    "operations:quarter_open": ("get", kw(), ADMINISTRATOR_ONLY),
    "operations:quarter": ("get", kw(slug=PERIOD), ADMINISTRATOR_ONLY),
    "operations:quarter_close": ("post", kw(slug=PERIOD), ADMINISTRATOR_POSTS),
    "operations:people": ("get", kw(), ADMINISTRATOR_ONLY),
    "operations:invite": ("get", kw(), ADMINISTRATOR_ONLY),
    "operations:person": ("get", SPARE, ADMINISTRATOR_ONLY),
    "operations:role_remove": (
        "post",
        kw(
            pk=lambda w: w["spare_membership"].user_id,
            membership_pk=lambda w: w["spare_membership"].pk,
        ),
        ADMINISTRATOR_POSTS,
    ),
}
