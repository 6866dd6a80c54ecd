"""The demonstration's running of Planning Group meetings: the meeting held two weeks ago with
who attended (portal users and a named guest), its actions with owners, minutes approved by
its chair (so it is locked) and a correction recorded after; the next meeting, in ten days,
with an agenda from the review queue and nothing decided yet; and the reminder the Planning
Group sent two days ago to the councils whose latest closed quarter's return is late. The
concerns and priorities are then dated around the held meeting (demo.review_timeline).
Idempotent: each part is made once."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.review import MEETING_TITLE
from demo.review_timeline import review_timeline_demo_date
from demo.tables import DEMO
from demo.users import ADMIN, PLANNER
from returns.models import LateReturnReminder, Period
from returns.notifications import late_councils, late_returns_remind
from triggers.models import Concern, Meeting
from triggers.services.meetings import (
    meeting_action_add,
    meeting_attendees_set,
    meeting_correction_add,
    meeting_minutes_approve,
    meeting_minutes_save,
)
from triggers.services.review import meeting_create

NEXT_TITLE = "SLI Planning Group (demonstration): next meeting"
GUESTS = "LGA regional lead for adult social care (demonstration guest)\nNW ADASS programme manager"


def meetings_demo_load() -> None:
    """Load the meetings' and reminders' demonstration data (idempotent)."""
    users = {u.email: u for u in User.objects.filter(email__in=[PLANNER, ADMIN])}
    if len(users) < 2:
        return
    planner, admin = users[PLANNER], users[ADMIN]
    today = timezone.localdate()
    with transaction.atomic():
        held = Meeting.objects.filter(title=MEETING_TITLE).first()
        if held is not None and not held.is_locked:
            _run(held, planner, admin)
        _next_meeting(planner, today)
        if held is not None:
            review_timeline_demo_date(held, today=today)
    _late_reminder(planner, today)


def _run(meeting: Meeting, chair: User, admin: User) -> None:
    meeting_attendees_set(
        meeting=meeting,
        chair=chair,
        attendees=[chair, admin],
        other_attendees=GUESTS,
        recorded_by=admin,
    )
    councils = {i.council.slug: i.council for i in meeting.items.select_related("council")}
    actions = [
        (f"{DEMO} offer Wirral a peer mentor for its new heads of service.", chair, "", "wirral"),
        (f"{DEMO} ask Sefton for its eligibility proposal before the next meeting.", None,
         "NW ADASS programme manager", "sefton"),
    ]  # fmt: skip
    for text, owner, owner_name, slug in actions:
        meeting_action_add(
            meeting=meeting,
            text=text,
            owner=owner,
            owner_name=owner_name,
            council=councils.get(slug),
            due_on=meeting.held_on + datetime.timedelta(days=42),
            recorded_by=admin,
        )
    meeting_minutes_save(
        meeting=meeting,
        minutes=f"{DEMO} The group reviewed three councils from the queue. Wirral: new senior "
        "staff and a rise in delayed discharges; support recommended. Sefton: a proposal to "
        "raise eligibility; to be discussed with the council. Blackpool: no action.",
        recorded_by=admin,
    )
    meeting_minutes_approve(meeting=meeting, approved_by=chair)
    meeting_correction_add(
        meeting=meeting,
        text=f"{DEMO} the LGA regional lead sent apologies and did not attend.",
        recorded_by=chair,
    )


def _next_meeting(planner: User, today: datetime.date) -> None:
    if Meeting.objects.filter(title=NEXT_TITLE).exists():
        return
    flagged = list(
        Council.objects.active_on(today)
        .filter(pk__in=Concern.objects.open().values("council_id"))
        .order_by("name")[:4]
    )
    meeting_create(
        held_on=today + datetime.timedelta(days=10),
        title=NEXT_TITLE,
        councils=flagged,
        created_by=planner,
    )


def _late_reminder(planner: User, today: datetime.date) -> None:
    sent_on = today - datetime.timedelta(days=2)
    period = (
        Period.objects.filter(deadline__lt=sent_on, closes_on__gte=sent_on)
        .order_by("-deadline")
        .first()
    )
    if period is None or LateReturnReminder.objects.filter(period=period).exists():
        return
    if late_councils(period=period, today=sent_on):
        late_returns_remind(period=period, sent_by=planner, today=sent_on)
