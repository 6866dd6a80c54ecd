"""Who holds which role where, and which roles may do which action: for their own council or
for every council. Every other part of the access package decides through these."""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import AnonymousUser
from rules.rulesets import add_rule

from accounts.models import Membership, Role, User
from authorities.models import Council

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
    # Planning Group meetings, their confidential packs, decisions and minutes (MoU 2.1 c).
    "hold_meetings": (frozenset(), frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN})),
    # The review queue is the Planning Group's own working list (Table 2 is judged by it).
    "work_review_queue": (frozenset(), frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN})),
    # Chasing councils whose quarterly return is late.
    "chase_returns": (frozenset(), frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN})),
    # Risk assessors assess and draft; the Planning Group decides, prioritises and publishes.
    "edit_concern": (frozenset(), frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN})),
    "set_priority": (frozenset(), frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN})),
    "record_decisions": (frozenset(), frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN})),
    "publish_judgement": (frozenset(), frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN})),
    "view_thresholds": (
        frozenset(),
        frozenset(
            {Role.BOARD_MEMBER, Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN}
        ),
    ),
    "change_thresholds": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
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
    # every signed-in role (see can_download_published_regional_account); drafts for the administrator.
    "produce_regional_account": (frozenset(), frozenset({Role.REGIONAL_ADMIN})),
    # Asking for a new version (and checking the versions not yet published): the Planning
    # Group prepares the Account the administrator publishes.
    "request_regional_account": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN}),
    ),
    # The Account's key messages and regional summary as a web page: the Board and those who
    # prepare the Account; the Planning Group writes the key messages (the administrator too).
    "read_key_messages": (
        frozenset(),
        frozenset({Role.BOARD_MEMBER, Role.PLANNING_GROUP, Role.REGIONAL_ADMIN}),
    ),
    "edit_key_messages": (
        frozenset(),
        frozenset({Role.PLANNING_GROUP, Role.REGIONAL_ADMIN}),
    ),
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


def councils_of(
    user: AnyUser, roles: Iterable[str] = (Role.PERFORMANCE_LEAD, Role.DIRECTOR)
) -> set[int]:
    """Ids of the councils where the user holds one of ``roles``."""
    wanted = set(roles)
    return {council for role, council in memberships(user) if role in wanted and council}


def is_regional_admin(user: AnyUser) -> bool:
    return has_role(user, Role.REGIONAL_ADMIN)


def is_planning_group(user: AnyUser) -> bool:
    return has_role(user, Role.PLANNING_GROUP, Role.RISK_ASSESSOR)


def register_rule(name: str, predicate: Callable[..., bool]) -> None:
    """Offer ``predicate`` to templates as ``{% test_rule name ... %}``. django-rules wraps it
    in its ``Predicate``, which passes it only as many arguments as it takes; Python code calls
    the plain function."""
    add_rule(name, predicate)  # type: ignore[no-untyped-call]  # django-rules is unannotated


register_rule("is_regional_admin", is_regional_admin)


def who_grants_access(user: AnyUser) -> str:
    """Whom this person should ask for access they lack, for the 403 page: "administrator"
    (the regional administrator gives every role), "council" for a council director (their
    council's performance lead knows who holds what there, or the administrator), or "self"
    for the regional administrator, who may give any role."""
    if has_role(user, Role.REGIONAL_ADMIN):
        return "self"
    held = {role for role, _ in memberships(user)}
    if held and held <= {Role.DIRECTOR}:
        return "council"
    return "administrator"
