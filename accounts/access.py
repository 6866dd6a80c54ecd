"""THE access module: every decision about who may see or do what is made here.

Views fetch council records through :func:`get_council_record_or_404`, list pages start from
:func:`scope_to_councils`, and templates use the predicates registered with django-rules
(``{% load rules %}{% test_rule "can_upload_return" user council as allowed %}``).

Rules (MoU 2.1; DOMAIN.md): a council's users see their own council's drafts only; the SLI
Planning Group, risk assessors and the regional administrator see every council's; board
members and anonymous visitors see only what is published. Another council's record is a 404;
a signed-in role that may never see that kind of record gets a 403.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from accounts.models import AccessLog, Membership, Role, User
from authorities.models import Council

M = TypeVar("M", bound=Model)
AnyUser = User | AnonymousUser

# action -> (roles that may do it for their own council, roles that may do it for any council)
PERMISSIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "view_return": (
        frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "upload_return": (frozenset({Role.PERFORMANCE_LEAD}), frozenset()),
    "submit_return": (frozenset({Role.PERFORMANCE_LEAD}), frozenset()),
    "accept_return": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
    # The balanced scorecard: judgements and internal commentary are the Planning Group's.
    "judge_council": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "view_internal_commentary": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "record_local_account": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN}),
    ),
    # Table 2: confidential concerns and the annual risk assessment (MoU 2.1 b, h, i).
    "raise_concern": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "review_councils": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "view_shared_concerns": (
        frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "respond_to_concern": (frozenset({Role.DIRECTOR, Role.PERFORMANCE_LEAD}), frozenset()),
    "assess_risk": (frozenset(), frozenset({Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN})),
    "self_check": (frozenset({Role.DIRECTOR, Role.PERFORMANCE_LEAD}), frozenset()),
    "view_board_summary": (
        frozenset(),
        frozenset(
            {Role.BOARD_MEMBER, Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}
        ),
    ),
    # --- Thematic self-assessments (MoU 2.1 a; DOMAIN.md 6) ---
    # Setting up thematic reviews (themes, sections, standards, levels) and reopening a
    # submitted self-assessment are the administrator's.
    "manage_reviews": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
    # A council's self-assessment before the regional report is published: its own users and
    # the Planning Group only.
    "view_self_assessment": (
        frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "edit_self_assessment": (frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}), frozenset()),
    "sign_off_self_assessment": (frozenset({Role.DIRECTOR}), frozenset()),
    "reopen_self_assessment": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
    "moderate_self_assessment": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "write_regional_report": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN}),
    ),
    # --- Support and intervention: Table 1 (MoU 2.1 c-g, i; DOMAIN.md 5) ---
    # A council's requests and engagements: the receiving and providing councils' own users
    # (see scope_engagements) and the regional reviewers.
    "view_engagement": (
        frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "request_support": (frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}), frozenset()),
    "record_engagement": (frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}), frozenset()),
    # Recommending targeted support or intervention and matching providers: the Planning Group
    # (also on the Board's behalf) and the administrator.
    "broker_support": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "publish_strength": (
        frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}),
        frozenset({Role.REGIONAL_ADMIN}),
    ),
    "endorse_strength": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}),
    ),
    "book_event": (frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}), frozenset()),
    "manage_events": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
    "challenge_share": (frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}), frozenset()),
    "resolve_challenge": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
    # --- Improvement plans (DOMAIN.md 7) ---
    # The Planning Group and the Board read every plan; the public only a published one.
    "view_plan": (
        frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}),
        frozenset(
            {Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.BOARD_MEMBER, Role.REGIONAL_ADMIN}
        ),
    ),
    "edit_plan": (frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}), frozenset()),
    # --- The Regional Account (DOMAIN.md 8) ---
    # Generating and publishing versions is the administrator's; published versions are for
    # every signed-in role (see may_download_regional_account); drafts for the administrator.
    "produce_regional_account": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
    # Published versions: council users (any council's: the Account is the whole region's) and
    # every regional role.
    "download_regional_account": (
        frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR}),
        frozenset(
            {Role.BOARD_MEMBER, Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}
        ),
    ),
}


def memberships(user: AnyUser) -> list[tuple[str, int | None]]:
    """The (role, council id) pairs the user holds, read once per request and cached."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_sli_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("role", "council_id"))
        setattr(user, "_sli_memberships", cached)  # noqa: B010 (a per-request cache)
    return cached


