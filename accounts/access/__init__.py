"""THE access module: every decision about who may see or do what is made in this package, and
everything is imported from here (``from accounts import access``).

Views fetch council records through :func:`get_council_record_or_404` (and councils through
:func:`get_council_or_404`, plans through :func:`get_plan_or_404`, bookings through
:func:`get_booking_or_404`), list pages start from :func:`scope_to_councils` (or
:func:`scope_engagements`, :func:`scope_plans`), and templates use the predicates registered
with django-rules (``{% load rules %}{% test_rule "can_upload_return" user council as allowed %}``).

Rules (MoU 2.1; DOMAIN.md): a council's users see their own council's drafts only; the SLI
Planning Group, risk assessors and the regional administrator see every council's; board
members and anonymous visitors see only what is published. Another council's record is a 404;
a signed-in role that may never see that kind of record gets a 403.

``roles``: who holds which role where and which roles may do each action. ``records``: scoped
querysets, fetching one record, the signed-in user, the log of confidential views. Then one
module per area: ``councils`` (returns and the scorecard), ``selfassessment``, ``support``,
``plans``, ``reports`` (the Regional Account) and ``portal`` (running the portal).
"""

from accounts.access.councils import (
    can_accept_return,
    can_declare_polarity,
    can_judge_council,
    can_record_local_account,
    can_see_ranks,
    can_submit_return,
    can_upload_return,
    can_view_completeness,
    can_view_internal_commentary,
    can_view_returns_of,
)
from accounts.access.meetings import can_chase_returns, can_hold_meetings, can_work_review_queue
from accounts.access.plans import (
    PLAN_PUBLISHED,
    can_create_plan,
    can_edit_plan,
    get_plan_or_404,
    may_edit_plan,
    may_see_plan_citation,
    may_view_plan,
    scope_plans,
)
from accounts.access.portal import (
    can_administer_portal,
    can_check_health,
    can_choose_notifications,
    can_import_national_data,
    can_read_open_data,
    can_view_audit_log,
    may_use_two_factor,
)
from accounts.access.records import (
    AuthenticatedHttpRequest,
    get_council_or_404,
    get_council_record_or_404,
    log_view,
    log_views,
    scope_to_councils,
    signed_in,
)
from accounts.access.reports import (
    can_download_published_regional_account,
    can_edit_key_messages,
    can_produce_regional_account,
    can_read_key_messages,
    can_request_regional_account,
    may_see_regional_account,
)
from accounts.access.review import (
    can_change_thresholds,
    can_publish_judgement,
    can_record_decisions,
    can_set_priority,
    can_view_thresholds,
    may_edit_concern,
)
from accounts.access.roles import (
    PERMISSIONS,
    AnyUser,
    council_ids_for,
    councils_of,
    has_role,
    is_planning_group,
    is_regional_admin,
    may_act_at_all,
    may_act_for,
    memberships,
    who_grants_access,
)
from accounts.access.selfassessment import (
    can_edit_self_assessment,
    can_list_self_assessments,
    can_manage_reviews,
    can_moderate_self_assessment,
    can_reopen_self_assessment,
    can_sign_off_self_assessment,
    can_view_regional_report,
    can_view_self_assessment,
    can_write_regional_report,
)
from accounts.access.support import (
    can_book_event,
    can_broker_support,
    can_challenge_share,
    can_endorse_strength,
    can_manage_events,
    can_publish_strength,
    can_request_support,
    can_resolve_challenge,
    can_view_every_strength,
    can_view_ledger,
    get_booking_or_404,
    may_manage_engagement,
    may_record_days,
    may_record_engagement,
    may_see_engagement,
    may_see_linked_concern,
    may_see_strength,
    scope_engagements,
)

__all__ = [
    "may_edit_concern",
    "can_view_thresholds",
    "can_set_priority",
    "can_record_decisions",
    "can_publish_judgement",
    "can_change_thresholds",
    "AnyUser",
    "AuthenticatedHttpRequest",
    "PERMISSIONS",
    "PLAN_PUBLISHED",
    "can_accept_return",
    "can_declare_polarity",
    "can_book_event",
    "can_broker_support",
    "can_challenge_share",
    "can_chase_returns",
    "can_check_health",
    "can_import_national_data",
    "can_choose_notifications",
    "can_create_plan",
    "can_download_published_regional_account",
    "can_edit_key_messages",
    "can_edit_plan",
    "can_edit_self_assessment",
    "can_endorse_strength",
    "can_hold_meetings",
    "can_work_review_queue",
    "can_judge_council",
    "can_list_self_assessments",
    "can_manage_events",
    "can_manage_reviews",
    "can_moderate_self_assessment",
    "can_produce_regional_account",
    "can_read_key_messages",
    "can_publish_strength",
    "can_read_open_data",
    "can_record_local_account",
    "can_reopen_self_assessment",
    "can_request_regional_account",
    "can_request_support",
    "can_resolve_challenge",
    "can_see_ranks",
    "can_sign_off_self_assessment",
    "can_submit_return",
    "can_upload_return",
    "can_view_audit_log",
    "can_administer_portal",
    "can_view_completeness",
    "can_view_internal_commentary",
    "can_view_every_strength",
    "can_view_ledger",
    "can_view_regional_report",
    "can_view_returns_of",
    "can_view_self_assessment",
    "can_write_regional_report",
    "council_ids_for",
    "councils_of",
    "get_booking_or_404",
    "get_council_or_404",
    "get_council_record_or_404",
    "get_plan_or_404",
    "has_role",
    "is_planning_group",
    "is_regional_admin",
    "log_view",
    "log_views",
    "may_act_at_all",
    "may_act_for",
    "may_edit_plan",
    "may_manage_engagement",
    "may_record_days",
    "may_record_engagement",
    "may_see_engagement",
    "may_see_linked_concern",
    "may_see_plan_citation",
    "may_see_regional_account",
    "may_see_strength",
    "may_use_two_factor",
    "may_view_plan",
    "memberships",
    "scope_engagements",
    "scope_plans",
    "scope_to_councils",
    "signed_in",
    "who_grants_access",
]
