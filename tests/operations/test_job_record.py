"""The job record: every task sent to a broker is on record in the database before the broker is
asked, each run is recorded as a worker starts and ends it, and the job sweeper sends again,
re-queues or fails the jobs the record says are stuck."""

import datetime
import uuid
from collections.abc import Iterator
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from celery import states
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from operations import receivers
from operations.jobs import (
    JOB_NEVER_STARTED_MESSAGE,
    JOB_STOPPED_MESSAGE,
    Action,
    Thresholds,
    jobs_sweep,
)
from operations.models import Job, JobState
from returns.models import ReturnStatus
from returns.services import return_submit, return_upload_create
from scorecard.tasks import comparators_recompute_task
from sli_portal.celery import app
from tests.conftest import CLOSED_PORT, broker_at, committed
from tests.returns.files import csv_upload

pytestmark = pytest.mark.django_db

LIMITS = Thresholds.from_settings()
LATER = LIMITS.running_limit + datetime.timedelta(minutes=1)


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Tasks are sent to the broker (this machine's Redis when CELERY_BROKER_URL names it, else
    Celery's in-memory one) on a queue of this test's own, emptied afterwards: no worker runs."""
    name = f"sli-record-{uuid.uuid4().hex[:8]}"
    url = app.conf.broker_url
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    try:
        with broker_at(url, monkeypatch):
            yield name
    finally:
        app.conf.task_default_queue = previous
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(name)


@pytest.fixture
def resent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list, dict, str]]:
    """The messages the sweeper sends again, recorded instead of sent."""
    messages: list[tuple[str, list, dict, str]] = []

    def send_task(name: str, args: list, kwargs: dict, task_id: str) -> None:
        messages.append((name, args, kwargs, task_id))

    monkeypatch.setattr(app, "send_task", send_task)
    return messages


def on_record(name: str = "scorecard.comparators_recompute", **fields: Any) -> Job:
    now = timezone.now()
    values: dict[str, Any] = {
        "task_id": uuid.uuid4().hex,
        "name": name,
        "args": [7],
        "queued_at": now,
        "sends": 1,
    }
    values.update(fields)
    return Job.objects.create(**values)


def running(**fields: Any) -> Job:
    values: dict[str, Any] = {
        "state": JobState.STARTED,
        "started_at": timezone.now(),
        "attempts": 1,
    }
    return on_record(**{**values, **fields})


def sweep(after: datetime.timedelta = LATER, **kwargs: Any):
    with committed():
        return jobs_sweep(now=timezone.now() + after, **kwargs)


def fake_task(name: str = "scorecard.comparators_recompute", eager: bool = False) -> Any:
    return SimpleNamespace(
        name=name, request=SimpleNamespace(is_eager=eager, hostname="celery@worker-1")
    )


# --- What is recorded ------------------------------------------------------------------------


def test_a_job_sent_to_the_broker_is_on_record_as_queued(queue: str, open_period: Any) -> None:
    result = comparators_recompute_task.delay(open_period.pk)
    job = Job.objects.get(task_id=result.id)
    assert (job.name, job.args, job.kwargs) == (
        "scorecard.comparators_recompute",
        [open_period.pk],
        {},
    )
    assert (job.state, job.sends, job.attempts) == (JobState.QUEUED, 1, 0)
    assert job.started_at is None


def test_a_job_the_broker_refuses_is_still_on_record_for_the_sweeper(
    monkeypatch: pytest.MonkeyPatch, open_period: Any
) -> None:
    with broker_at(CLOSED_PORT, monkeypatch), pytest.raises(Exception):  # noqa: B017, PT011
        comparators_recompute_task.apply_async((open_period.pk,), retry=False)
    job = Job.objects.get()
    assert (job.name, job.args, job.state) == (
        "scorecard.comparators_recompute",
        [open_period.pk],
        JobState.QUEUED,
    )
    assert job.sends == 0, "the broker never took it"


def test_tasks_run_in_process_are_not_background_jobs(open_period: Any) -> None:
    comparators_recompute_task.delay(open_period.pk)
    assert not Job.objects.exists()


def test_a_worker_starting_and_finishing_a_job_is_recorded() -> None:
    job = on_record()
    task = fake_task()
    receivers.job_started(task_id=job.task_id, task=task, args=[7], kwargs={})
    job.refresh_from_db()
    assert (job.state, job.attempts, job.worker) == (JobState.STARTED, 1, "celery@worker-1")
    assert job.started_at is not None
    receivers.job_finished(task_id=job.task_id, task=task, retval=None, state=states.SUCCESS)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.finished_at is not None


def test_a_job_that_raises_is_recorded_as_failed_with_the_error() -> None:
    job = running()
    receivers.job_finished(
        task_id=job.task_id,
        task=fake_task(),
        retval=LookupError("Period matching query does not exist."),
        state=states.FAILURE,
    )
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "LookupError('Period matching query does not exist.')"


def test_a_retry_leaves_the_job_queued_for_its_next_message() -> None:
    job = on_record(attempts=1)
    receivers.job_finished(task_id=job.task_id, task=fake_task(), retval=None, state=states.RETRY)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED


def test_a_job_the_sender_could_not_record_is_recorded_by_the_worker() -> None:
    receivers.job_started(task_id="beat-sent-1", task=fake_task("returns.send_deadline_reminders"))
    job = Job.objects.get(task_id="beat-sent-1")
    assert (job.name, job.state, job.attempts) == (
        "returns.send_deadline_reminders",
        JobState.STARTED,
        1,
    )


@pytest.fixture
def submitted(wirral: Any, open_period: Any, wirral_lead: Any) -> Any:
    """Wirral's return for the open quarter, checked in-process and submitted."""
    with committed():
        upload = return_upload_create(
            council=wirral,
            period=open_period,
            file=csv_upload(wirral, open_period),
            uploaded_by=wirral_lead,
        ).upload
    upload.refresh_from_db()
    return return_submit(version=upload.version, submitted_by=wirral_lead)


def test_accepting_a_return_with_the_broker_down_is_not_an_error(
    submitted: Any,
    client_for: Any,
    regional_admin: Any,
    wirral: Any,
    open_period: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The acceptance stands; the recompute, trigger and e-mail jobs it asks for wait on
    record for the sweeper."""
    with broker_at(CLOSED_PORT, monkeypatch), committed():
        response = client_for(regional_admin).post(
            reverse("returns:accept", args=[wirral.slug, open_period.slug])
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.ACCEPTED
    waiting = {job.name: job.args for job in Job.objects.filter(state=JobState.QUEUED, sends=0)}
    emails = list(Notification.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    assert emails, "the acceptance e-mails are recorded, waiting to be sent"
    assert waiting == {
        "scorecard.comparators_recompute": [open_period.pk],
        "triggers.evaluate": [open_period.pk],
        "notifications.send": [emails],
    }


# --- What the sweeper does with it -----------------------------------------------------------


def test_jobs_within_their_time_are_left_alone(resent: list) -> None:
    on_record()
    running()
    report = sweep(after=datetime.timedelta(minutes=1))
    assert report.jobs == []
    assert resent == []


def test_a_lost_message_is_sent_again_under_the_same_id(resent: list) -> None:
    job = on_record()
    report = sweep()
    assert report.count(Action.RESENT) == 1
    assert resent == [("scorecard.comparators_recompute", [7], {}, job.task_id)]


def test_a_retry_waiting_for_its_time_is_not_lost(resent: list) -> None:
    on_record(eta=timezone.now() + LATER + datetime.timedelta(minutes=5))
    assert sweep().jobs == []


def test_a_job_no_worker_ever_starts_is_failed_after_the_last_send(resent: list) -> None:
    job = on_record(sends=LIMITS.max_attempts)
    report = sweep()
    assert report.count(Action.FAILED) == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == JOB_NEVER_STARTED_MESSAGE.format(sends=LIMITS.max_attempts)
    assert resent == []


def test_a_dead_workers_job_is_queued_again_and_sent_after_commit(resent: list) -> None:
    job = running()
    report = sweep()
    assert report.count(Action.REQUEUED) == 1
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert resent == [("scorecard.comparators_recompute", [7], {}, job.task_id)]


def test_after_the_last_attempt_a_dead_workers_job_is_failed(resent: list) -> None:
    job = running(attempts=LIMITS.max_attempts)
    sweep()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == JOB_STOPPED_MESSAGE.format(attempts=LIMITS.max_attempts)
    assert resent == []


def test_a_broker_that_refuses_leaves_the_job_queued_for_the_next_sweep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = on_record()

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("Redis went away")

    monkeypatch.setattr(app, "send_task", refuse)
    report = sweep()
    assert report.count(Action.WAITING) == 1
    job.refresh_from_db()
    assert job.state == JobState.QUEUED


def test_jobs_with_a_record_of_their_own_are_settled_not_sent(resent: list) -> None:
    lost = on_record(name="returns.return_upload_validate")
    dead = running(name="reports.regional_account_render")
    report = sweep()
    assert report.count(Action.SETTLED) == 2
    lost.refresh_from_db()
    dead.refresh_from_db()
    assert (lost.state, dead.state) == (JobState.FAILED, JobState.FAILED)
    assert "return upload was put right by its own record" in lost.error
    assert "Regional Account version was put right by its own record" in dead.error
    assert resent == []


def test_a_job_that_moved_on_meanwhile_is_left_alone(resent: list) -> None:
    job = running()
    Job.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED)
    assert sweep().jobs == []


def test_finished_jobs_are_removed_after_their_keeping_time(resent: list) -> None:
    old = timezone.now() - LIMITS.keep - datetime.timedelta(days=1)
    on_record(state=JobState.SUCCEEDED, queued_at=old)
    on_record(state=JobState.FAILED, queued_at=old)
    kept = on_record(state=JobState.SUCCEEDED)
    report = sweep(after=datetime.timedelta(0))
    assert report.removed == 2
    assert list(Job.objects.all()) == [kept]


def test_a_dry_run_changes_nothing(resent: list) -> None:
    job = running()
    out = StringIO()
    with committed():
        call_command("sweep_jobs", stdout=out)
    # The clock has not moved on: nothing is stuck yet, and nothing would change anyway.
    assert "no stuck jobs" in out.getvalue()
    report = sweep(commit=False)
    assert report.count(Action.REQUEUED) == 1
    job.refresh_from_db()
    assert job.state == JobState.STARTED
    assert resent == []