def has_role(user: AnyUser, *roles: str) -> bool:
    return any(role in roles for role, _ in memberships(user))


def council_ids_for(user: AnyUser, action: str) -> set[int] | None:
    """Councils the user may do ``action`` for: ``None`` means every council."""
    own_roles, any_roles = PERMISSIONS[action]
    held = memberships(user)
    if any(role in any_roles for role, _ in held):
        return None
    return {council for role, council in held if role in own_roles and council is not None}


def may_act_at_all(user: AnyUser, action: str) -> bool:
    ids = council_ids_for(user, action)
    return ids is None or bool(ids)


def may_act_for(user: AnyUser, action: str, council: Council | int) -> bool:
    council_id = council if isinstance(council, int) else council.pk
    ids = council_ids_for(user, action)
    return ids is None or council_id in ids


def scope_to_councils(
    queryset: QuerySet[M], user: AnyUser, *, action: str, council_field: str = "council"
) -> QuerySet[M]:
    """Narrow a queryset of council records to those the user may do ``action`` for."""
    ids = council_ids_for(user, action)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{council_field}__in": ids})


def get_council_record_or_404(
    queryset: QuerySet[M],
    user: AnyUser,
    *,
    action: str,
    view_action: str = "view_return",
    council_field: str = "council",
    **lookup: Any,
) -> M:
    """Fetch one council record for ``action``.

    404 when the user may not even see it (another council's draft), 403 when they may see it
    but not do ``action`` (a read-only role), 403 for a role that never sees such records.
    """
    if not may_act_at_all(user, view_action):
        raise PermissionDenied
    visible = scope_to_councils(queryset, user, action=view_action, council_field=council_field)
    try:
        record = visible.get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    council_id = _council_id(record, council_field)
    if action != view_action and not may_act_for(user, action, council_id):
        raise PermissionDenied
    return record


def get_council_or_404(user: AnyUser, *, action: str, slug: str) -> Council:
    """A council the user may do ``action`` for, addressed by its slug."""
    if not may_act_at_all(user, action):
        raise PermissionDenied
    try:
        council = Council.objects.select_related("sub_region").get(slug=slug)
    except Council.DoesNotExist as exc:
        raise Http404 from exc
    if not may_act_for(user, action, council):
        raise Http404
    return council


def _council_id(record: Model, council_field: str) -> int:
    value: Any = record
    for part in council_field.split("__"):
        value = getattr(value, part)
    return value.pk if isinstance(value, Model) else int(value)


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def log_view(
    user: AnyUser, record: Model, *, council: Council | None, action: str = "viewed"
) -> None:
    """Record that ``user`` saw or downloaded a confidential record (concerns, risk
    assessments, internal commentary): who, what and when."""
    AccessLog.objects.create(
        user=user if isinstance(user, User) else None,
        action=action,
        record_type=record._meta.label,
        record_id=str(record.pk),
        council=council,
    )


def log_views(user: AnyUser, records: Iterable[Model], *, action: str = "listed") -> None:
    """Record that ``user`` saw each of ``records`` on a list page, as :func:`log_view` records
    one, in a single query so the page's query count stays fixed. Each record's council is read
    from its ``council_id``."""
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=user if isinstance(user, User) else None,
                action=action,
                record_type=record._meta.label,
                record_id=str(record.pk),
                council_id=getattr(record, "council_id", None),
            )
            for record in records
        ]
    )


def councils_of(
    user: AnyUser, roles: Iterable[str] = (Role.PERFORMANCE_LEAD, Role.DIRECTOR)
) -> set[int]:
    """Ids of the councils where the user holds one of ``roles``."""
    wanted = set(roles)
    return {council for role, council in memberships(user) if role in wanted and council}


@rules.predicate
def is_regional_admin(user: AnyUser) -> bool:
    return has_role(user, Role.REGIONAL_ADMIN)


@rules.predicate
def is_planning_group(user: AnyUser) -> bool:
    return has_role(user, Role.PLANNING_GROUP, Role.RISK_ASSESSOR)


@rules.predicate
def can_view_returns_of(user: AnyUser, council: Council) -> bool:
    """Council users see their own council's returns; the Planning Group and administrator all."""
    return council is not None and may_act_for(user, "view_return", council)


@rules.predicate
def can_upload_return(user: AnyUser, council: Council) -> bool:
    """Only the council's own performance lead uploads its quarterly return."""
    return council is not None and may_act_for(user, "upload_return", council)


