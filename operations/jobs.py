"""The job sweeper: PostgreSQL is the record of every background job (:class:`Job`, written from
Celery's own signals for every task), and this service finds the jobs that record says are stuck
and puts them right.

Two ways a job gets stuck:

* **queued for too long** – its message was lost (Redis flushed or restarted without its data,
  or the broker refused the send after commit). The job is sent again under the same id;
  after ``JOBS_MAX_ATTEMPTS`` sends that no worker started, it is failed.
* **running for too long** – its worker died (killed, out of memory, machine lost) after taking
  the job, so the record still says it is running. Past the task time limit plus a margin, no
  live run can still own it: it is put back in the queue if it has attempts left, otherwise
  failed with a message the council officer or administrator understands.

Three kinds of job also have a record of their own, which their pages show: a return upload's
check, a national import and a Regional Account version. Those records are swept here too (they know whether the
file or version is still owed, which the job record cannot), and their rows in the job record
are settled alongside rather than sent again.

Re-sending is safe against a late redelivery of the original message (``acks_late`` keeps it
in Redis until the visibility timeout): every task is idempotent (the upload and Account
services take a queued record by compare-and-set; the others recompute or send once per key),
so whichever delivery comes first does the work and the others find nothing more to do.
Finished jobs are kept for ``JOBS_KEEP_DAYS`` days, then removed.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from operations.models import Job, JobState
from reports.models import RegionalAccount
from reports.models import Status as AccountStatus
from reports.tasks import regional_account_render_task
from returns.models import (
    NationalImport,
    NationalImportState,
    ReturnEvent,
    ReturnUpload,
    UploadState,
)
from returns.tasks import national_import_run_task, return_upload_validate_task
from sli_portal.celery import app as celery_app
from sli_portal.celery import send_after_commit, send_now
from sli_portal.history import set_change_reason

logger = logging.getLogger(__name__)

# The task that does the work of a job with a record of its own, given the record's id.
RecordTask = Task[[int], None]

UPLOAD_STOPPED_MESSAGE = (
    "Checking this file stopped unexpectedly {attempts} times, so the portal has stopped trying. "
    "Nothing from it was saved. Please upload it again."
)
JOB_STOPPED_MESSAGE = "The worker stopped during this job {attempts} times: not tried again."
JOB_NEVER_STARTED_MESSAGE = (
    "Sent {sends} times without a worker starting it (is a worker running, and does it know "
    "this task?): not sent again."
)
SETTLED_MESSAGE = "{what}; the {kind} was put right by its own record (see the sweeper's log)."
NATIONAL_STOPPED_MESSAGE = (
    "The import stopped unexpectedly {attempts} times (the worker stopped), so the portal has "
    "stopped trying. Nothing was changed: the published figures are as they were."
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
    SETTLED = "settled"  # a job record row of a task whose own record was swept


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

    removed: int = 0

    def count(self, action: str) -> int:
        return sum(1 for job in self.jobs if job.action == action)

    def __str__(self) -> str:
        verb = "Swept" if self.committed else "Would sweep (dry run)"
        removed = (
            f"\n{'Removed' if self.committed else 'Would remove'} {self.removed} finished "
            "job(s) past their keeping time."
            if self.removed
            else ""
        )
        if not self.jobs:
            return f"{verb}: no stuck jobs.{removed}"
        return (
            f"{verb} {len(self.jobs)} stuck job(s):\n"
            + "\n".join(f"  {job}" for job in self.jobs)
            + removed
        )


@dataclass(frozen=True)
class Thresholds:
    queued_grace: datetime.timedelta
    running_limit: datetime.timedelta
    max_attempts: int
    keep: datetime.timedelta

    @classmethod
    def from_settings(cls) -> "Thresholds":
        running = settings.CELERY_TASK_TIME_LIMIT + settings.JOBS_RUNNING_MARGIN
        return cls(
            queued_grace=datetime.timedelta(seconds=settings.JOBS_QUEUED_GRACE),
            running_limit=datetime.timedelta(seconds=running),
            max_attempts=settings.JOBS_MAX_ATTEMPTS,
            keep=datetime.timedelta(days=settings.JOBS_KEEP_DAYS),
        )


def jobs_sweep(*, now: datetime.datetime | None = None, commit: bool = True) -> SweepReport:
    """Send again, re-queue or fail every stuck job, and remove finished jobs past their keeping
    time.

    ``commit=False`` only reports what would be done. Each job is changed by compare-and-set
    on the state and time read, so a job that moves on meanwhile is left alone, and sweeping
    twice does no harm. Messages are sent after commit."""
    now = now or timezone.now()
    limits = Thresholds.from_settings()
    report = SweepReport(now=now, committed=commit)
    # The job record first: the messages the records below send again are new jobs, not stuck.
    report.jobs += _sweep_recorded(now, limits, commit)
    for own in OWN_RECORDS:
        report.jobs += _sweep_own_record(own, now, limits, commit)
    finished = Job.objects.filter(
        state__in=(JobState.SUCCEEDED, JobState.FAILED), queued_at__lt=now - limits.keep
    )
    report.removed = finished.delete()[0] if commit else finished.count()
    for job in report.jobs:
        logger.warning("Job sweeper%s: %s", "" if commit else " (dry run)", job)
    return report


def _upload_settle(upload: ReturnUpload, gives_up: bool, task: RecordTask) -> bool:
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
                send_after_commit(task, upload.pk)
    return bool(changed)


def _national_settle(run: NationalImport, gives_up: bool, task: RecordTask) -> bool:
    """As :func:`_upload_settle`, for a national import whose worker died: its transaction
    was rolled back with the connection, so nothing it read was stored."""
    still = NationalImport.objects.filter(
        pk=run.pk, state=NationalImportState.RUNNING, started_at=run.started_at
    )
    with transaction.atomic():
        if gives_up:
            changed = still.update(
                state=NationalImportState.FAILED,
                step=NationalImportState.FAILED.label,
                failure_message=NATIONAL_STOPPED_MESSAGE.format(attempts=run.attempts),
                finished_at=timezone.now(),
            )
        else:
            changed = still.update(
                state=NationalImportState.QUEUED, step=NationalImportState.QUEUED.label
            )
            if changed:
                send_after_commit(task, run.pk)
    return bool(changed)


def _account_settle(account: RegionalAccount, gives_up: bool, task: RecordTask) -> bool:
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
            reason = "Failed: production stopped unexpectedly"
        else:
            locked.status = AccountStatus.QUEUED
            locked.progress = 0
            locked.step = AccountStatus.QUEUED.label
            reason = "Queued again: production stopped unexpectedly"
            send_after_commit(task, account.pk)
        set_change_reason(locked, reason)
        locked.save()
    return True


@dataclass(frozen=True)
class OwnRecord:
    """A kind of job with a record of its own, which its page shows: the record says whether
    the job is still owed, and how a job given up on is shown."""

    kind: str
    task: RecordTask
    queued_before: Callable[[datetime.datetime], QuerySet[Any]]
    """The records queued since before the moment given, annotated with ``since``."""
    running_since_before: Callable[[datetime.datetime], QuerySet[Any]]
    settle: Callable[[Any, bool, RecordTask], bool]
    """Move a dead run's record on (queued again, or failed if it gives up); False if it moved
    on by itself meanwhile."""


OWN_RECORDS = [
    OwnRecord(
        kind="return upload",
        task=return_upload_validate_task,
        queued_before=lambda moment: (
            ReturnUpload.objects.filter(state=UploadState.QUEUED)
            .annotate(since=Coalesce("started_at", "uploaded_at"))
            .filter(since__lt=moment)
        ),
        running_since_before=lambda moment: ReturnUpload.objects.filter(
            state=UploadState.VALIDATING, started_at__lt=moment
        ),
        settle=_upload_settle,
    ),
    OwnRecord(
        kind="national import",
        task=national_import_run_task,
        queued_before=lambda moment: (
            NationalImport.objects.filter(state=NationalImportState.QUEUED)
            .annotate(since=Coalesce("started_at", "imported_at"))
            .filter(since__lt=moment)
        ),
        running_since_before=lambda moment: NationalImport.objects.filter(
            state=NationalImportState.RUNNING, started_at__lt=moment
        ),
        settle=_national_settle,
    ),
    OwnRecord(
        kind="Regional Account version",
        task=regional_account_render_task,
        queued_before=lambda moment: (
            RegionalAccount.objects.filter(status=AccountStatus.QUEUED)
            .annotate(since=Coalesce("started_at", "generated_at"))
            .filter(since__lt=moment)
        ),
        running_since_before=lambda moment: RegionalAccount.objects.filter(
            status=AccountStatus.RENDERING, started_at__lt=moment
        ),
        settle=_account_settle,
    ),
]
# Task name -> what its own record is.
OWN_RECORD: dict[str, str] = {own.task.name: own.kind for own in OWN_RECORDS}


def _sweep_own_record(
    own: OwnRecord, now: datetime.datetime, limits: Thresholds, commit: bool
) -> list[SweptJob]:
    swept: list[SweptJob] = []
    for record in own.queued_before(now - limits.queued_grace).order_by("pk"):
        action = Action.RESENT
        if commit and not send_now(own.task, record.pk):
            action = Action.WAITING
        swept.append(_job(own.kind, record, record.since, action))
    for record in own.running_since_before(now - limits.running_limit).order_by("pk"):
        # A record that cannot be run again (a command's national import) is failed at once.
        resumable = getattr(record, "resumable", True)
        gives_up = record.attempts >= limits.max_attempts or not resumable
        action = Action.FAILED if gives_up else Action.REQUEUED
        if commit and not own.settle(record, gives_up, own.task):
            continue
        swept.append(_job(own.kind, record, record.started_at, action))
    return swept


def _sweep_recorded(now: datetime.datetime, limits: Thresholds, commit: bool) -> list[SweptJob]:
    """Every other background job, from the job record alone."""
    swept: list[SweptJob] = []
    lost = (
        Job.objects.filter(state=JobState.QUEUED)
        .annotate(since=Coalesce("eta", "queued_at"))
        .filter(since__lt=now - limits.queued_grace)
        .order_by("pk")
    )
    for job in lost:
        if job.name in OWN_RECORD:
            what = "Its message was not taken in time"
            action = _settle(job, commit, what=what)
        elif job.sends - job.attempts >= limits.max_attempts:
            message = JOB_NEVER_STARTED_MESSAGE.format(sends=job.sends)
            action = _fail(job, commit, message)
        else:
            action = Action.RESENT
            if commit and not _resend(job):
                action = Action.WAITING
        if action:
            swept.append(_job(job.name, job, job.since, action))

    dead = Job.objects.filter(
        state=JobState.STARTED, started_at__lt=now - limits.running_limit
    ).order_by("pk")
    for running in dead:
        if running.name in OWN_RECORD:
            action = _settle(running, commit, what="Its worker stopped during the run")
        elif running.attempts >= limits.max_attempts:
            message = JOB_STOPPED_MESSAGE.format(attempts=running.attempts)
            action = _fail(running, commit, message)
        else:
            action = Action.REQUEUED
            if commit and not _requeue(running):
                action = ""
        if action:
            swept.append(_job(running.name, running, running.started_at, action))
    return swept


def _unchanged(job: Job) -> QuerySet[Job]:
    """The job as it was read: the sweeper changes it only if nothing else has meanwhile."""
    return Job.objects.filter(
        pk=job.pk, state=job.state, queued_at=job.queued_at, started_at=job.started_at
    )


def _resend(job: Job) -> bool:
    """Send the job's message again under the same id; False if the broker refused (the job
    stays queued and the next sweep tries again). Only the sweeper sends this way: it has the
    job record's row (task name, arguments and id), not a task to queue anew, so it cannot go
    through :func:`sli_portal.celery.send_now`."""
    try:
        celery_app.send_task(job.name, args=job.args, kwargs=job.kwargs, task_id=job.task_id)
    except Exception:
        logger.exception("Job sweeper could not send job %s again: the broker refused", job)
        return False
    return True


def _requeue(job: Job) -> bool:
    """Put a dead worker's job back in the queue and send it after commit; False if it moved
    on by itself meanwhile."""
    with transaction.atomic():
        if not _unchanged(job).update(state=JobState.QUEUED, queued_at=timezone.now()):
            return False
        transaction.on_commit(lambda: _resend(job))
    return True


def _fail(job: Job, commit: bool, message: str, action: str = Action.FAILED) -> str:
    """Record the job as failed with ``message``; the action taken, or "" if it moved on."""
    if commit and not _unchanged(job).update(
        state=JobState.FAILED, error=message, finished_at=timezone.now()
    ):
        return ""
    return action


def _settle(job: Job, commit: bool, *, what: str) -> str:
    message = SETTLED_MESSAGE.format(what=what, kind=OWN_RECORD[job.name])
    return _fail(job, commit, message, Action.SETTLED)


def _job(
    kind: str,
    record: ReturnUpload | RegionalAccount | NationalImport | Job,
    since: datetime.datetime | None,
    action: str,
) -> SweptJob:
    state = record.status if isinstance(record, RegionalAccount) else record.state
    return SweptJob(
        kind=kind, pk=record.pk, state=state, action=action, attempts=record.attempts, since=since
    )
