"""The upload pipeline through a real Celery worker on the broker in CELERY_BROKER_URL (Redis
in CI): the page enqueues after commit, the worker checks the file, the database records it."""

import os
import time

import pytest
from django.urls import reverse

from returns.models import ReturnUpload, ReturnValue, UploadState
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
]


@pytest.fixture
def worker(worker_id: str):
    """A worker in this process on a queue of its own, so parallel test runs never share jobs."""
    queue = f"sli-test-{worker_id}"
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        with worker_on(queue):
            yield
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous


def wait_for(upload_id: int, seconds: float = 30) -> ReturnUpload:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        upload = ReturnUpload.objects.get(pk=upload_id)
        if upload.is_finished:
            return upload
        time.sleep(0.1)
    raise AssertionError(f"upload {upload_id} still {upload.state} after {seconds}s")


def test_upload_is_checked_by_a_real_worker(worker, client_for, wirral, open_period, wirral_lead):
    client = client_for(wirral_lead)
    url = reverse("returns:upload", args=[wirral.slug, open_period.slug])
    response = client.post(url, {"file": csv_upload(wirral, open_period, **{"2C": "512.3"})})
    assert response.status_code == 302
    upload = wait_for(ReturnUpload.objects.get().pk)
    assert upload.state == UploadState.VALID
    assert upload.attempts == 1
    assert float(ReturnValue.objects.get(version__upload=upload, measure__code="2C").value) == 512.3
    status = client.get(reverse("returns:upload_status_json", args=[upload.pk])).json()
    assert status["done"] is True


def test_invalid_upload_through_a_real_worker_stores_problems_only(
    worker, client_for, wirral, open_period, wirral_lead
):
    client = client_for(wirral_lead)
    url = reverse("returns:upload", args=[wirral.slug, open_period.slug])
    client.post(url, {"file": csv_upload(wirral, open_period, **{"2C": "ten"})})
    upload = wait_for(ReturnUpload.objects.get().pk)
    assert upload.state == UploadState.INVALID
    assert upload.problems[0]["column"] == "value"
    assert not ReturnValue.objects.exists()
