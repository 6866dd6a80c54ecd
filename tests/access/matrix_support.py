"""The access matrix's entries for the ``support`` app's URLs (see test_matrix.py)."""

from typing import Any

from tests.access.personas import (
    ADMIN_ONLY_ON_WIRRAL,
    ALL_200,
    LEAD_ONLY_ON_WIRRAL,
    REVIEWERS_AND_COUNCILS,
    SIGN_IN,
    WIRRAL_RECORD,
    Matrix,
    W,
    kw,
)
from tests.access.world import YEAR

# --- Ledger, challenges and events ---
# The ledger and challenges: whoever sees engagements (council users, the Planning Group, risk
# assessors, the administrator); board members never (``support.selectors.ledger_get``).
# Events: every signed-in user. Managing events and resolving challenges: the administrator.
SIGNED_IN = {**ALL_200, "anonymous": SIGN_IN}
ADMIN_ONLY = {**ADMIN_ONLY_ON_WIRRAL, "sefton_lead": 403}
WIRRAL_CHALLENGERS = {**LEAD_ONLY_ON_WIRRAL, "wirral_director": 200}
# An empty booking form: council users are told what is missing (400); other roles never book.
BOOKERS = {
    "anonymous": SIGN_IN,
    "wirral_lead": 400,
    "wirral_director": 400,
    "sefton_lead": 400,
    "planning_group_member": 403,
    "risk_assessor": 403,
    "board_member": 403,
    "regional_admin": 403,
}
# Wirral's booking: cancelled by Wirral's own users or the administrator (then redirected).
WIRRAL_BOOKING_CANCELLERS = {
    **ADMIN_ONLY_ON_WIRRAL,
    "wirral_lead": 302,
    "wirral_director": 302,
    "regional_admin": 302,
}


def EVENT(world: dict[str, Any]) -> int:
    return world["support_event"].pk


def BOOKING(world: dict[str, Any]) -> int:
    return world["support_booking"].pk


LEDGER_MATRIX: Matrix = {
    "support:ledger": ("get", kw(), REVIEWERS_AND_COUNCILS),
    "support:ledger_csv": ("get", kw(year=YEAR), REVIEWERS_AND_COUNCILS),
    "support:challenges": ("get", kw(), REVIEWERS_AND_COUNCILS),
    "support:challenge_lodge": ("get", kw(year=YEAR, slug=W), WIRRAL_CHALLENGERS),
    "support:challenge_resolve": (
        "get",
        kw(pk=lambda w: w["support_challenge"].pk),
        ADMIN_ONLY,
    ),
    "support:events": ("get", kw(), SIGNED_IN),
    "support:event": ("get", kw(pk=EVENT), SIGNED_IN),
    "support:events_ical": ("get", kw(), SIGNED_IN),
    "support:event_create": ("get", kw(), ADMIN_ONLY),
    "support:event_edit": ("get", kw(pk=EVENT), ADMIN_ONLY),
    "support:beacon_funding": ("get", kw(pk=EVENT), ADMIN_ONLY),
    "support:event_book": ("post", kw(pk=EVENT), BOOKERS),
    "support:booking_cancel": ("post", kw(pk=BOOKING), WIRRAL_BOOKING_CANCELLERS),
    # An empty attendance form: the administrator is told what is missing.
    "support:attendance": ("post", kw(pk=BOOKING), {**ADMIN_ONLY, "regional_admin": 400}),
}

# --- Table 1, the excellence directory and engagements ---
# A council's own directory entries: its lead and director, and the administrator.
WIRRAL_WRITERS = {
    "anonymous": SIGN_IN,
    "wirral_lead": 200,
    "wirral_director": 200,
    "sefton_lead": 404,
    "planning_group_member": 403,
    "risk_assessor": 403,
    "board_member": 403,
    "regional_admin": 200,
}
WIRRAL_WRITERS_POST = {**WIRRAL_WRITERS, "wirral_lead": 302, "wirral_director": 302,
                       "regional_admin": 302}  # fmt: skip
# Brokers: recommending, matching, endorsing (the Planning Group, risk assessors, the
# administrator).
BROKERS = {
    "anonymous": SIGN_IN,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 403,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 403,
    "regional_admin": 200,
}
BROKERS_POST = {**BROKERS, "planning_group_member": 302, "risk_assessor": 302,
                "regional_admin": 302}  # fmt: skip
