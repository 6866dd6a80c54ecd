"""The access matrix's entries for running a Planning Group meeting (attendees, actions,
minutes, approval, corrections, the confidential pack) and for chasing late returns from the
completeness grid (see test_matrix.py).

Only the Planning Group and the regional administrator run meetings and read their packs (MoU
2.1 c); risk assessors assess and draft. The grid's CSV is for whoever sees the grid (a council
sees its own row); chasing late returns is the Planning Group's and the administrator's."""

from tests.access.personas import PERIOD, REVIEWERS_AND_COUNCILS, SIGN_IN, Matrix, kw

MEETING_HOLDERS = {
    "anonymous": SIGN_IN,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 403,
    "planning_group_member": 200,
    "risk_assessor": 403,
    "board_member": 403,
    "regional_admin": 200,
}
# An empty POST: a reminder is sent (and the grid shown again) or the step's form is refused.
CHASE = {**MEETING_HOLDERS, "planning_group_member": 302, "regional_admin": 302}


def MEETING(world: dict) -> int:
    return world["meeting"].pk


MEETINGS_MATRIX: Matrix = {
    "triggers:meeting_attendees": ("get", kw(pk=MEETING), MEETING_HOLDERS),
    "triggers:meeting_action_add": ("get", kw(pk=MEETING), MEETING_HOLDERS),
    "triggers:meeting_minutes_edit": ("get", kw(pk=MEETING), MEETING_HOLDERS),
    "triggers:meeting_minutes_approve": ("get", kw(pk=MEETING), MEETING_HOLDERS),
    "triggers:meeting_correction_add": ("get", kw(pk=MEETING), MEETING_HOLDERS),
    "reports:meeting_pack": ("get", kw(pk=MEETING), MEETING_HOLDERS),
    "returns:completeness_csv": ("get", kw(period_slug=PERIOD), REVIEWERS_AND_COUNCILS),
    "returns:completeness_remind": ("post", kw(period_slug=PERIOD), CHASE),
}
