"""A worker killed (SIGKILL) in the middle of a national import, after writing rows and before
committing them: the published figures are as they were, and the job sweeper marks the run
failed. Needs Redis (CELERY_BROKER_URL) and PostgreSQL."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from operations.jobs import Action, Thresholds, jobs_sweep
from operations.models import Job, JobState
from returns.models import NationalImport, NationalImportState, PublishedValue
from returns.national import national_import
from tests.returns.test_national_import import ASCOF_HEADER, ascof_file
from tests.returns.test_worker_killed import (
    BROKER,
    pytestmark,  # noqa: F401  (a real worker, Redis and PostgreSQL)
    queue,  # noqa: F401  (the fixture)
    worker_database_url,
)

WIRRAL = "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome"
SEFTON = "2022-23,Sefton,E08000014,1A,Quality of life,19.1,Council,Total,Outcome"
HALTON = "2022-23,Halton,E06000006,1A,Quality of life,20.5,Council,Total,Outcome"


def start_slow_worker(queue_name: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": BROKER,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.returns.slow_national_worker", queue_name],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def snapshot() -> list[dict[str, Any]]:
    return list(PublishedValue.objects.order_by("pk").values())


def test_a_worker_killed_mid_import_leaves_the_table_as_it_was_and_the_run_failed(
    queue: str,  # noqa: F811
    tmp_path: Path,
    client_for: Any,
    regional_admin: Any,
    settings: Any,
) -> None:
    national_import(dataset="ascof_trend", path=ascof_file(tmp_path, [WIRRAL, SEFTON]))
    before = snapshot()
    log = tmp_path / "slow-worker.log"
    slow = start_slow_worker(queue, log)
    try:
        changed = [WIRRAL.replace("18.9", "25.0"), HALTON]
        file = SimpleUploadedFile("v2.csv", "\n".join([ASCOF_HEADER, *changed]).encode())
        response = client_for(regional_admin).post(reverse("returns:national"), {"file": file})
        assert response.status_code == 302
        run = NationalImport.objects.get(file_name="v2.csv")
        deadline = time.monotonic() + 60
        while run.step != "Comparing with the stored figures" and time.monotonic() < deadline:
            assert slow.poll() is None, log.read_text()
            time.sleep(0.1)
            run.refresh_from_db()
        time.sleep(1.0)  # inside the import's transaction: rows written, not committed
    finally:
        slow.send_signal(signal.SIGKILL)
        slow.wait(timeout=30)
    assert slow.returncode == -signal.SIGKILL

    run.refresh_from_db()
    assert (run.state, run.attempts) == (NationalImportState.RUNNING, 1), log.read_text()
    assert snapshot() == before

    settings.JOBS_MAX_ATTEMPTS = 1
    limits = Thresholds.from_settings()
    report = jobs_sweep(now=timezone.now() + limits.running_limit + datetime.timedelta(minutes=1))
    killed = Job.objects.get(name="returns.national_import_run")
    assert [(j.kind, j.pk, j.action) for j in report.jobs] == [
        ("returns.national_import_run", killed.pk, Action.SETTLED),
        ("national import", run.pk, Action.FAILED),
    ]
    killed.refresh_from_db()
    assert killed.state == JobState.FAILED
    run.refresh_from_db()
    assert run.state == NationalImportState.FAILED
    assert "Nothing was changed" in run.failure_message
    assert snapshot() == before
