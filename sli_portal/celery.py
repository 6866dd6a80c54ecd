"""The Celery application. With no broker configured, tasks run in-process (eagerly)."""

import logging
import math
import os
from dataclasses import dataclass
from typing import Any, ParamSpec

from celery import Celery, Task
from django.conf import settings
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")

app = Celery("sli_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

P = ParamSpec("P")


def broker_reachable(*, timeout: float | None = None) -> bool:
    """Whether the broker answers now, with one short try (``timeout`` seconds,
    BROKER_CHECK_TIMEOUT by default). Always true when tasks run in-process. Services ask before
    storing work that needs a worker, so an unreachable broker refuses the request instead of
    leaving work that nothing will run."""
    timeout = settings.BROKER_CHECK_TIMEOUT if timeout is None else timeout
    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write(connect_timeout=timeout) as connection:
            # kombu counts the whole attempt in whole seconds; connect_timeout bounds each try.
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=math.ceil(timeout)
            )
    except Exception:
        logger.warning("The task broker is unreachable", exc_info=True)
        return False
    return True


def send_now(task: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> bool:
    """Queue ``task`` with ``args`` and ``kwargs`` at once; False if the broker refused the
    message.

    A refusal is logged, not raised: the job record (``operations.Job``, written before the
    broker is asked) keeps the job for the job sweeper to send once the broker is back. Only the
    sweeper sends at once, since what it sends again is already committed; everything else
    queues through :func:`send_after_commit`."""
    try:
        task.delay(*args, **kwargs)
    except Exception:
        logger.exception("Could not queue %s%r: left for the job sweeper", task.name, args)
        return False
    return True


@dataclass
class Queued:
    """A job handed to :func:`send_after_commit`. ``sent`` is None until the surrounding
    transaction commits (and stays None if it rolls back), then says whether the broker took
    the message."""

    sent: bool | None = None

    @property
    def refused(self) -> bool:
        """Whether the broker refused the message (after commit)."""
        return self.sent is False


def send_after_commit(task: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> Queued:
    """Queue ``task`` with ``args`` and ``kwargs`` once the surrounding transaction commits (at
    once outside one), so a change that rolls back starts nothing. The one way a job is queued.

    A broker that refuses the message does not undo or fail the change that asked for the job
    (see :func:`send_now`); a caller that must tell the person (a return upload left waiting)
    reads :attr:`Queued.refused` once its transaction has committed."""
    queued = Queued()

    def send() -> None:
        queued.sent = send_now(task, *args, **kwargs)

    transaction.on_commit(send)
    return queued
