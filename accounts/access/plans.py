"""Improvement plans (the improvement_plans app): who reads and who edits a plan, and which of
the things a plan cites its page shows to whom."""

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
from accounts.access.support import may_see_linked_concern
from authorities.models import Council

M = TypeVar("M", bound=Model)


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
    return get_object_or_404(visible, pk=pk)


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


def can_edit_plan(user: AnyUser, council: Council) -> bool:
    """Only the council's own performance lead or director edits its improvement plan."""
    return council is not None and may_edit_plan(user, council)


def can_create_plan(user: AnyUser) -> bool:
    """Creating or importing a plan: a council's performance lead or director, for their own
    council."""
    return may_act_at_all(user, "edit_plan")


register_rule("can_edit_plan", can_edit_plan)
register_rule("can_create_plan", can_create_plan)
