"""Reads for the reciprocity ledger and challenges to a share of time: every council's totals
to every user who may see engagements; the breakdown by offer only for the user's own council,
and all of it for the reviewers."""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q

from accounts import access
from support import ledger as ledger_module
from support.models import (
    ShareChallenge,
)


def ledger_get(*, fetched_by: access.AnyUser, year: int) -> ledger_module.Ledger:
    """The ledger for the financial year starting in ``year`` (see ``support.ledger``), with
    the breakdown by offer only for the user's own council unless a reviewer. Seven queries."""
    if not access.may_act_at_all(fetched_by, "view_engagement"):
        raise PermissionDenied
    result = ledger_module.ledger_for_year(year=year)
    ids = access.council_ids_for(fetched_by, "view_engagement")
    if ids is None:
        return result
    rows = [
        row if row.council.pk in ids else dataclasses.replace(row, by_offer=[])
        for row in result.rows
    ]
    return dataclasses.replace(result, rows=rows)


def challenge_list(*, fetched_by: access.AnyUser, year: int | None = None) -> list[ShareChallenge]:
    """Challenges to a disproportionate share: a council's own for its users, all for the
    reviewers; open ones first. One query."""
    if not access.may_act_at_all(fetched_by, "view_engagement"):
        raise PermissionDenied
    queryset = access.scope_to_councils(
        ShareChallenge.objects.all(), fetched_by, action="view_engagement"
    )
    if year is not None:
        queryset = queryset.filter(year=year)
    return list(
        queryset.select_related("council", "lodged_by", "resolved_by")
        .annotate(resolved=ExpressionWrapper(Q(resolved_at__isnull=False), BooleanField()))
        .order_by("resolved", "-year", "council__name", "-lodged_at")
    )
