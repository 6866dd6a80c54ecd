"""Support and intervention (the support app): engagements and their confidential links, who
moves an engagement along and records its days, the excellence directory, the reciprocity
ledger, challenges and event bookings. The support models are addressed by their fields' names
because accounts comes before support."""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access.records import scope_to_councils
from accounts.access.roles import (
    AnyUser,
    council_ids_for,
    may_act_at_all,
    may_act_for,
    register_rule,
)
from authorities.models import Council

M = TypeVar("M", bound=Model)


# --- Engagements and their confidential links -------------------------------------------------


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


def can_request_support(user: AnyUser, council: Council) -> bool:
    """A council's own performance lead or director asks for self help."""
    return council is not None and may_act_for(user, "request_support", council)


def can_broker_support(user: AnyUser) -> bool:
    """Recommending targeted support or intervention and matching providers: the Planning Group
    (also on the Board's behalf) and the administrator."""
    return may_act_at_all(user, "broker_support")


def can_publish_strength(user: AnyUser, council: Council) -> bool:
    return council is not None and may_act_for(user, "publish_strength", council)


def can_endorse_strength(user: AnyUser) -> bool:
    return may_act_at_all(user, "endorse_strength")


def can_book_event(user: AnyUser) -> bool:
    return may_act_at_all(user, "book_event")


def can_manage_events(user: AnyUser) -> bool:
    return may_act_at_all(user, "manage_events")


def can_challenge_share(user: AnyUser, council: Council) -> bool:
    """A council's lead or director challenges a disproportionate share of time (MoU 2.1 g)."""
    return council is not None and may_act_for(user, "challenge_share", council)


def can_resolve_challenge(user: AnyUser) -> bool:
    return may_act_at_all(user, "resolve_challenge")


register_rule("can_request_support", can_request_support)
register_rule("can_broker_support", can_broker_support)
register_rule("can_publish_strength", can_publish_strength)
register_rule("can_endorse_strength", can_endorse_strength)
register_rule("can_book_event", can_book_event)
register_rule("can_manage_events", can_manage_events)
register_rule("can_challenge_share", can_challenge_share)
register_rule("can_resolve_challenge", can_resolve_challenge)


# --- Who moves an engagement along and records its days; the directory ----------------------


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


def can_view_every_strength(user: AnyUser) -> bool:
    """Every council's directory entries in every state (draft, published, archived) on one
    page: whoever writes every council's entries (the administrator). Drafts stay the
    council's own until published (:func:`may_see_strength`), so the Planning Group, who read
    and endorse published entries, are not among them."""
    return user.is_authenticated and council_ids_for(user, "publish_strength") is None


register_rule("can_view_every_strength", can_view_every_strength)


# --- The reciprocity ledger, challenges and event bookings ------------------------------------


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
    return get_object_or_404(visible, pk=pk)


register_rule("can_view_ledger", can_view_ledger)
