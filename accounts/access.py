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
