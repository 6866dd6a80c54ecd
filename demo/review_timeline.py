"""The demonstration's review as it would have happened over time, so that the queue's "new
since the last meeting" means something. An automatic flag was found when its evidence's period
closed: the day after the quarter's return deadline, or once a year's Local Account grace
period had passed; a concern a person raised dates from the day it was raised; the priorities
were set at the last (past) meeting, and the flags it dismissed were closed there. Only a few
things are new since it: a concern raised after it, evidence whose period closed after it, and
the flags of one council not on that meeting's agenda, whose late return brought its evidence
a week after the meeting.

Every part of the demonstration is written through the services on the day it is built; this moves the
dates of the concerns, their steps, their history and the priorities to the story's days.
Idempotent: the dates follow from the meeting's day, each concern's own and the day it runs.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from returns.models import Period
from sli_portal.financial_years import parse_year, year_bounds
from triggers.models import Concern, ConcernEvent, Meeting, ReviewPriority, Thresholds

NEW_EVIDENCE_AFTER = datetime.timedelta(days=7)
# The steps of a concern raised by a person, this far apart (and never past its last day).
STEP = datetime.timedelta(days=3)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def late_flags(meeting: Meeting) -> set[int]:
    """The flags whose evidence came with a late return after ``meeting``: the automatic
    flags on quarterly figures of the first council (by name) in the queue not on
    that meeting's agenda."""
    on_agenda = set(meeting.items.values_list("council_id", flat=True))
    flags = [
        flag
        for flag in Concern.objects.in_queue()
        .exclude(automatic_key="")
        .exclude(council_id__in=on_agenda)
        .order_by("council__name", "pk")
        if flag.evidence_items
        and all(" Q" in str(item.get("period", "")) for item in flag.evidence_items)
    ]
    if not flags:
        return set()
    return {f.pk for f in flags if f.council_id == flags[0].council_id}


class _Closings:
    """The day each period of a flag's evidence closed for the automatic triggers."""

    def __init__(self) -> None:
        self.quarters = {str(p): p.deadline for p in Period.objects.all()}
        self.grace = datetime.timedelta(days=Thresholds.current().local_account_grace_days)

    def closed_on(self, label: str) -> datetime.date | None:
        if label in self.quarters:
            return self.quarters[label] + datetime.timedelta(days=1)
        try:
            return year_bounds(parse_year(label))[1] + self.grace
        except ValueError:
            return None

    def found_on(self, concern: Concern, fallback: datetime.date) -> datetime.date:
        days = [self.closed_on(str(item.get("period", ""))) for item in concern.evidence_items]
        return max((d for d in days if d is not None), default=fallback)


def review_timeline_demo_date(meeting: Meeting, *, today: datetime.date) -> None:
    """Date every demonstration concern, its steps and history, and the priorities, around
    ``meeting`` (the last one held). A council whose only open flags are new has its priority
    set after they arrived; every other priority was set at the meeting."""
    meeting_day, late, closings = meeting.held_on, late_flags(meeting), _Closings()
    seen_before: set[int] = set()
    with transaction.atomic():
        for concern in Concern.objects.order_by("pk"):
            if concern.is_automatic:
                day = closings.found_on(concern, fallback=meeting_day - STEP)
                if concern.pk in late:
                    day = max(day, meeting_day + NEW_EVIDENCE_AFTER)
                day = min(day, today)
            else:
                day = concern.raised_on
            new = day > meeting_day
            if not new and concern.condition_cleared_on is None:
                seen_before.add(concern.council_id)
            # What is new moved on until yesterday evening, never into the hours ahead.
            last = _at(today - datetime.timedelta(days=1) if new else meeting_day, 17)
            _date_concern(concern, _at(day), last=last)
        later = _at(min(meeting_day + NEW_EVIDENCE_AFTER + datetime.timedelta(days=1), today))
        for priority in ReviewPriority.objects.all():
            at = _at(meeting_day, 12) if priority.council_id in seen_before else later
            ReviewPriority.objects.filter(pk=priority.pk).update(set_at=at)
            priority.history.update(history_date=at)


def _step_at(
    concern: Concern, n: int, steps: int, start: datetime.datetime, last: datetime.datetime
) -> datetime.datetime:
    """Step ``n`` of ``steps``: a person's concern moves on STEP after STEP; an automatic
    flag's steps (new evidence, then closed at the meeting or cleared by the data) are spread
    evenly up to ``last``."""
    if n == 0:
        return start
    if concern.is_automatic:
        return start + (last - start) * n / max(steps - 1, 1)
    return min(start + n * STEP, last)


def _date_concern(concern: Concern, at: datetime.datetime, *, last: datetime.datetime) -> None:
    """The concern dated ``at``; its steps and history rows from then, never after ``last``
    (a flag the data has cleared keeps the day it cleared)."""
    if concern.condition_cleared_on is not None:
        last = max(last, _at(concern.condition_cleared_on, 0))
    fields: dict[str, datetime.date] = {"created_at": at}
    if concern.is_automatic:
        fields.update(raised_on=timezone.localdate(at), new_evidence_at=at)
    elif concern.new_evidence_at is not None:
        fields["new_evidence_at"] = at
    Concern.objects.filter(pk=concern.pk).update(**fields)
    last = max(last, at)
    events = ConcernEvent.objects.filter(concern=concern)
    steps = list(events.order_by("at", "pk").values_list("pk", flat=True))
    for n, pk in enumerate(steps):
        events.filter(pk=pk).update(at=_step_at(concern, n, len(steps), at, last))
    history = Concern.history.filter(id=concern.pk)
    rows = list(history.order_by("history_date", "history_id").values_list("history_id", flat=True))
    for n, pk in enumerate(rows):
        history.filter(history_id=pk).update(history_date=_step_at(concern, n, len(rows), at, last))
