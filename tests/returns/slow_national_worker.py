"""A Celery worker whose national import hangs after writing the new and changed rows and before
committing them, so a test can kill it in the middle of an import. For tests only:

    python -m tests.returns.slow_national_worker QUEUE

It reads DATABASE_URL and CELERY_BROKER_URL like the portal, and consumes only QUEUE."""

import os
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")

import django

django.setup()

from returns.national import runs  # noqa: E402
from tests.returns.slow_worker import SECONDS, main  # noqa: E402

_rows_store = runs.rows_store


def slow_rows_store(*args: Any, **kwargs: Any) -> Any:
    result = _rows_store(*args, **kwargs)
    time.sleep(SECONDS)
    return result


if __name__ == "__main__":
    runs.rows_store = slow_rows_store
    main(sys.argv[1])
