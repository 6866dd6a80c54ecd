"""The demonstration's review over time: the last meeting was held in the past, most flags and
concerns were raised or last changed before it, and the queue's "new since the last meeting"
holds only the few whose evidence arrived after it."""

import pytest
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.meetings import meetings_demo_load
from demo.review import MEETING_TITLE, review_demo_load
from demo.triggers import triggers_demo_load
from demo.users import PLANNER, users_ensure
from triggers.models import Concern, ConcernEvent, ReviewPriority, Severity, Trigger
from triggers.selectors.queue import QueueFilters, review_queue

pytestmark = pytest.mark.django_db

# Flags the automatic triggers would raise on the demonstration figures: serious ones, so the
# demonstration's review keeps them in the queue.
FLAGGED = ["wirral", "bolton", "bury", "oldham"]


def _automatic_flags() -> None:
    trigger = Trigger.objects.get(automatic="measure_outlier")
    for council in Council.objects.filter(slug__in=FLAGGED):
        for code in ("2C", "2D"):
            concern = Concern.objects.create(
                council=council,
                trigger=trigger,
                title=f"{code} far worse than the North West median",
                raised_on=timezone.localdate(),
                automatic_key=f"measure_outlier:{code}",
                severity=Severity.HIGH,
                reasons=f"{code}: far worse.",
                new_evidence_at=timezone.now(),
                evidence_items=[{"subject": f"measure_outlier:{code}", "period": "2025/26 Q4"}],
            )
            ConcernEvent.objects.create(concern=concern, action="raised", text="Found")


def _load() -> None:
    triggers_demo_load()
    _automatic_flags()
    review_demo_load()
    meetings_demo_load()


def test_only_a_few_flags_are_new_since_the_last_meeting() -> None:
    users_ensure()
    _load()
    planner = User.objects.get(email=PLANNER)

    queue = review_queue(fetched_by=planner, filters=QueueFilters())

    assert queue.last_meeting is not None
    assert queue.last_meeting.title == MEETING_TITLE
    assert queue.last_meeting.held_on < timezone.localdate()
    shown = [c for row in queue.rows for c in row.concerns]
    new = [c for row in queue.rows for c in row.new]
    assert 0 < len(new) <= 4 < len(shown)
    assert any(c.is_automatic for c in new)
    assert any(not c.is_automatic for c in new)
    on_agenda = set(queue.last_meeting.items.values_list("council_id", flat=True))
    assert not any(c.council_id in on_agenda and c.is_automatic for c in new)
    old = [c for c in shown if c not in new]
    assert all(
        timezone.localdate(e.at) <= queue.last_meeting.held_on
        for e in ConcernEvent.objects.filter(concern__in=old)
    )
    assert all(
        timezone.localdate(p.set_at) <= queue.last_meeting.held_on
        for p in ReviewPriority.objects.filter(council__in={c.council for c in old})
    )


def test_dating_the_review_twice_changes_nothing() -> None:
    users_ensure()
    _load()
    dates = sorted(Concern.objects.values_list("pk", "created_at", "new_evidence_at"))
    events = sorted(ConcernEvent.objects.values_list("pk", "at"))

    meetings_demo_load()

    assert sorted(Concern.objects.values_list("pk", "created_at", "new_evidence_at")) == dates
    assert sorted(ConcernEvent.objects.values_list("pk", "at")) == events
