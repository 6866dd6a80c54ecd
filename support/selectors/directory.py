"""Reads for the excellence directory: published entries found by a search, and a council's
own entries."""

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q

from accounts import access
from authorities.models import Council
from returns.models import Domain, Measure
from support.models import (
    StrengthEntry,
)


def strength_directory_search(
    *,
    fetched_by: access.AnyUser,
    text: str = "",
    domain: str = "",
    measure: Measure | None = None,
    council: Council | None = None,
) -> list[StrengthEntry]:
    """Published directory entries, endorsed first then by council and topic, narrowed by
    ``text`` (every word must appear in the topic, description, council's name or role to
    contact), a scorecard domain, a measure and a council. Every signed-in user; nobody else.
    Two queries."""
    if not fetched_by.is_authenticated:
        raise PermissionDenied
    entries = StrengthEntry.objects.filter(status=StrengthEntry.Status.PUBLISHED)
    for word in text.split():
        entries = entries.filter(
            Q(topic__icontains=word)
            | Q(description__icontains=word)
            | Q(council__name__icontains=word)
            | Q(contact_role__icontains=word)
        )
    if domain:
        if domain not in Domain.values:
            return []
        entries = entries.filter(domains__icontains=f'"{domain}"')
    if measure is not None:
        entries = entries.filter(measures=measure)
    if council is not None:
        entries = entries.filter(council=council)
    return list(
        entries.select_related("council")
        .prefetch_related("measures")
        .annotate(unendorsed=ExpressionWrapper(Q(endorsed_at__isnull=True), BooleanField()))
        .order_by("unendorsed", "council__name", "topic", "pk")
        .distinct()
    )


def council_strength_entries(*, council: Council) -> list[StrengthEntry]:
    """All of a council's entries, drafts and archived included, for its own users (the view
    checks ``publish_strength``). Two queries."""
    return list(
        StrengthEntry.objects.filter(council=council)
        .select_related("council", "endorsed_by")
        .prefetch_related("measures")
        .order_by("status", "topic", "pk")
    )


def strength_entry_list(
    *, fetched_by: access.AnyUser, council: Council | None = None, status: str = ""
) -> list[StrengthEntry]:
    """Every council's directory entries in every state, by council and topic, narrowed to one
    ``council`` and one ``status`` when given: for whoever writes every council's entries
    (``access.can_view_every_strength``), never anyone else. One query whatever the number of
    councils and entries."""
    if not access.can_view_every_strength(fetched_by):
        raise PermissionDenied
    entries = StrengthEntry.objects.all()
    if council is not None:
        entries = entries.filter(council=council)
    if status:
        entries = entries.filter(status=status)
    return list(
        entries.select_related("council", "endorsed_by").order_by("council__name", "topic", "pk")
    )
