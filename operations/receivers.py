"""Keep :class:`operations.models.Job` up to date from Celery's own signals, for every task of
every app, so no task has to remember to record itself.

- sent (``before_task_publish``, in whichever process sends): queued, before the broker is
  asked, so a message the broker refuses is still on record for the sweeper; once the broker
  has taken it (``after_task_publish``), one more send is counted;
- started (``task_prerun``, on the worker): running, one more attempt; the row is made here if
  the sender could not write it (beat, say);
- finished (``task_postrun``): finished or failed with the error. A retry needs nothing here:
  the retry's own message has already set the job back to queued.

Recording never stops a job: if the database cannot be written, the job goes on and the
failure is logged.
"""

import logging
from typing import Any

from celery import states
from celery.signals import after_task_publish, before_task_publish, task_postrun, task_prerun
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from operations.models import Job, JobState

logger = logging.getLogger(__name__)
ERROR_LENGTH = 2000


def _eta(value: object) -> Any:
    if not value:
        return None
    moment = parse_datetime(str(value))
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


@before_task_publish.connect(dispatch_uid="operations.job_sent")
def job_sent(sender: str, headers: dict[str, Any], body: Any, **extra: Any) -> None:
    task_id = headers.get("id")
    if not task_id:
        return
    args, kwargs = (body[0], body[1]) if isinstance(body, tuple | list) else ([], {})
    now = timezone.now()
    fields = {
        "state": JobState.QUEUED,
        "queued_at": now,
        "eta": _eta(headers.get("eta")),
        "finished_at": None,
    }
    try:
        if not Job.objects.filter(task_id=task_id).update(**fields):
            Job.objects.create(
                task_id=task_id, name=sender, args=list(args), kwargs=dict(kwargs), **fields
            )
    except Exception:
        logger.exception("Could not record the sending of job %s (%s)", task_id, sender)


@after_task_publish.connect(dispatch_uid="operations.job_taken_by_broker")
def job_taken_by_broker(sender: str, headers: dict[str, Any], **extra: Any) -> None:
    task_id = headers.get("id")
    if not task_id:
        return
    try:
        Job.objects.filter(task_id=task_id).update(sends=F("sends") + 1)
    except Exception:
        logger.exception("Could not count the sending of job %s (%s)", task_id, sender)


@task_prerun.connect(dispatch_uid="operations.job_started")
def job_started(task_id: str, task: Any, args: Any = (), kwargs: Any = None, **extra: Any) -> None:
    if task.request.is_eager:
        return
    now = timezone.now()
    fields = {
        "state": JobState.STARTED,
        "started_at": now,
        "finished_at": None,
        "worker": str(task.request.hostname or "")[:200],
        "error": "",
    }
    try:
        if not Job.objects.filter(task_id=task_id).update(attempts=F("attempts") + 1, **fields):
            Job.objects.create(
                task_id=task_id,
                name=task.name,
                args=list(args or ()),
                kwargs=dict(kwargs or {}),
                queued_at=now,
                sends=1,
                attempts=1,
                **fields,
            )
    except Exception:
        logger.exception("Could not record the start of job %s (%s)", task_id, task.name)


@task_postrun.connect(dispatch_uid="operations.job_finished")
def job_finished(
    task_id: str, task: Any, retval: Any = None, state: str = "", **extra: Any
) -> None:
    if task.request.is_eager or state not in (states.SUCCESS, states.FAILURE):
        return
    finished: dict[str, object] = {"finished_at": timezone.now()}
    if state == states.SUCCESS:
        finished["state"] = JobState.SUCCEEDED
    else:
        finished.update(state=JobState.FAILED, error=repr(retval)[:ERROR_LENGTH])
    try:
        # Only the run that is on record: a late duplicate that started after it leaves it be.
        Job.objects.filter(task_id=task_id, state=JobState.STARTED).update(**finished)
    except Exception:
        logger.exception("Could not record the end of job %s (%s)", task_id, task.name)
