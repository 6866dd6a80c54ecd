"""The access matrix's entries for the notifications URLs (see test_matrix.py).

Every signed-in person chooses their own e-mails; anonymous visitors are sent to sign in."""

from tests.access.personas import ALL_200, SIGN_IN, Matrix, kw

NOTIFICATIONS_MATRIX: Matrix = {
    "notifications:preferences": ("get", kw(), {**ALL_200, "anonymous": SIGN_IN}),
}
