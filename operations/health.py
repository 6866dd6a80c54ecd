"""Whether the parts the portal needs answer: the database, the broker (Redis) and the Celery
workers. Each check says only "ok", "unavailable" or "in-process", never an address, a
password or what a part holds, so the answer can be shown to a load balancer or a monitor."""

from dataclasses import dataclass

from django.db import connections

from sli_portal.celery import app as celery_app
from sli_portal.celery import broker_reachable

OK = "ok"
UNAVAILABLE = "unavailable"
IN_PROCESS = "in-process"
# Seconds a monitor waits at most for each part: a broker that does not answer is reported
# unavailable well inside a load balancer's own timeout.
TIMEOUT = 2.0


@dataclass(frozen=True)
class Health:
    database: str
    broker: str
    workers: str
    worker_count: int | None

    @property
    def healthy(self) -> bool:
        return UNAVAILABLE not in (self.database, self.broker, self.workers)

    def as_dict(self) -> dict[str, object]:
        answer: dict[str, object] = {
            "status": OK if self.healthy else UNAVAILABLE,
            "database": self.database,
            "broker": self.broker,
            "workers": self.workers,
        }
        if self.worker_count is not None:
            answer["worker_count"] = self.worker_count
        return answer


def check_database() -> str:
    """A ``SELECT 1`` on the default database."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means the database does not answer
        return UNAVAILABLE
    return OK


def tasks_run_in_process() -> bool:
    return bool(celery_app.conf.task_always_eager)


def check_broker() -> str:
    """Connect to the broker once, with a short timeout (the check services make before
    storing work that needs a worker)."""
    if tasks_run_in_process():
        return IN_PROCESS
    return OK if broker_reachable(timeout=TIMEOUT) else UNAVAILABLE


def count_workers() -> int:
    """How many Celery workers answer a ping within the timeout."""
    return len(celery_app.control.ping(timeout=TIMEOUT) or [])


def check_health() -> Health:
    """Check every part. The workers are asked only when the broker answers: asking through a
    broker that is down would wait for its connection retries."""
    database = check_database()
    broker = check_broker()
    if broker == IN_PROCESS:
        return Health(database=database, broker=broker, workers=IN_PROCESS, worker_count=None)
    if broker != OK:
        return Health(database=database, broker=broker, workers=UNAVAILABLE, worker_count=0)
    try:
        count = count_workers()
    except Exception:  # a broken control channel means no worker answers
        count = 0
    return Health(
        database=database, broker=broker, workers=OK if count else UNAVAILABLE, worker_count=count
    )
