"""The Planning Group's review (MoU 2.1 b, i; Table 2): who sets a council's priority and acts
on the queue in bulk, edits a concern before it is shared, records meeting decisions, publishes
scorecard ratings, and reads or changes the automatic triggers' thresholds. Risk assessors
assess and draft; the Planning Group decides and publishes."""

from accounts.access.roles import AnyUser, may_act_at_all, may_act_for, register_rule


def can_set_priority(user: AnyUser) -> bool:
    """Setting a council's priority in the review queue and the queue's bulk actions: the
    Planning Group and the administrator."""
    return may_act_at_all(user, "set_priority")


def can_record_decisions(user: AnyUser) -> bool:
    """Recording a Planning Group meeting's decisions: the Planning Group and the
    administrator, never a risk assessor alone."""
    return may_act_at_all(user, "record_decisions")


def can_publish_judgement(user: AnyUser) -> bool:
    """Publishing scorecard ratings: the Planning Group and the administrator. A risk
    assessor drafts them."""
    return may_act_at_all(user, "publish_judgement")


def can_view_thresholds(user: AnyUser) -> bool:
    """The thresholds the automatic triggers use are stated for every regional user."""
    return may_act_at_all(user, "view_thresholds")


def can_change_thresholds(user: AnyUser) -> bool:
    return may_act_at_all(user, "change_thresholds")


def may_edit_concern(user: AnyUser, *, council_id: int, raised_by_id: int | None) -> bool:
    """A concern's title, trigger and evidence: the person who raised it (while they may
    still raise concerns about the council) or the Planning Group. Whether it is still
    editable (not yet shared) is the service's to say."""
    if may_act_for(user, "edit_concern", council_id):
        return True
    own = raised_by_id is not None and raised_by_id == getattr(user, "pk", None)
    return own and may_act_for(user, "raise_concern", council_id)


register_rule("can_set_priority", can_set_priority)
register_rule("can_record_decisions", can_record_decisions)
register_rule("can_publish_judgement", can_publish_judgement)
register_rule("can_view_thresholds", can_view_thresholds)
register_rule("can_change_thresholds", can_change_thresholds)
