"""E-mails about a council's quarterly returns, sent through ``notifications.services.notify``.

Deadline reminders run daily (``returns.send_deadline_reminders`` in ``CELERY_BEAT_SCHEDULE``):
7 days and 1 day before a quarter's deadline, and the day after it, to the performance leads and
directors of each council that was responsible for adult social care in the quarter and has not
submitted its return. Each step is a key of the e-mails recorded, so a second run sends nothing
twice and a day the job did not run is made up the next day (one e-mail for the step, never two).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from authorities.models import Council
from notifications.models import Kind
from notifications.services import notify
from returns.models import (
    LateReturnReminder,
    Period,
    Return,
    ReturnStatus,
    ReturnUpload,
    UploadState,
)

APPROACHING_DAYS = (7, 1)
"""The steps before a deadline at which councils are reminded, in days."""

DONE = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


@dataclass
class DeadlineRemindersResult:
    # (council name, period label, step): step is "7 days", "1 day" or "missed"
    sent: list[tuple[str, str, str]] = field(default_factory=list)


def _day(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _detail_path(council: Council, period: Period) -> str:
    return reverse("returns:detail", args=[council.slug, period.slug])


def approaching_step(
    period: Period, today: datetime.date, steps: Sequence[int] = APPROACHING_DAYS
) -> int | None:
    """The reminder step due ``today`` before ``period``'s deadline: the smallest step N with
    deadline - N <= today, up to the deadline day itself; None outside that window."""
    left = (period.deadline - today).days
    if left < 0 or today < period.opens_on:
        return None
    due = [n for n in steps if left <= n]
    return min(due) if due else None


def deadline_missed(period: Period, today: datetime.date) -> bool:
    """The deadline has passed and the return window is still open: the day after the deadline
    (or the first run after it, if the job did not run that day)."""
    return period.deadline < today <= period.closes_on


def _councils_not_submitted(period: Period) -> list[Council]:
    done = Return.objects.filter(period=period, status__in=DONE).values("council_id")
    return list(
        Council.objects.active_between(period.starts_on, period.ends_on)
        .exclude(pk__in=done)
        .order_by("name")
    )


def return_deadline_reminders_send(
    *, today: datetime.date | None = None
) -> DeadlineRemindersResult:
    """E-mail the performance leads and directors of every council whose return for an open
    quarter is not submitted: 7 days and 1 day before the deadline ("approaching") and the day
    after it ("missed"). Each council and step once, however often this runs."""
    today = today or timezone.localdate()
    result = DeadlineRemindersResult()
    periods = Period.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("deadline")
    for period in periods:
        step = approaching_step(period, today)
        if step is not None:
            left = (period.deadline - today).days
            when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
            for council in _councils_not_submitted(period):
                sent = notify(
                    kind=Kind.RETURN_DEADLINE_APPROACHING,
                    key=f"period:{period.pk}:council:{council.pk}:{step}d",
                    council=council,
                    subject=(
                        f"Reminder: {council.name}'s {period.label} return is due on "
                        f"{_day(period.deadline)}"
                    ),
                    paragraphs=[
                        f"{council.name}'s quarterly return for {period.label} has not been "
                        f"submitted yet. It is due {when}, on {_day(period.deadline)}.",
                        "Upload the return file, check the figures and submit it from the "
                        "return's page.",
                    ],
                    path=_detail_path(council, period),
                )
                if sent:
                    label = f"{step} day{'s' if step != 1 else ''}"
                    result.sent.append((council.name, period.label, label))
        elif deadline_missed(period, today):
            for council in _councils_not_submitted(period):
                sent = notify(
                    kind=Kind.RETURN_DEADLINE_MISSED,
                    key=f"period:{period.pk}:council:{council.pk}:missed",
                    council=council,
                    subject=(
                        f"{council.name}'s {period.label} return was due on {_day(period.deadline)}"
                    ),
                    paragraphs=[
                        f"{council.name}'s quarterly return for {period.label} was due on "
                        f"{_day(period.deadline)} and has not been submitted.",
                        f"The return window stays open until {_day(period.closes_on)}. Please "
                        "submit the return as soon as you can, or tell the regional "
                        "administrator when it will follow.",
                    ],
                    path=_detail_path(council, period),
                )
                if sent:
                    result.sent.append((council.name, period.label, "missed"))
    return result


def upload_checked_notify(*, upload_id: int) -> None:
    """Tell the uploader their file was accepted as a new version or failed validation."""
    upload = (
        ReturnUpload.objects.select_related(
            "return_obj__council", "return_obj__period", "uploaded_by", "version"
        )
        .filter(pk=upload_id, state__in=(UploadState.VALID, UploadState.INVALID))
        .first()
    )
    if upload is None:
        return
    ret = upload.return_obj
    council, period = ret.council, ret.period
    if upload.state == UploadState.VALID:
        version = getattr(upload, "version", None)
        made = f" It is now version {version.number} of the return." if version else ""
        subject = f"{council.name} {period.label} return: your file has been checked"
        paragraphs = [
            f"The file '{upload.original_name}' you uploaded for {council.name}'s {period.label} "
            f"return has been checked and no problems were found.{made}",
            "Check the figures, then submit the return when it is ready.",
        ]
    else:
        count = len(upload.problems or [])
        found = f"{count} problem{'s' if count != 1 else ''}" if count else "Problems"
        subject = f"{council.name} {period.label} return: problems found in your file"
        paragraphs = [
            f"The file '{upload.original_name}' you uploaded for {council.name}'s {period.label} "
            f"return has been checked. {found} {'were' if count != 1 else 'was'} found, so it "
            "has not been made into a new version.",
            "The page lists each problem by row and column. Correct the file and upload it again.",
        ]
    notify(
        kind=Kind.RETURN_FILE_CHECKED,
        key=f"upload:{upload.pk}",
        council=council,
        users=[upload.uploaded_by],
        subject=subject,
        paragraphs=paragraphs,
        path=reverse("returns:upload_status", args=[upload.pk]),
    )


def return_accepted_notify(*, return_id: int) -> None:
    """Tell the council's users their return was accepted."""
    ret = (
        Return.objects.select_related("council", "period", "accepted_version")
        .filter(pk=return_id, status=ReturnStatus.ACCEPTED)
        .first()
    )
    if ret is None:
        return
    council, period = ret.council, ret.period
    version = ret.accepted_version
    which = f" (version {version.number})" if version else ""
    notify(
        kind=Kind.RETURN_ACCEPTED,
        key=f"return:{ret.pk}:accepted:{ret.accepted_version_id or 0}",
        council=council,
        subject=f"{council.name}'s {period.label} return has been accepted",
        paragraphs=[
            f"The regional administrator has accepted {council.name}'s quarterly return for "
            f"{period.label}{which}. It is now locked: a change needs the administrator to reopen "
            "it.",
        ],
        path=_detail_path(council, period),
    )