@rules.predicate
def can_submit_return(user: AnyUser, council: Council) -> bool:
    return council is not None and may_act_for(user, "submit_return", council)


@rules.predicate
def can_accept_return(user: AnyUser) -> bool:
    """Accepting (locking) and reopening a return are for the regional administrator."""
    return has_role(user, Role.REGIONAL_ADMIN)


@rules.predicate
def can_view_completeness(user: AnyUser) -> bool:
    """The regional completeness grid: administrator and Planning Group."""
    return has_role(user, Role.REGIONAL_ADMIN, Role.PLANNING_GROUP, Role.RISK_ASSESSOR)


@rules.predicate
def can_see_ranks(user: AnyUser) -> bool:
    """Ranks are for signed-in users only: no league tables on public pages."""
    return bool(user.is_authenticated)


@rules.predicate
def can_judge_council(user: AnyUser, council: Council | None = None) -> bool:
    """Recording and publishing scorecard judgements is the SLI Planning Group's (and the
    administrator's): the MoU asks for a qualitative judgement by people, not a formula."""
    return may_act_at_all(user, "judge_council")


@rules.predicate
def can_view_internal_commentary(user: AnyUser) -> bool:
    """Internal commentary and unpublished drafts are for the Planning Group only."""
    return may_act_at_all(user, "view_internal_commentary")


@rules.predicate
def can_record_local_account(user: AnyUser) -> bool:
    return may_act_at_all(user, "record_local_account")


rules.add_rule("can_judge_council", can_judge_council)
rules.add_rule("can_view_internal_commentary", can_view_internal_commentary)
rules.add_rule("can_record_local_account", can_record_local_account)
rules.add_rule("can_view_returns_of", can_view_returns_of)
rules.add_rule("can_upload_return", can_upload_return)
rules.add_rule("can_submit_return", can_submit_return)
rules.add_rule("can_accept_return", can_accept_return)
rules.add_rule("can_view_completeness", can_view_completeness)
rules.add_rule("can_see_ranks", can_see_ranks)
rules.add_rule("is_regional_admin", is_regional_admin)


# --- The Regional Account (reports) ---


@rules.predicate
def can_produce_regional_account(user: AnyUser) -> bool:
    """Generating, publishing and withdrawing versions of the Regional Account, and seeing
    drafts and failed attempts: the regional administrator's (DOMAIN.md 8)."""
    return may_act_at_all(user, "produce_regional_account")


@rules.predicate
def can_download_published_regional_account(user: AnyUser) -> bool:
    """A published Regional Account is the Board's document: every signed-in role may read it
    (board members, the Planning Group, risk assessors, the administrator and council users)."""
    return may_act_at_all(user, "download_regional_account")


def may_see_regional_account(user: AnyUser, *, published: bool) -> bool:
    """A published version for every signed-in role; a draft (queued, rendering, rendered,
    failed or withdrawn) only for the administrator."""
    if published:
        return bool(can_download_published_regional_account(user))
    return bool(can_produce_regional_account(user))


rules.add_rule("can_produce_regional_account", can_produce_regional_account)
rules.add_rule("can_download_published_regional_account", can_download_published_regional_account)


# --- Support and intervention (support app): engagements and their confidential links ---------


def scope_engagements(queryset: QuerySet[M], user: AnyUser) -> QuerySet[M]:
    """Narrow a queryset of support engagements to those the user may see: every engagement
    for the regional reviewers; for a council's users, those their council receives or
    provides (``view_engagement``). The engagement model's fields are addressed by name
    (``council``, ``providers__council``) because accounts comes before support."""
    ids = council_ids_for(user, "view_engagement")
    if ids is None:
        return queryset
    providing = queryset.model._default_manager.filter(providers__council_id__in=ids)
    return queryset.filter(council_id__in=ids) | queryset.filter(pk__in=providing.values("pk"))


def may_see_engagement(user: AnyUser, *, council_id: int, provider_ids: Iterable[int]) -> bool:
    """The same rule as :func:`scope_engagements` for one engagement: its receiving council id
    and its providing councils' ids."""
    ids = council_ids_for(user, "view_engagement")
    return ids is None or council_id in ids or bool(ids & set(provider_ids))


