"""A worker killed (SIGKILL) in the middle of checking an upload: nothing from the file is
stored, the job sweeper queues it again, a new worker stores it once, and the original message
delivered late stores nothing more. Needs Redis (CELERY_BROKER_URL) and PostgreSQL."""

import datetime
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from operations.jobs import Action, Thresholds, jobs_sweep
from operations.models import Job, JobState
from returns.models import ReturnUpload, ReturnValue, ReturnVersion, UploadState
from returns.tasks import return_upload_validate_task
from sli_portal.celery import app
from tests.conftest import worker_on
from tests.returns.files import csv_upload

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER.startswith("redis://"),
        reason="needs CELERY_BROKER_URL pointing at Redis (set by .ci/run)",
    ),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL), shared with a worker in another process",
    ),
]


@pytest.fixture
def queue(worker_id: str) -> Iterator[str]:
    """A queue of this test's own (parallel runs never share jobs), cleared afterwards,
    including the killed worker's unacknowledged message Redis would redeliver in an hour."""
    name = f"sli-kill-{worker_id}-{uuid.uuid4().hex[:8]}"
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        broker = redis.Redis.from_url(BROKER)
        for tag, payload in broker.hgetall("unacked").items():
            if json.loads(payload)[-1] == name:
                broker.hdel("unacked", tag)
                broker.zrem("unacked_index", tag)
        broker.delete(name)


def worker_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_slow_worker(queue: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": BROKER,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # where this test stores the upload
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.returns.slow_worker", queue],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for(upload_id: int, states: set[str], seconds: float, worker=None, log=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        upload = ReturnUpload.objects.get(pk=upload_id)
        if upload.state in states:
            return upload
        if worker is not None and worker.poll() is not None:
            raise AssertionError(f"the worker stopped:\n{log.read_text()}")
        time.sleep(0.1)
    detail = log.read_text() if log else ""
    raise AssertionError(f"upload {upload_id} still {upload.state} after {seconds}s\n{detail}")


def test_a_worker_killed_mid_import_stores_nothing_and_the_retry_stores_once(
    queue: str, tmp_path: Path, client_for, wirral, open_period, wirral_lead
) -> None:
    log = tmp_path / "slow-worker.log"
    slow = start_slow_worker(queue, log)
    try:
        client = client_for(wirral_lead)
        url = reverse("returns:upload", args=[wirral.slug, open_period.slug])
        response = client.post(url, {"file": csv_upload(wirral, open_period)})
        assert response.status_code == 302
        upload = ReturnUpload.objects.get()
        wait_for(upload.pk, {UploadState.VALIDATING}, 60, worker=slow, log=log)
        time.sleep(0.5)  # well inside the check: the file is read, nothing stored yet
    finally:
        slow.send_signal(signal.SIGKILL)
        slow.wait(timeout=30)
    assert slow.returncode == -signal.SIGKILL

    upload.refresh_from_db()
    assert upload.state == UploadState.VALIDATING, log.read_text()
    assert upload.attempts == 1
    assert not ReturnVersion.objects.filter(upload=upload).exists()
    assert not ReturnValue.objects.filter(version__upload=upload).exists()

    killed = Job.objects.get(name="returns.return_upload_validate")
    assert (killed.args, killed.state, killed.attempts) == ([upload.pk], JobState.STARTED, 1)

    limits = Thresholds.from_settings()
    report = jobs_sweep(now=timezone.now() + limits.running_limit + datetime.timedelta(minutes=1))
    assert [(j.kind, j.pk, j.action) for j in report.jobs] == [
        ("returns.return_upload_validate", killed.pk, Action.SETTLED),
        ("return upload", upload.pk, Action.REQUEUED),
    ]
    killed.refresh_from_db()
    assert killed.state == JobState.FAILED
    upload.refresh_from_db()
    assert (upload.state, upload.attempts) == (UploadState.QUEUED, 1)

    with worker_on(queue):
        upload = wait_for(upload.pk, {UploadState.VALID, UploadState.INVALID, "failed"}, 60)
    assert upload.state == UploadState.VALID
    assert upload.attempts == 2
    assert ReturnVersion.objects.filter(return_obj=upload.return_obj).count() == 1
    assert ReturnValue.objects.filter(version__upload=upload).count() == 22

    # Redis redelivers the killed worker's message after the visibility timeout: it finds the
    # upload already checked and stores nothing.
    return_upload_validate_task.apply(args=[upload.pk])
    upload.refresh_from_db()
    assert (upload.state, upload.attempts) == (UploadState.VALID, 2)
    assert ReturnVersion.objects.filter(return_obj=upload.return_obj).count() == 1
    assert ReturnValue.objects.filter(version__upload=upload).count() == 22
