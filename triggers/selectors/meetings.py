"""Reads for the Planning Group's meetings: the list, an agenda, and the councils that can be
put on one."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from triggers.models import AgendaItem, Meeting


def meeting_list(*, fetched_by: AnyUser) -> list[Meeting]:
    """Every Planning Group meeting, newest first, with how many councils are on its agenda and
    how many have a decision (1 query)."""
    if not access.may_act_at_all(fetched_by, "review_councils"):
        return []
    return list(
        Meeting.objects.annotate(
            councils=Count("items"), decided=Count("items", filter=~Q(items__decision=""))
        ).order_by("-held_on", "-pk")
    )


def meeting_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda in order, with each council and who recorded its decision."""
    return list(
        meeting.items.select_related("council__sub_region", "decided_by").order_by(
            "order", "council__name"
        )
    )


def councils_for_agenda(
    *, meeting: Meeting | None, today: datetime.date | None = None
) -> QuerySet[Council]:
    """Councils that can be put on an agenda: those active on the meeting's day (or today),
    not already on it."""
    day = meeting.held_on if meeting else (today or timezone.localdate())
    councils = Council.objects.active_on(day).order_by("name")
    if meeting is not None:
        councils = councils.exclude(agenda_items__meeting=meeting)
    return councils
