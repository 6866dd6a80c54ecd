"""Planning Group meetings and chasing late returns: the Planning Group and the regional
administrator only (MoU 2.1 c: the Planning Group reviews the evidence and flags councils).
Risk assessors assess and draft; they neither run meetings nor read their confidential packs."""

from accounts.access.roles import AnyUser, may_act_at_all, register_rule


def can_hold_meetings(user: AnyUser) -> bool:
    """Plan a meeting, read and download its confidential pack, record decisions, actions and
    minutes, and (as its chair) approve the minutes."""
    return may_act_at_all(user, "hold_meetings")


def can_work_review_queue(user: AnyUser) -> bool:
    """Read the review queue, the Planning Group's list of councils with open flags and
    concerns in its order of priority."""
    return may_act_at_all(user, "work_review_queue")


def can_chase_returns(user: AnyUser) -> bool:
    """Remind the councils whose quarterly return is late, from the completeness grid."""
    return may_act_at_all(user, "chase_returns")


register_rule("can_hold_meetings", can_hold_meetings)
register_rule("can_chase_returns", can_chase_returns)
register_rule("can_work_review_queue", can_work_review_queue)
