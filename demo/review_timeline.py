"""The demonstration's review as it would have happened over time, so that the queue's "new
since the last meeting" means something: the automatic flags were found when the quarter's
returns were evaluated, three weeks before the last (past) meeting; the concerns people raised
date from the day they were raised; the priorities were set at that meeting; and only a few
things are new since it: a concern raised after it, and the flags of one council whose evidence
arrived a week after it (so it was not on that meeting's agenda).

Every part of the demo is written through the services on the day it is built; this moves the
dates of the concerns, their steps, their history and the priorities to the story's days.
Idempotent: the dates follow from the meeting's day and each concern's own, never from today.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from triggers.models import Concern, ConcernEvent, Meeting, ReviewPriority

FOUND_BEFORE = datetime.timedelta(days=21)
NEW_EVIDENCE_AFTER = datetime.timedelta(days=7)
# The steps in a concern's life, spread this far apart (and never past its last day).
STEP = datetime.timedelta(days=3)
NEW_FLAGS = 2


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def new_since_the_meeting(meeting: Meeting) -> set[int]:
    """The flags whose evidence arrived after ``meeting``: at most NEW_FLAGS automatic flags of
    the first council (by name) in the queue that was not on that meeting's agenda."""
    on_agenda = set(meeting.items.values_list("council_id", flat=True))
    flags = (
        Concern.objects.in_queue()
        .exclude(automatic_key="")
        .exclude(council_id__in=on_agenda)
        .order_by("council__name", "pk")
    )
    first = flags.first()
    if first is None:
        return set()
    return set(flags.filter(council_id=first.council_id).values_list("pk", flat=True)[:NEW_FLAGS])


def review_timeline_demo_date(meeting: Meeting, *, today: datetime.date) -> None:
    """Date every demonstration concern, its steps and history, and the priorities, around
    ``meeting`` (the last one held). A council whose only flags are new has its priority set
    the day after they arrived; every other priority was set at the meeting."""
    meeting_day = meeting.held_on
    new_flags = new_since_the_meeting(meeting)
    seen_before: set[int] = set()
    with transaction.atomic():
        for concern in Concern.objects.order_by("pk"):
            if concern.is_automatic:
                new = concern.pk in new_flags
                day = meeting_day + NEW_EVIDENCE_AFTER if new else meeting_day - FOUND_BEFORE
                day = min(day, today)
            else:
                day, new = concern.raised_on, concern.raised_on > meeting_day
            if not new:
                seen_before.add(concern.council_id)
            _date_concern(concern, _at(day), last=_at(today if new else meeting_day, 17))
        later = _at(min(meeting_day + NEW_EVIDENCE_AFTER + datetime.timedelta(days=1), today))
        for priority in ReviewPriority.objects.all():
            at = _at(meeting_day, 12) if priority.council_id in seen_before else later
            ReviewPriority.objects.filter(pk=priority.pk).update(set_at=at)
            priority.history.update(history_date=at)


def _date_concern(concern: Concern, at: datetime.datetime, *, last: datetime.datetime) -> None:
    """The concern dated ``at``; its steps and history rows from then, STEP apart, never
    after ``last``."""
    fields: dict[str, datetime.date] = {"created_at": at}
    if concern.is_automatic:
        fields.update(raised_on=timezone.localdate(at), new_evidence_at=at)
    elif concern.new_evidence_at is not None:
        fields["new_evidence_at"] = at
    Concern.objects.filter(pk=concern.pk).update(**fields)
    for n, event in enumerate(ConcernEvent.objects.filter(concern=concern).order_by("at", "pk")):
        ConcernEvent.objects.filter(pk=event.pk).update(at=min(at + n * STEP, last))
    history = Concern.history.filter(id=concern.pk)
    for n, row in enumerate(history.order_by("history_date", "history_id")):
        history.filter(history_id=row.history_id).update(history_date=min(at + n * STEP, last))
