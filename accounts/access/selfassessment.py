"""Thematic self-assessments (the selfassessment app): setting up reviews, a council's own
self-assessment, moderation and the regional report."""

from typing import Any

from accounts.access.roles import (
    AnyUser,
    council_ids_for,
    may_act_at_all,
    may_act_for,
    register_rule,
)
from authorities.models import Council

# --- Moderation and the regional report -------------------------------------------------------


def can_list_self_assessments(user: AnyUser) -> bool:
    """Every council's self-assessment for a review, with status and progress: the regional
    roles that see all councils' self-assessments (the Planning Group, risk assessors and the
    administrator), never a council's own users (MoU 2.1 a)."""
    return bool(user.is_authenticated) and council_ids_for(user, "view_self_assessment") is None


def can_moderate_self_assessment(user: AnyUser) -> bool:
    """Recording a moderated level beside a council's claim: the Planning Group (with its risk
    assessors) and the administrator."""
    return may_act_at_all(user, "moderate_self_assessment")


def can_write_regional_report(user: AnyUser) -> bool:
    """Writing and publishing a review's regional report: the Planning Group and the
    administrator (Wirral report 2.6.1)."""
    return may_act_at_all(user, "write_regional_report")


def can_view_regional_report(user: AnyUser, review: Any) -> bool:
    """A regional report before publication: the regional roles that see every council's
    self-assessment; once published (``review.report_is_published``), every signed-in user.
    Until then a council sees nothing of another council's self-assessment."""
    if not user.is_authenticated:
        return False
    return bool(review.report_is_published) or bool(can_list_self_assessments(user))


register_rule("can_list_self_assessments", can_list_self_assessments)
register_rule("can_moderate_self_assessment", can_moderate_self_assessment)
register_rule("can_write_regional_report", can_write_regional_report)
register_rule("can_view_regional_report", can_view_regional_report)


# --- Reviews and a council's own self-assessment ---------------------------------------------


def can_manage_reviews(user: AnyUser) -> bool:
    """Setting up thematic reviews (themes, sections, standards, levels, import and export) is
    the regional administrator's (MoU 2.1 a)."""
    return may_act_at_all(user, "manage_reviews")


def can_view_self_assessment(user: AnyUser, council: Council) -> bool:
    """A council's self-assessment: its own users and the Planning Group; other councils see
    nothing of it (issue 6)."""
    return council is not None and may_act_for(user, "view_self_assessment", council)


def can_edit_self_assessment(user: AnyUser, council: Council) -> bool:
    """Only the council's own performance lead or director answers its self-assessment."""
    return council is not None and may_act_for(user, "edit_self_assessment", council)


def can_sign_off_self_assessment(user: AnyUser, council: Council) -> bool:
    """The council's director (DASS) signs off its submitted self-assessment."""
    return council is not None and may_act_for(user, "sign_off_self_assessment", council)


def can_reopen_self_assessment(user: AnyUser, council: Council) -> bool:
    """Reopening a submitted self-assessment is the regional administrator's, with a reason."""
    return council is not None and may_act_for(user, "reopen_self_assessment", council)


register_rule("can_manage_reviews", can_manage_reviews)
register_rule("can_view_self_assessment", can_view_self_assessment)
register_rule("can_edit_self_assessment", can_edit_self_assessment)
register_rule("can_sign_off_self_assessment", can_sign_off_self_assessment)
register_rule("can_reopen_self_assessment", can_reopen_self_assessment)
