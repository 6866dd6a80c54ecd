"""The Celery application. With no broker configured, tasks run in-process (eagerly)."""

import logging
import os

from celery import Celery, Task
from django.conf import settings
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")

app = Celery("sli_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
    except Exception:
        logging.getLogger(__name__).warning("The task broker is unreachable", exc_info=True)
        return False
    return True


def send_after_commit(task: Task, *args: object) -> None:
    """Queue ``task`` with ``args`` once the surrounding transaction commits (at once outside
    one), so a change that rolls back starts nothing.

    A broker that refuses the message does not undo or fail the change that asked for the job:
    the refusal is logged, and the job record (``operations.Job``, written before the broker is
    asked) keeps the job for the job sweeper to send once the broker is back."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:
            logging.getLogger(__name__).exception(
                "Could not queue %s%r: left for the job sweeper", task.name, args
            )

    transaction.on_commit(send)