@dataclass
class LateRemindersResult:
    reminded: list[Council] = field(default_factory=list)
    already_today: list[Council] = field(default_factory=list)


def late_councils(*, period: Period, today: datetime.date) -> list[Council]:
    """Councils responsible in ``period`` whose return is late: its deadline has passed and it
    is neither submitted nor accepted (the completeness grid's "Late")."""
    if today <= period.deadline:
        return []
    return _councils_not_submitted(period)


def late_returns_remind(
    *, period: Period, sent_by: User, today: datetime.date | None = None
) -> LateRemindersResult:
    """E-mail the performance leads of each council whose ``period`` return is late, once per
    council and day however often it is asked for, and record each reminder (who asked, when,
    how many were e-mailed) for the completeness grid."""
    today = today or timezone.localdate()
    result = LateRemindersResult()
    with transaction.atomic():
        for council in late_councils(period=period, today=today):
            reminder, created = LateReturnReminder.objects.get_or_create(
                period=period, council=council, sent_on=today, defaults={"sent_by": sent_by}
            )
            if not created:
                result.already_today.append(council)
                continue
            leads = User.objects.filter(
                memberships__role=Role.PERFORMANCE_LEAD, memberships__council=council
            )
            sent = notify(
                kind=Kind.RETURN_DEADLINE_MISSED,
                key=f"period:{period.pk}:council:{council.pk}:late:{today.isoformat()}",
                council=council,
                users=leads,
                subject=f"{council.name}'s {period.label} return is late",
                paragraphs=[
                    f"{council.name}'s quarterly return for {period.label} was due on "
                    f"{_day(period.deadline)} and has not been submitted.",
                    "The SLI Planning Group asks you to submit it as soon as you can, or to tell "
                    "the regional administrator when it will follow.",
                ],
                path=_detail_path(council, period),
            )
            reminder.recipients = len(sent)
            reminder.save(update_fields=["recipients"])
            result.reminded.append(council)
    return result
