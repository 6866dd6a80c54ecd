"""The job sweeper on crafted states with the clock moved on: lost messages are sent again,
checks whose worker died are queued again or failed, and a late redelivery stores nothing twice."""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from operations.jobs import Action, Thresholds, jobs_sweep
from reports.models import RegionalAccount
from reports.models import Status as AccountStatus
from returns import services
from returns.models import ReturnEvent, ReturnUpload, ReturnValue, ReturnVersion, UploadState
from returns.tasks import return_upload_validate_task
from sli_portal.celery import app
from tests.conftest import committed
from tests.returns.files import csv_upload

pytestmark = pytest.mark.django_db

LIMITS = Thresholds.from_settings()
LATER = LIMITS.running_limit + datetime.timedelta(minutes=1)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """Record the messages sent instead of running them."""
    from reports.tasks import regional_account_render_task

    messages: dict[str, list[int]] = {"uploads": [], "accounts": []}
    monkeypatch.setattr(return_upload_validate_task, "delay", messages["uploads"].append)
    monkeypatch.setattr(regional_account_render_task, "delay", messages["accounts"].append)
    return messages


@pytest.fixture
def stored(wirral: Any, open_period: Any, wirral_lead: Any, monkeypatch: pytest.MonkeyPatch):
    """An upload stored through the service whose message never reached a worker."""
    monkeypatch.setattr(return_upload_validate_task, "delay", lambda upload_id: None)
    with committed():
        outcome = services.return_upload_create(
            council=wirral,
            period=open_period,
            file=csv_upload(wirral, open_period),
            uploaded_by=wirral_lead,
        )
    monkeypatch.undo()
    return outcome.upload


def stuck_validating(upload: ReturnUpload, *, attempts: int = 1) -> ReturnUpload:
    """As a worker leaves an upload when it is killed in the middle of the check."""
    ReturnUpload.objects.filter(pk=upload.pk).update(
        state=UploadState.VALIDATING, started_at=timezone.now(), progress=40, attempts=attempts
    )
    upload.refresh_from_db()
    return upload


def sweep(after: datetime.timedelta = LATER, **kwargs: Any):
    with committed():
        return jobs_sweep(now=timezone.now() + after, **kwargs)


def test_the_visibility_timeout_outlasts_the_longest_job() -> None:
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.CELERY_TASK_TIME_LIMIT
    # The sweeper acts on a dead worker's job before Redis would redeliver its message.
    assert LIMITS.running_limit.total_seconds() < visibility
    assert LIMITS.running_limit.total_seconds() > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def test_the_sweeper_runs_every_five_minutes_by_name() -> None:
    app.loader.import_default_modules()  # as a worker does when it starts
    assert "operations.sweep_jobs" in app.tasks
    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "operations.sweep_jobs"
    ]
    assert len(entries) == 1


def test_jobs_within_their_time_are_left_alone(stored: ReturnUpload, sent: dict) -> None:
    report = sweep(after=LIMITS.queued_grace - datetime.timedelta(seconds=5))
    assert report.jobs == []
    stuck_validating(stored)
    report = sweep(after=LIMITS.running_limit - datetime.timedelta(seconds=5))
    assert report.jobs == []
    assert sent == {"uploads": [], "accounts": []}


def test_a_lost_message_is_sent_again_and_the_upload_is_checked_once(stored: ReturnUpload) -> None:
    report = sweep(after=LIMITS.queued_grace + datetime.timedelta(seconds=5))
    assert [(j.pk, j.action) for j in report.jobs] == [(stored.pk, Action.RESENT)]
    stored.refresh_from_db()
    assert stored.state == UploadState.VALID
    assert stored.attempts == 1
    # The original message turns up after all: nothing more is stored.
    return_upload_validate_task.delay(stored.pk)
    assert ReturnVersion.objects.filter(upload=stored).count() == 1
    assert ReturnValue.objects.filter(version__upload=stored).count() == 22


def test_a_dead_workers_check_is_queued_again_then_stored_once(stored: ReturnUpload) -> None:
    stuck_validating(stored)
    assert not ReturnVersion.objects.filter(upload=stored).exists()
    report = sweep()
    assert [(j.pk, j.action, j.attempts) for j in report.jobs] == [(stored.pk, Action.REQUEUED, 1)]
    stored.refresh_from_db()
    assert stored.state == UploadState.VALID  # the re-queued message ran in-process
    assert stored.attempts == 2
    return_upload_validate_task.delay(stored.pk)  # Redis redelivers the original message late
    stored.refresh_from_db()
    assert stored.attempts == 2
    assert ReturnVersion.objects.filter(return_obj=stored.return_obj).count() == 1
    assert ReturnValue.objects.filter(version__upload=stored).count() == 22


def test_a_requeued_check_waits_for_a_worker(stored: ReturnUpload, sent: dict) -> None:
    stuck_validating(stored)
    sweep()
    stored.refresh_from_db()
    assert (stored.state, stored.attempts, stored.progress) == (UploadState.QUEUED, 1, 0)
    assert sent["uploads"] == [stored.pk]


