"""Reads of concerns for pages, each shaped for its page with a fixed number of queries.

Who sees what (DOMAIN.md §3: soft intelligence about a named council is confidential):

- the Planning Group, risk assessors and the regional administrator: every concern, in full;
- a council's director and performance lead: only concerns about their own council that have
  been shared with it (never one still "raised", nor one closed without being shared), and only
  what was shared: title, trigger, the sharing note, the portal's reasons for an automatic one,
  responses and outcomes; never the evidence or the files;
- board members: only concerns included in the board's summary, as council, quadrant, trigger,
  severity and status.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from authorities.models import Council
from triggers.models import (
    Concern,
    ConcernEvent,
    ConcernFile,
    ConcernStatus,
    Visibility,
)

SHARED_VISIBILITIES = (Visibility.SHARED, Visibility.BOARD_SUMMARY)
# Concerns a council may see: those the Planning Group has shared with it.
SHARED_WITH_COUNCIL = Q(visibility__in=SHARED_VISIBILITIES) & ~Q(status=ConcernStatus.RAISED)
# The steps a council sees in a shared concern's history.
COUNCIL_EVENTS = (
    ConcernEvent.Action.SHARED,
    ConcernEvent.Action.RESPONDED,
    ConcernEvent.Action.CONFIRMED,
    ConcernEvent.Action.CLOSED,
)


def _listing(queryset: QuerySet[Concern]) -> QuerySet[Concern]:
    return queryset.select_related("council", "trigger__quadrant")


def concern_list(*, fetched_by: access.AnyUser, filters: dict[str, Any]) -> QuerySet[Concern]:
    """Every concern the reviewer may see, newest first, narrowed by the list's filters:
    council, quadrant, status ("open" = not closed), severity, kind (automatic or manual)."""
    queryset = access.scope_to_councils(Concern.objects.all(), fetched_by, action="raise_concern")
    if council := filters.get("council"):
        queryset = queryset.filter(council=council)
    if quadrant := filters.get("quadrant"):
        queryset = queryset.filter(trigger__quadrant=quadrant)
    status = filters.get("status")
    if status == "open":
        queryset = queryset.exclude(status=ConcernStatus.CLOSED)
    elif status:
        queryset = queryset.filter(status=status)
    if severity := filters.get("severity"):
        queryset = queryset.filter(severity=severity)
    if filters.get("kind") == "automatic":
        queryset = queryset.exclude(automatic_key="")
    elif filters.get("kind") == "manual":
        queryset = queryset.filter(automatic_key="")
    return _listing(queryset)


def shared_with_council(council: Council) -> QuerySet[Concern]:
    """Concerns about ``council`` that have been shared with it."""
    return Concern.objects.filter(SHARED_WITH_COUNCIL, council=council).select_related(
        "council", "trigger__quadrant"
    )


def council_concern_list(*, council: Council) -> list[Concern]:
    return list(shared_with_council(council))


def board_summary_list() -> list[Concern]:
    """Concerns included in the board's summary, by council. Only the fields the board sees
    are loaded: never the evidence, reasons or files."""
    return list(
        Concern.objects.filter(visibility=Visibility.BOARD_SUMMARY)
        .select_related("council", "trigger__quadrant")
        .only(
            "pk",
            "council__name",
            "council__slug",
            "trigger__name",
            "trigger__quadrant__name",
            "trigger__quadrant__order",
            "severity",
            "status",
            "raised_on",
        )
        .order_by("council__name", "-raised_on", "-pk")
    )


def concern_get_for_reviewer(*, pk: int, fetched_by: access.AnyUser) -> Concern:
    """One concern for the Planning Group's page: 403 for a role that never sees concerns in
    full (council users, board members), 404 if there is no such concern."""
    return access.get_council_record_or_404(
        Concern.objects.select_related("council", "trigger__quadrant", "raised_by"),
        fetched_by,
        action="raise_concern",
        view_action="raise_concern",
        pk=pk,
    )


@dataclass(frozen=True)
class ConcernPage:
    concern: Concern
    events: list[ConcernEvent]
    files: list[ConcernFile]


def concern_page_get(*, concern: Concern) -> ConcernPage:
    """The concern's full history and files, for the Planning Group."""
    return ConcernPage(
        concern=concern,
        events=list(concern.events.select_related("actor")),
        files=list(concern.files.select_related("uploaded_by").order_by("uploaded_at", "pk")),
    )


def council_concern_page_get(*, concern: Concern) -> ConcernPage:
    """What the council sees of a concern shared with it: the shared steps only, no files."""
    return ConcernPage(
        concern=concern,
        events=list(concern.events.filter(action__in=COUNCIL_EVENTS).select_related("actor")),
        files=[],
    )


def concern_file_get(*, concern: Concern, file_pk: int) -> ConcernFile | None:
    return concern.files.filter(pk=file_pk).first()
