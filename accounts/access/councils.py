"""A council's returns and its balanced scorecard: who views, uploads, submits and accepts a
return, sees the completeness grid and ranks, and who judges a council and reads internal
commentary."""

from accounts.access.roles import AnyUser, has_role, may_act_at_all, may_act_for, register_rule
from accounts.models import Role
from authorities.models import Council


def can_view_returns_of(user: AnyUser, council: Council) -> bool:
    """Council users see their own council's returns; the Planning Group and administrator all."""
    return council is not None and may_act_for(user, "view_return", council)


def can_upload_return(user: AnyUser, council: Council) -> bool:
    """Only the council's own performance lead uploads its quarterly return."""
    return council is not None and may_act_for(user, "upload_return", council)


def can_submit_return(user: AnyUser, council: Council) -> bool:
    return council is not None and may_act_for(user, "submit_return", council)


def can_accept_return(user: AnyUser) -> bool:
    """Accepting (locking) and reopening a return are for the regional administrator."""
    return has_role(user, Role.REGIONAL_ADMIN)


def can_declare_polarity(user: AnyUser) -> bool:
    """Declaring the direction the region treats as better, where none is published, is the
    regional administrator's."""
    return has_role(user, Role.REGIONAL_ADMIN)


def can_view_completeness(user: AnyUser) -> bool:
    """The regional completeness grid: administrator and Planning Group."""
    return has_role(user, Role.REGIONAL_ADMIN, Role.PLANNING_GROUP, Role.RISK_ASSESSOR)


def can_view_teasc_overview(user: AnyUser) -> bool:
    """The regional TEASC page, every council's items better than a comparator and improving,
    section by section, with each item's figures: the Board, the Planning Group, risk
    assessors and the administrator, who read the region as a whole (as the Board summary and
    the thresholds; MoU 2.1 b, i). Councils read their own counts on their council page."""
    return has_role(
        user, Role.BOARD_MEMBER, Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN
    )


def can_see_ranks(user: AnyUser) -> bool:
    """Ranks are for signed-in users only: no league tables on public pages."""
    return bool(user.is_authenticated)


def can_judge_council(user: AnyUser, council: Council | None = None) -> bool:
    """Recording and publishing scorecard judgements is the SLI Planning Group's (and the
    administrator's): the MoU asks for a qualitative judgement by people, not a formula."""
    return may_act_at_all(user, "judge_council")


def can_view_internal_commentary(user: AnyUser) -> bool:
    """Internal commentary and unpublished drafts are for the Planning Group only."""
    return may_act_at_all(user, "view_internal_commentary")


def can_record_local_account(user: AnyUser) -> bool:
    return may_act_at_all(user, "record_local_account")


register_rule("can_judge_council", can_judge_council)
register_rule("can_view_internal_commentary", can_view_internal_commentary)
register_rule("can_record_local_account", can_record_local_account)
register_rule("can_view_returns_of", can_view_returns_of)
register_rule("can_upload_return", can_upload_return)
register_rule("can_submit_return", can_submit_return)
register_rule("can_accept_return", can_accept_return)
register_rule("can_declare_polarity", can_declare_polarity)
register_rule("can_view_completeness", can_view_completeness)
register_rule("can_see_ranks", can_see_ranks)
register_rule("can_view_teasc_overview", can_view_teasc_overview)