# Asking for self help: Wirral's own lead and director only.
WIRRAL_REQUESTERS = {**WIRRAL_WRITERS, "regional_admin": 403}
# Moving Wirral's engagement along: Wirral's users and the brokers (then redirected); an empty
# decline form is answered with what is missing (400).
WIRRAL_MANAGERS_POST = {**WIRRAL_RECORD, "wirral_lead": 302, "wirral_director": 302,
                        "planning_group_member": 302, "risk_assessor": 302,
                        "regional_admin": 302}  # fmt: skip
WIRRAL_MANAGERS_400 = {
    k: 400 if v == 302 and k != "anonymous" else v for k, v in WIRRAL_MANAGERS_POST.items()
}
# Knowsley's row on Wirral's engagement: Wirral sees the engagement but may not record for
# Knowsley (403); Sefton sees nothing of it (404).
KNOWSLEY_DAYS = {**WIRRAL_RECORD, "wirral_lead": 403, "wirral_director": 403}
# Feedback is each side's own: Wirral's for itself; nobody in these personas is Knowsley's.
WIRRAL_FEEDBACK = {**WIRRAL_RECORD, "planning_group_member": 403, "risk_assessor": 403,
                   "regional_admin": 403}  # fmt: skip
KNOWSLEY_FEEDBACK = {**dict.fromkeys(WIRRAL_RECORD, 403), "anonymous": SIGN_IN,
                     "sefton_lead": 404}  # fmt: skip


def STRENGTH(world: dict[str, Any]) -> int:
    return world["support_strength"].pk


def ENGAGEMENT(world: dict[str, Any]) -> int:
    return world["support_engagement"].pk


def PROVIDER(world: dict[str, Any]) -> int:
    return world["support_provider"].pk


ENGAGEMENTS_MATRIX: Matrix = {
    "support:index": ("get", kw(), SIGNED_IN),
    "support:directory": ("get", kw(), SIGNED_IN),
    "support:every_strength": ("get", kw(), ADMIN_ONLY),
    "support:strength": ("get", kw(pk=STRENGTH), SIGNED_IN),
    "support:strength_endorse": ("post", kw(pk=STRENGTH), BROKERS_POST),
    "support:council_strengths": ("get", kw(slug=W), WIRRAL_WRITERS),
    "support:strength_suggestions": ("get", kw(slug=W), WIRRAL_WRITERS),
    "support:strength_create": ("get", kw(slug=W), WIRRAL_WRITERS),
    "support:strength_edit": ("get", kw(slug=W, pk=STRENGTH), WIRRAL_WRITERS),
    "support:strength_publish": ("post", kw(slug=W, pk=STRENGTH), WIRRAL_WRITERS_POST),
    "support:strength_archive": ("post", kw(slug=W, pk=STRENGTH), WIRRAL_WRITERS_POST),
    "support:engagements": ("get", kw(), REVIEWERS_AND_COUNCILS),
    "support:engagement_request": ("get", kw(slug=W), WIRRAL_REQUESTERS),
    "support:engagement_recommend": ("get", kw(), BROKERS),
    "support:engagement": ("get", kw(pk=ENGAGEMENT), WIRRAL_RECORD),
    "support:engagement_match": ("get", kw(pk=ENGAGEMENT), BROKERS),
    "support:engagement_agree": ("post", kw(pk=ENGAGEMENT), WIRRAL_MANAGERS_POST),
    "support:engagement_start": ("post", kw(pk=ENGAGEMENT), WIRRAL_MANAGERS_POST),
    "support:engagement_complete": ("post", kw(pk=ENGAGEMENT), WIRRAL_MANAGERS_POST),
    "support:engagement_decline": ("post", kw(pk=ENGAGEMENT), WIRRAL_MANAGERS_400),
    "support:engagement_dates": ("post", kw(pk=ENGAGEMENT), WIRRAL_MANAGERS_POST),
    "support:engagement_days": ("get", kw(pk=ENGAGEMENT), WIRRAL_RECORD),
    "support:engagement_provider_days": (
        "get",
        kw(pk=ENGAGEMENT, provider_pk=PROVIDER),
        KNOWSLEY_DAYS,
    ),
    "support:engagement_feedback": ("get", kw(pk=ENGAGEMENT), WIRRAL_FEEDBACK),
    "support:engagement_provider_feedback": (
        "get",
        kw(pk=ENGAGEMENT, provider_pk=PROVIDER),
        KNOWSLEY_FEEDBACK,
    ),
}

SUPPORT_MATRIX: Matrix = {**LEDGER_MATRIX, **ENGAGEMENTS_MATRIX}