def may_see_linked_concern(user: AnyUser, *, council_id: int, shared_with_council: bool) -> bool:
    """Whether the user may see what lies behind a recommended engagement: the linked concern
    or risk assessment and the recommendation's reasons. Soft intelligence about a named
    council is confidential (DOMAIN.md 3): the Planning Group, risk assessors and the
    administrator always; the receiving council's own users only once the concern or
    assessment has been shared with the council (``shared_with_council``, as the triggers app
    decides it); providing councils and everyone else never."""
    if council_ids_for(user, "raise_concern") is None:
        return True
    own = council_ids_for(user, "view_shared_concerns")
    return shared_with_council and (own is None or council_id in own)


def may_record_engagement(user: AnyUser, *, council_id: int) -> bool:
    """A receiving or providing council's own lead or director records its side's days,
    feedback and outcome (``council_id`` is that side's council)."""
    return may_act_for(user, "record_engagement", council_id)


@rules.predicate
def can_request_support(user: AnyUser, council: Council) -> bool:
    """A council's own performance lead or director asks for self help."""
    return council is not None and may_act_for(user, "request_support", council)


@rules.predicate
def can_broker_support(user: AnyUser) -> bool:
    """Recommending targeted support or intervention and matching providers: the Planning Group
    (also on the Board's behalf) and the administrator."""
    return may_act_at_all(user, "broker_support")


@rules.predicate
def can_publish_strength(user: AnyUser, council: Council) -> bool:
    return council is not None and may_act_for(user, "publish_strength", council)


@rules.predicate
def can_endorse_strength(user: AnyUser) -> bool:
    return may_act_at_all(user, "endorse_strength")


@rules.predicate
def can_book_event(user: AnyUser) -> bool:
    return may_act_at_all(user, "book_event")


@rules.predicate
def can_manage_events(user: AnyUser) -> bool:
    return may_act_at_all(user, "manage_events")


@rules.predicate
def can_challenge_share(user: AnyUser, council: Council) -> bool:
    """A council's lead or director challenges a disproportionate share of time (MoU 2.1 g)."""
    return council is not None and may_act_for(user, "challenge_share", council)


@rules.predicate
def can_resolve_challenge(user: AnyUser) -> bool:
    return may_act_at_all(user, "resolve_challenge")


rules.add_rule("can_request_support", can_request_support)
rules.add_rule("can_broker_support", can_broker_support)
rules.add_rule("can_publish_strength", can_publish_strength)
rules.add_rule("can_endorse_strength", can_endorse_strength)
rules.add_rule("can_book_event", can_book_event)
rules.add_rule("can_manage_events", can_manage_events)
rules.add_rule("can_challenge_share", can_challenge_share)
rules.add_rule("can_resolve_challenge", can_resolve_challenge)


# --- Support (support app): who moves an engagement along and records its days -------------


def may_manage_engagement(user: AnyUser, *, council_id: int) -> bool:
    """Agreeing, starting, completing or declining an engagement and setting its dates: the
    receiving council's own lead or director (``council_id``), and the Planning Group and the
    administrator who broker support. A providing council records its own days and feedback
    but does not move the engagement along."""
    return may_act_at_all(user, "broker_support") or may_record_engagement(
        user, council_id=council_id
    )


def may_record_days(user: AnyUser, *, council_id: int) -> bool:
    """Recording one side's officer and member days (MoU 2.1 f): that side's own lead or
    director (``council_id`` is the receiving or providing council), and the Planning Group and
    the administrator for every side, so the reciprocity ledger can be kept complete."""
    return may_act_at_all(user, "broker_support") or may_record_engagement(
        user, council_id=council_id
    )


def may_see_strength(user: AnyUser, *, council_id: int, published: bool) -> bool:
    """A directory entry: a published one for every signed-in user; a draft or an archived
    one only for those who write the council's entries (its own users, the administrator)."""
    if not user.is_authenticated:
        return False
    return published or may_act_for(user, "publish_strength", council_id)


# --- Thematic self-assessments (selfassessment): moderation and the regional report ---------


@rules.predicate
def can_list_self_assessments(user: AnyUser) -> bool:
    """Every council's self-assessment for a review, with status and progress: the regional
    roles that see all councils' self-assessments (the Planning Group, risk assessors and the
    administrator), never a council's own users (MoU 2.1 a)."""
    return bool(user.is_authenticated) and council_ids_for(user, "view_self_assessment") is None


@rules.predicate
def can_moderate_self_assessment(user: AnyUser) -> bool:
    """Recording a moderated level beside a council's claim: the Planning Group (with its risk
    assessors) and the administrator."""
    return may_act_at_all(user, "moderate_self_assessment")


