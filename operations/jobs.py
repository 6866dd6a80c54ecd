"""The job sweeper: PostgreSQL is the record of every background job that has one, and this
service finds the jobs that record says are stuck and puts them right.

Two ways a job gets stuck:

* **queued for too long** – its message was lost (Redis flushed or restarted without its data,
  or the enqueue after commit failed). The job is queued again; nothing else changes.
* **running for too long** – its worker died (killed, out of memory, machine lost) after taking
  the job, so the database still says it is running. Past the task time limit plus a margin, no
  live run can still own it: it is put back in the queue if it has attempts left, otherwise
  failed with a message the council officer or administrator understands.

Re-queueing is safe against a late redelivery of the original message (``acks_late`` keeps it
in Redis until the visibility timeout): each job's service takes a queued job by
compare-and-set, so whichever delivery comes first runs it and the others find nothing to do.

Jobs with no record of their own need none here: the national import runs in one transaction
and keeps a ledger of imported files (a killed import stores nothing and is run again); the
automatic triggers and comparator recomputes are idempotent and re-run nightly or on the next
acceptance or import.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from reports.models import RegionalAccount
from reports.models import Status as AccountStatus
from returns.models import ReturnEvent, ReturnUpload, UploadState

logger = logging.getLogger(__name__)

UPLOAD_STOPPED_MESSAGE = (
    "Checking this file stopped unexpectedly {attempts} times, so the portal has stopped trying. "
    "Nothing from it was saved. Please upload it again."
)
ACCOUNT_STOPPED_MESSAGE = (
    "Producing this version stopped unexpectedly {attempts} times, so the portal has stopped "
    "trying. Nothing was stored. Please generate the Account again."
)


class Action:
    REQUEUED = "requeued"  # put back in the queue after its worker died
    RESENT = "resent"  # still queued: its message was sent again
    FAILED = "failed"  # gave up after the last attempt
    WAITING = "waiting"  # would be sent again, but the broker refused


@dataclass(frozen=True)
class SweptJob:
    kind: str
    pk: int
    state: str
    action: str
    attempts: int
    since: datetime.datetime | None

    def __str__(self) -> str:
        since = f" since {self.since:%Y-%m-%d %H:%M:%S}" if self.since else ""
        return (
            f"{self.kind} {self.pk}: {self.state}{since}, "
            f"{self.attempts} attempt(s) -> {self.action}"
        )


@dataclass
class SweepReport:
    now: datetime.datetime
    committed: bool
    jobs: list[SweptJob] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for job in self.jobs if job.action == action)

    def __str__(self) -> str:
        verb = "Swept" if self.committed else "Would sweep (dry run)"
        if not self.jobs:
            return f"{verb}: no stuck jobs."
        return f"{verb} {len(self.jobs)} stuck job(s):\n" + "\n".join(
            f"  {job}" for job in self.jobs
        )


@dataclass(frozen=True)
class Thresholds:
    queued_grace: datetime.timedelta
    running_limit: datetime.timedelta
    max_attempts: int

    @classmethod
    def from_settings(cls) -> "Thresholds":
        time_limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", None) or 15 * 60
        margin = getattr(settings, "JOBS_RUNNING_MARGIN", 5 * 60)
        return cls(
            queued_grace=datetime.timedelta(
                seconds=getattr(settings, "JOBS_QUEUED_GRACE", 10 * 60)
            ),
            running_limit=datetime.timedelta(seconds=time_limit + margin),
            max_attempts=getattr(settings, "JOBS_MAX_ATTEMPTS", 3),
        )


def jobs_sweep(*, now: datetime.datetime | None = None, commit: bool = True) -> SweepReport:
    """Re-queue or fail every stuck job (return upload checks, Regional Account versions).

    ``commit=False`` only reports what would be done. Each job is changed by compare-and-set
    on the state and start time read, so a job that moves on meanwhile is left alone, and
    sweeping twice does no harm. Messages are sent after commit."""
    now = now or timezone.now()
    limits = Thresholds.from_settings()
    report = SweepReport(now=now, committed=commit)
    report.jobs += _sweep_uploads(now, limits, commit)
    report.jobs += _sweep_accounts(now, limits, commit)
    for job in report.jobs:
        logger.warning("Job sweeper%s: %s", "" if commit else " (dry run)", job)
    return report


def _send(send: Callable[[int], object], pk: int) -> bool:
    try:
        send(pk)
    except Exception:
        logger.exception("Job sweeper could not queue job %s: the broker refused", pk)
        return False
    return True


def _sweep_uploads(now: datetime.datetime, limits: Thresholds, commit: bool) -> list[SweptJob]:
    from returns.tasks import return_upload_validate_task

    swept: list[SweptJob] = []
    lost = (
        ReturnUpload.objects.filter(state=UploadState.QUEUED)
        .annotate(since=Coalesce("started_at", "uploaded_at"))
        .filter(since__lt=now - limits.queued_grace)
        .order_by("pk")
    )
    for upload in lost:
        action = Action.RESENT
        if commit and not _send(return_upload_validate_task.delay, upload.pk):
            action = Action.WAITING
        swept.append(_job("return upload", upload, upload.since, action))

    dead = ReturnUpload.objects.filter(
        state=UploadState.VALIDATING, started_at__lt=now - limits.running_limit
    ).order_by("pk")
    for upload in dead:
        gives_up = upload.attempts >= limits.max_attempts
        action = Action.FAILED if gives_up else Action.REQUEUED
        if commit and not _upload_settle(upload, gives_up, return_upload_validate_task.delay):
            continue
        swept.append(_job("return upload", upload, upload.started_at, action))
    return swept


def _upload_settle(upload: ReturnUpload, gives_up: bool, send: Callable[[int], object]) -> bool:
    """Move one dead upload check on; False if it moved on by itself meanwhile."""
    still = ReturnUpload.objects.filter(
        pk=upload.pk, state=UploadState.VALIDATING, started_at=upload.started_at
    )
    with transaction.atomic():
        if gives_up:
            changed = still.update(
                state=UploadState.FAILED,
                failure_message=UPLOAD_STOPPED_MESSAGE.format(attempts=upload.attempts),
                finished_at=timezone.now(),
            )
            if changed:
                ReturnEvent.objects.create(
                    return_obj_id=upload.return_obj_id,
                    upload=upload,
                    action=ReturnEvent.Action.FAILED,
                    reason=(
                        f"Checking stopped unexpectedly {upload.attempts} times "
                        "(the worker stopped); nothing was saved"
                    ),
                )
        else:
            changed = still.update(state=UploadState.QUEUED, progress=0)
            if changed:
                transaction.on_commit(lambda: _send(send, upload.pk))
    return bool(changed)


def _sweep_accounts(now: datetime.datetime, limits: Thresholds, commit: bool) -> list[SweptJob]:
    from reports.tasks import regional_account_render_task

    swept: list[SweptJob] = []
    lost = (
        RegionalAccount.objects.filter(status=AccountStatus.QUEUED)
        .annotate(since=Coalesce("started_at", "generated_at"))
        .filter(since__lt=now - limits.queued_grace)
        .order_by("pk")
    )
    for account in lost:
        action = Action.RESENT
        if commit and not _send(regional_account_render_task.delay, account.pk):
            action = Action.WAITING
        swept.append(_job("Regional Account", account, account.since, action))

    dead = RegionalAccount.objects.filter(
        status=AccountStatus.RENDERING, started_at__lt=now - limits.running_limit
    ).order_by("pk")
    for account in dead:
        gives_up = account.attempts >= limits.max_attempts
        action = Action.FAILED if gives_up else Action.REQUEUED
        if commit and not _account_settle(account, gives_up, regional_account_render_task.delay):
            continue
        swept.append(_job("Regional Account", account, account.started_at, action))
    return swept


def _account_settle(
    account: RegionalAccount, gives_up: bool, send: Callable[[int], object]
) -> bool:
    """As :func:`_upload_settle`, saving through the model so the version's history records
    what the sweeper did."""
    with transaction.atomic():
        locked = (
            RegionalAccount.objects.select_for_update()
            .filter(pk=account.pk, status=AccountStatus.RENDERING, started_at=account.started_at)
            .first()
        )
        if locked is None:
            return False
        if gives_up:
            locked.status = AccountStatus.FAILED
            locked.step = AccountStatus.FAILED.label
            locked.error_message = ACCOUNT_STOPPED_MESSAGE.format(attempts=locked.attempts)
            locked.file.name = ""
            locked.sha256 = ""
            locked.finished_at = timezone.now()
            locked._change_reason = "Failed: production stopped unexpectedly"  # type: ignore[attr-defined]
        else:
            locked.status = AccountStatus.QUEUED
            locked.progress = 0
            locked.step = AccountStatus.QUEUED.label
            locked._change_reason = "Queued again: production stopped unexpectedly"  # type: ignore[attr-defined]
            transaction.on_commit(lambda: _send(send, account.pk))
        locked.save()
    return True


def _job(
    kind: str,
    record: ReturnUpload | RegionalAccount,
    since: datetime.datetime | None,
    action: str,
) -> SweptJob:
    state = record.state if isinstance(record, ReturnUpload) else record.status
    return SweptJob(
        kind=kind, pk=record.pk, state=state, action=action, attempts=record.attempts, since=since
    )
