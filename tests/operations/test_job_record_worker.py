"""The job record through a real Celery worker on Redis: a job is recorded from its sending to
its end, and a job whose message Redis lost (the queue flushed) is sent again by the job
sweeper and done once."""

import datetime
import os
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.utils import timezone

from operations.jobs import Action, Thresholds, jobs_sweep
from operations.models import Job, JobState
from returns.models import Period
from scorecard.models import MeasureBenchmark
from scorecard.tasks import comparators_recompute_task
from sli_portal.celery import app
from tests.conftest import worker_on
from tests.factories import accepted_returns, periods

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER.startswith("redis://"),
        reason="needs CELERY_BROKER_URL pointing at Redis (set by .ci/run)",
    ),
]


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue of this test's own (parallel runs never share jobs), deleted afterwards."""
    name = f"sli-jobs-{uuid.uuid4().hex[:8]}"
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        redis.Redis.from_url(BROKER).delete(name)


def finished(task_id: str, seconds: float = 30) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.get(task_id=task_id)
        if job.state in (JobState.SUCCEEDED, JobState.FAILED):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {task_id} still {job.state} after {seconds}s")


@pytest.fixture
def quarter(wirral, sefton, regional_admin) -> Period:
    from returns.models import Measure

    period = periods(2023, 1)[0]
    accepted_returns([wirral, sefton], [period], list(Measure.objects.in_return()), regional_admin)
    return period


def test_a_job_is_recorded_from_sending_to_its_end(queue: str, quarter: Period) -> None:
    with worker_on(queue):
        result = comparators_recompute_task.delay(quarter.pk)
        job = finished(result.id)
    assert job.state == JobState.SUCCEEDED
    assert (job.name, job.args, job.sends, job.attempts) == (
        "scorecard.comparators_recompute",
        [quarter.pk],
        1,
        1,
    )
    assert job.worker, "the worker that ran it is named"
    assert job.queued_at <= job.started_at <= job.finished_at
    assert MeasureBenchmark.objects.filter(period=quarter).exists()


def test_a_failing_job_is_recorded_with_its_error(queue: str) -> None:
    with worker_on(queue):
        result = comparators_recompute_task.delay(987654)
        job = finished(result.id)
    assert job.state == JobState.FAILED
    assert "DoesNotExist" in job.error


def test_a_job_lost_when_redis_was_flushed_is_sent_again_and_done_once(
    queue: str, quarter: Period
) -> None:
    result = comparators_recompute_task.delay(quarter.pk)
    redis.Redis.from_url(BROKER).delete(queue)  # Redis flushed before any worker took it
    later = timezone.now() + Thresholds.from_settings().queued_grace + datetime.timedelta(minutes=1)
    report = jobs_sweep(now=later)
    assert [(job.kind, job.action) for job in report.jobs] == [
        ("scorecard.comparators_recompute", Action.RESENT)
    ]
    with worker_on(queue):
        job = finished(result.id)
    assert (job.state, job.sends, job.attempts) == (JobState.SUCCEEDED, 2, 1)
    assert MeasureBenchmark.objects.filter(period=quarter).exists()