@rules.predicate
def can_write_regional_report(user: AnyUser) -> bool:
    """Writing and publishing a review's regional report: the Planning Group and the
    administrator (Wirral report 2.6.1)."""
    return may_act_at_all(user, "write_regional_report")


@rules.predicate
def can_view_regional_report(user: AnyUser, review: Any) -> bool:
    """A regional report before publication: the regional roles that see every council's
    self-assessment; once published (``review.report_is_published``), every signed-in user.
    Until then a council sees nothing of another council's self-assessment."""
    if not user.is_authenticated:
        return False
    return bool(review.report_is_published) or bool(can_list_self_assessments(user))


rules.add_rule("can_list_self_assessments", can_list_self_assessments)
rules.add_rule("can_moderate_self_assessment", can_moderate_self_assessment)
rules.add_rule("can_write_regional_report", can_write_regional_report)
rules.add_rule("can_view_regional_report", can_view_regional_report)


# --- Thematic self-assessments (selfassessment): predicates for its views and templates ---


@rules.predicate
def can_manage_reviews(user: AnyUser) -> bool:
    """Setting up thematic reviews (themes, sections, standards, levels, import and export) is
    the regional administrator's (MoU 2.1 a)."""
    return may_act_at_all(user, "manage_reviews")


@rules.predicate
def can_view_self_assessment(user: AnyUser, council: Council) -> bool:
    """A council's self-assessment: its own users and the Planning Group; other councils see
    nothing of it (issue 6)."""
    return council is not None and may_act_for(user, "view_self_assessment", council)


@rules.predicate
def can_edit_self_assessment(user: AnyUser, council: Council) -> bool:
    """Only the council's own performance lead or director answers its self-assessment."""
    return council is not None and may_act_for(user, "edit_self_assessment", council)


@rules.predicate
def can_sign_off_self_assessment(user: AnyUser, council: Council) -> bool:
    """The council's director (DASS) signs off its submitted self-assessment."""
    return council is not None and may_act_for(user, "sign_off_self_assessment", council)


@rules.predicate
def can_reopen_self_assessment(user: AnyUser, council: Council) -> bool:
    """Reopening a submitted self-assessment is the regional administrator's, with a reason."""
    return council is not None and may_act_for(user, "reopen_self_assessment", council)


rules.add_rule("can_manage_reviews", can_manage_reviews)
rules.add_rule("can_view_self_assessment", can_view_self_assessment)
rules.add_rule("can_edit_self_assessment", can_edit_self_assessment)
rules.add_rule("can_sign_off_self_assessment", can_sign_off_self_assessment)
rules.add_rule("can_reopen_self_assessment", can_reopen_self_assessment)


# --- Improvement plans (improvement_plans): who reads and who edits a plan (DOMAIN.md 7) ---
# The plan model is addressed by its fields' names (``council_id``, ``status``,
# ``archived_at``) because accounts comes before improvement_plans.

PLAN_PUBLISHED = "published"


def scope_plans(queryset: QuerySet[M], user: AnyUser) -> QuerySet[M]:
    """Narrow a queryset of plans to the live ones ``user`` may read: their own council's in
    any status; every council's for the Planning Group, risk assessors, the Board and the
    administrator (``view_plan``); for everyone else, anonymous visitors and other councils
    included, only published plans. Nothing is public unless the council publishes it."""
    live = queryset.filter(archived_at__isnull=True)
    ids = council_ids_for(user, "view_plan")
    if ids is None:
        return live
    published = live.filter(status=PLAN_PUBLISHED)
    if ids:
        return live.filter(council_id__in=ids) | published
    return published


def may_view_plan(user: AnyUser, *, council_id: int, published: bool) -> bool:
    """The rule of :func:`scope_plans` for one plan."""
    return published or may_act_for(user, "view_plan", council_id)


def may_edit_plan(user: AnyUser, council: Council | int) -> bool:
    """A council's plan is edited only by its own performance lead or director."""
    return may_act_for(user, "edit_plan", council)


