"""A Celery worker whose file check hangs after reading the file and before storing anything, so
a test can kill it in the middle of an import. For tests only:

    python -m tests.returns.slow_worker QUEUE

It reads DATABASE_URL and CELERY_BROKER_URL like the portal, and consumes only QUEUE."""

import os
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")

import django

django.setup()

from returns import services  # noqa: E402
from sli_portal.celery import app  # noqa: E402

SECONDS = float(os.environ.get("SLOW_WORKER_SECONDS", "300"))
_validate_return = services.validate_return


def slow_validate_return(**kwargs: Any) -> Any:
    result = _validate_return(**kwargs)
    time.sleep(SECONDS)
    return result


def main(queue: str) -> None:
    services.validate_return = slow_validate_return  # type: ignore[assignment]
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            f"--queues={queue}",
            f"--hostname=slow-{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ]
    )


if __name__ == "__main__":
    main(sys.argv[1])
