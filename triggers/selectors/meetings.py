"""Reads for the Planning Group's meetings: the list, an agenda, and the councils that can be
put on one."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts import access
from accounts.access import AnyUser
from accounts.models import REGIONAL_ROLES, User
from authorities.models import Council
from triggers.models import AgendaItem, Meeting, MeetingAction, MeetingCorrection


def meeting_list(*, fetched_by: AnyUser) -> list[Meeting]:
    """Every Planning Group meeting, newest first, with how many councils are on its agenda and
    how many have a decision (1 query)."""
    if not access.can_hold_meetings(fetched_by):
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


@dataclass(frozen=True)
class MeetingRecord:
    """What a meeting's page shows beyond its agenda: who attended, the actions agreed and
    the corrections recorded after the minutes were approved."""

    attendees: list[User]
    actions: list[MeetingAction]
    corrections: list[MeetingCorrection]


def meeting_record_get(*, meeting: Meeting) -> MeetingRecord:
    """The meeting's attendees, actions (with owners and councils) and corrections (3
    queries)."""
    return MeetingRecord(
        attendees=list(meeting.attendees.order_by("first_name", "last_name", "username")),
        actions=list(
            meeting.actions.select_related("owner", "council").order_by("created_at", "pk")
        ),
        corrections=list(
            meeting.corrections.select_related("recorded_by").order_by("recorded_at", "pk")
        ),
    )


def meeting_people() -> list[User]:
    """People who may attend or own an action: active holders of a regional role (1 query)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role__in=sorted(REGIONAL_ROLES),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