def get_plan_or_404(queryset: QuerySet[M], user: AnyUser, *, pk: int, action: str) -> M:
    """One live plan for ``action`` (``view_plan`` or ``edit_plan``).

    Reading: a plan the user may not read (another council's draft) is a 404. Editing: a role
    that never edits a plan (the Planning Group, risk assessors, the Board, the administrator)
    gets a 403; a council user asking to edit another council's plan, published or not, a 404.
    Views behind ``login_required`` send anonymous visitors to sign in before this is asked.
    """
    if action == "view_plan":
        visible = scope_plans(queryset, user)
    elif action == "edit_plan":
        if not may_act_at_all(user, "edit_plan"):
            raise PermissionDenied
        visible = scope_to_councils(
            queryset.filter(archived_at__isnull=True), user, action="edit_plan"
        )
    else:
        raise ValueError(f"get_plan_or_404() does not decide {action!r}")
    try:
        return visible.get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def may_see_plan_citation(
    user: AnyUser, *, kind: str, council_id: int, shared_with_council: bool = False
) -> bool:
    """Whether a plan's page shows one of the things it cites to ``user``. A concern or risk
    assessment is confidential soft intelligence (DOMAIN.md 3): only those who may see it
    behind an engagement see it behind a plan (:func:`may_see_linked_concern`), even on a
    published plan. A support engagement: those who may see the council's engagements. A
    self-assessment review or standard and a scorecard domain name nothing confidential."""
    if kind in ("concern", "risk_assessment"):
        return may_see_linked_concern(
            user, council_id=council_id, shared_with_council=shared_with_council
        )
    if kind == "engagement":
        return may_act_for(user, "view_engagement", council_id)
    return True


@rules.predicate
def can_edit_plan(user: AnyUser, council: Council) -> bool:
    """Only the council's own performance lead or director edits its improvement plan."""
    return council is not None and may_edit_plan(user, council)


@rules.predicate
def can_create_plan(user: AnyUser) -> bool:
    """Creating or importing a plan: a council's performance lead or director, for their own
    council."""
    return may_act_at_all(user, "edit_plan")


rules.add_rule("can_edit_plan", can_edit_plan)
rules.add_rule("can_create_plan", can_create_plan)


# --- Support (support app): the reciprocity ledger, challenges and event bookings ---


@rules.predicate
def can_view_ledger(user: AnyUser) -> bool:
    """The reciprocity ledger and challenges to a share of time: whoever may see engagements
    (council users, the Planning Group, risk assessors, the administrator); never the Board's
    members, who see the Board summary instead (MoU 2.1 g)."""
    return may_act_at_all(user, "view_engagement")


def get_booking_or_404(queryset: QuerySet[M], user: AnyUser, *, pk: int, action: str) -> M:
    """One booking for ``action``: ``"cancel_booking"`` (by a lead or director of the council
    it was made for, the one who booked or a colleague standing in, or by the administrator,
    who runs the events) or ``"manage_events"`` (recording attendance: the administrator). A
    role that never books or manages events gets a 403; a council user asking for another
    council's booking a 404."""
    if action == "cancel_booking":
        if not (may_act_at_all(user, "book_event") or may_act_at_all(user, "manage_events")):
            raise PermissionDenied
        visible = (
            queryset
            if may_act_at_all(user, "manage_events")
            else scope_to_councils(queryset, user, action="book_event")
        )
    elif action == "manage_events":
        if not may_act_at_all(user, "manage_events"):
            raise PermissionDenied
        visible = queryset
    else:
        raise ValueError(f"get_booking_or_404() does not decide {action!r}")
    try:
        return visible.get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


rules.add_rule("can_view_ledger", can_view_ledger)


# --- Running the portal: audit trail, health, notifications, two-factor sign-in, open data ---


@rules.predicate
def can_view_audit_log(user: AnyUser) -> bool:
    """Who viewed or downloaded confidential material and who changed what: the regional
    administrator only."""
    return has_role(user, Role.REGIONAL_ADMIN)


def can_check_health(user: AnyUser) -> bool:
    """The health endpoint answers anyone, so a load balancer or monitor can ask it; it says
    only whether the database, Redis and the workers answer, never what they hold."""
    return True


def can_choose_notifications(user: AnyUser) -> bool:
    """Every signed-in person chooses which e-mails they receive, for themselves only."""
    return user.is_authenticated


@rules.predicate
def may_use_two_factor(user: AnyUser) -> bool:
    """Two-factor sign-in is offered to the Planning Group (and risk assessors) and the
    regional administrator: the people who see confidential judgements about councils."""
    return has_role(user, Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN)


def can_read_open_data(user: AnyUser) -> bool:
    """Open data is what is already published, so anyone, signed in or not, may read it. What
    is published is decided by the selectors the public pages use, not here."""
    return True


rules.add_rule("can_view_audit_log", can_view_audit_log)
rules.add_rule("may_use_two_factor", may_use_two_factor)