def test_after_the_last_attempt_the_upload_fails_with_a_clear_message(
    stored: ReturnUpload, sent: dict
) -> None:
    stuck_validating(stored, attempts=LIMITS.max_attempts)
    report = sweep()
    assert report.count(Action.FAILED) == 1
    stored.refresh_from_db()
    assert stored.state == UploadState.FAILED
    assert stored.failure_message.startswith("Checking this file stopped unexpectedly 3 times")
    assert "Nothing from it was saved. Please upload it again." in stored.failure_message
    assert not ReturnVersion.objects.exists()
    event = ReturnEvent.objects.get(upload=stored, action=ReturnEvent.Action.FAILED)
    assert "worker stopped" in event.reason
    assert sent["uploads"] == []
    assert sweep().jobs == []  # a failed upload is finished: sweeping again does nothing


def test_a_run_the_sweeper_gave_up_on_stores_nothing(
    stored: ReturnUpload, sent: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run still alive past the limit (it should have been killed) finds the upload re-queued
    when it comes to store, and leaves it to the next run."""
    real = services.validate_return

    def slow_then_swept(**kwargs: Any):
        result = real(**kwargs)
        sweep()  # meanwhile the sweeper decided this run was dead
        return result

    monkeypatch.setattr(services, "validate_return", slow_then_swept)
    ReturnUpload.objects.filter(pk=stored.pk).update(state=UploadState.QUEUED)
    services.return_upload_validate(upload_id=stored.pk)
    stored.refresh_from_db()
    assert stored.state == UploadState.QUEUED
    assert not ReturnVersion.objects.exists()
    assert sent["uploads"] == [stored.pk]
    monkeypatch.setattr(services, "validate_return", real)
    services.return_upload_validate(upload_id=stored.pk)
    stored.refresh_from_db()
    assert stored.state == UploadState.VALID
    assert ReturnVersion.objects.filter(upload=stored).count() == 1


def test_a_broker_that_refuses_leaves_the_upload_queued(
    stored: ReturnUpload, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(upload_id: int) -> None:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(return_upload_validate_task, "delay", refuse)
    report = sweep(after=LIMITS.queued_grace + datetime.timedelta(seconds=5))
    assert report.count(Action.WAITING) == 1
    stored.refresh_from_db()
    assert stored.state == UploadState.QUEUED


def test_a_dry_run_reports_and_changes_nothing(stored: ReturnUpload, sent: dict) -> None:
    stuck_validating(stored)
    report = sweep(commit=False)
    assert [j.action for j in report.jobs] == [Action.REQUEUED]
    assert "dry run" in str(report)
    stored.refresh_from_db()
    assert stored.state == UploadState.VALIDATING
    assert sent["uploads"] == []


def account(status: str, *, attempts: int = 1, number: int = 1) -> RegionalAccount:
    return RegionalAccount.objects.create(
        year=2023,
        number=number,
        status=status,
        attempts=attempts,
        started_at=timezone.now() if status == AccountStatus.RENDERING else None,
    )


def test_regional_account_versions_are_requeued_resent_or_failed(sent: dict) -> None:
    dead = account(AccountStatus.RENDERING, number=1)
    hopeless = account(AccountStatus.RENDERING, attempts=LIMITS.max_attempts, number=2)
    lost = account(AccountStatus.QUEUED, attempts=0, number=3)
    done = account(AccountStatus.RENDERED, number=4)
    report = sweep()
    assert {(j.pk, j.action) for j in report.jobs} == {
        (dead.pk, Action.REQUEUED),
        (hopeless.pk, Action.FAILED),
        (lost.pk, Action.RESENT),
    }
    for version in (dead, hopeless, lost, done):
        version.refresh_from_db()
    assert dead.status == AccountStatus.QUEUED
    assert dead.history.first().history_change_reason.startswith("Queued again")
    assert hopeless.status == AccountStatus.FAILED
    assert "stopped unexpectedly 3 times" in hopeless.error_message
    assert done.status == AccountStatus.RENDERED
    assert sorted(sent["accounts"]) == sorted([dead.pk, lost.pk])


def test_the_command_is_a_dry_run_unless_told_to_commit(stored: ReturnUpload, sent: dict) -> None:
    stuck_validating(stored)
    ReturnUpload.objects.filter(pk=stored.pk).update(started_at=timezone.now() - LATER)
    out = StringIO()
    call_command("sweep_jobs", stdout=out)
    assert f"return upload {stored.pk}: validating" in out.getvalue()
    assert "--commit" in out.getvalue()
    stored.refresh_from_db()
    assert stored.state == UploadState.VALIDATING
    out = StringIO()
    with committed():
        call_command("sweep_jobs", "--commit", stdout=out)
    assert "requeued" in out.getvalue()
    stored.refresh_from_db()
    assert stored.state == UploadState.QUEUED
    assert sent["uploads"] == [stored.pk]


def test_the_beat_task_sweeps(stored: ReturnUpload, sent: dict) -> None:
    from operations.tasks import sweep_jobs_task

    ReturnUpload.objects.filter(pk=stored.pk).update(
        state=UploadState.VALIDATING, started_at=timezone.now() - LATER, attempts=1
    )
    with committed():
        assert sweep_jobs_task.delay().get() == 1
    assert sent["uploads"] == [stored.pk]
