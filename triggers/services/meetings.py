"""Writes for running a Planning Group meeting after its agenda is set: who attended, the
actions agreed with their owners, the minutes, the chair's approval that locks the meeting,
and corrections to a locked meeting as new, attributed entries.

Atomic, keyword-only and attributed like every service (see ``triggers.services.review``). Once
the chair approves the minutes the meeting's record stands: attendees, agenda, decisions,
actions and minutes are refused with :data:`MEETING_LOCKED`; a correction is the one way to
add to it.
"""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from sli_portal.history import set_history_user, without_history
from triggers.models import Meeting, MeetingAction, MeetingCorrection
from triggers.services.review import MEETING_LOCKED, ReviewRefused

CHAIR_ONLY = "Only the chair of the meeting can approve its minutes"
NO_CHAIR = "Choose the chair of the meeting before the minutes are approved"
NO_MINUTES = "Write the minutes before they are approved"
NOT_LOCKED = (
    "The minutes are not approved yet, so change the meeting's record itself rather than "
    "adding a correction"
)


def _open_meeting(meeting: Meeting) -> Meeting:
    """The meeting, locked for this transaction; refused once its minutes are approved."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_locked:
        raise ReviewRefused(MEETING_LOCKED)
    return locked


def meeting_attendees_set(
    *,
    meeting: Meeting,
    chair: User | None,
    attendees: Sequence[User],
    other_attendees: str,
    recorded_by: User,
) -> Meeting:
    """Record who chaired and who attended: portal users and named others (one a line)."""
    others = "\n".join(line.strip() for line in other_attendees.splitlines() if line.strip())
    with transaction.atomic():
        record = _open_meeting(meeting)
        record.chair = chair
        record.other_attendees = others
        set_history_user(record, recorded_by)
        with without_history(record):
            record.attendees.set(attendees)
        record.save(update_fields=["chair", "other_attendees"])
    return record


def meeting_action_add(
    *,
    meeting: Meeting,
    text: str,
    owner: User | None,
    owner_name: str,
    council: Council | None,
    due_on: datetime.date | None,
    recorded_by: User,
) -> MeetingAction:
    """An action agreed at the meeting. Its owner is a portal user or a named person."""
    text, owner_name = text.strip(), owner_name.strip()
    if not text:
        raise ReviewRefused("Enter what the action is", field="text")
    if owner is None and not owner_name:
        raise ReviewRefused("Choose who owns the action, or enter their name", field="owner")
    if owner is not None and owner_name:
        raise ReviewRefused(
            "Choose an owner from the list or enter a name, not both", field="owner_name"
        )
    with transaction.atomic():
        record = _open_meeting(meeting)
        action = MeetingAction(
            meeting=record,
            text=text,
            owner=owner,
            owner_name=owner_name,
            council=council,
            due_on=due_on,
            created_by=recorded_by,
        )
        set_history_user(action, recorded_by)
        action.save()
    return action


def meeting_minutes_save(*, meeting: Meeting, minutes: str, recorded_by: User) -> Meeting:
    """Save the draft minutes; refused once the chair has approved them."""
    with transaction.atomic():
        record = _open_meeting(meeting)
        record.minutes = minutes.strip()
        set_history_user(record, recorded_by)
        record.save(update_fields=["minutes"])
    return record


def meeting_minutes_approve(*, meeting: Meeting, approved_by: User) -> Meeting:
    """The chair approves the minutes, which locks the meeting's record."""
    with transaction.atomic():
        record = _open_meeting(meeting)
        if record.chair_id is None:
            raise ReviewRefused(NO_CHAIR)
        if record.chair_id != approved_by.pk:
            raise ReviewRefused(CHAIR_ONLY)
        if not record.minutes.strip():
            raise ReviewRefused(NO_MINUTES)
        record.minutes_approved_at = timezone.now()
        record.minutes_approved_by = approved_by
        set_history_user(record, approved_by)
        record.save(update_fields=["minutes_approved_at", "minutes_approved_by"])
    return record


def meeting_correction_add(*, meeting: Meeting, text: str, recorded_by: User) -> MeetingCorrection:
    """A correction to a locked meeting: a new entry naming who made it and when."""
    if not text.strip():
        raise ReviewRefused("Enter the correction", field="text")
    with transaction.atomic():
        record = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not record.is_locked:
            raise ReviewRefused(NOT_LOCKED)
        return MeetingCorrection.objects.create(
            meeting=record, text=text.strip(), recorded_by=recorded_by
        )
