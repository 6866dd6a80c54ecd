"""The health endpoint: database, broker and workers, each "ok" or "unavailable", 503 when any
required part does not answer, and never a secret."""

import time
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.urls import reverse

from operations import health
from tests.conftest import broker_at

URL = "/health/"
REDIS = "redis://127.0.0.1:6379/0"


def test_health_is_at_the_path_the_redirect_exemption_names() -> None:
    assert reverse("operations:health") == URL


@pytest.mark.django_db
def test_all_ok_with_tasks_in_process(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "in-process",
        "workers": "in-process",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_all_ok_with_redis_and_a_worker_answering(client, monkeypatch) -> None:
    """Against the real broker of this machine when there is one; the worker's reply is the
    only part stood in for (a worker is started in the real-worker suite)."""
    with broker_at(REDIS, monkeypatch):
        if health.check_broker() != health.OK:
            pytest.skip("no Redis on 127.0.0.1:6379")
        with mock.patch.object(
            health.celery_app.control, "ping", return_value=[{"celery@web-1": {"ok": "pong"}}]
        ):
            response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "workers": "ok",
        "worker_count": 1,
    }


@pytest.mark.django_db
def test_no_worker_answering_is_503(client, monkeypatch) -> None:
    with broker_at(REDIS, monkeypatch):
        if health.check_broker() != health.OK:
            pytest.skip("no Redis on 127.0.0.1:6379")
        with mock.patch.object(health.celery_app.control, "ping", return_value=[]):
            response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["workers"] == "unavailable"
    assert response.json()["worker_count"] == 0


@pytest.mark.django_db
def test_database_down_is_503(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "broker": "in-process",
        "workers": "in-process",
    }


@pytest.mark.django_db
def test_broker_unreachable_is_503_quickly_and_says_nothing_secret(client, monkeypatch) -> None:
    with broker_at("redis://:s3cret-password@127.0.0.1:6390/0", monkeypatch):
        started = time.monotonic()
        response = client.get(URL)
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["broker"] == "unavailable"
    assert body["workers"] == "unavailable"
    assert body["database"] == "ok"
    assert body["status"] == "unavailable"
    assert elapsed < 2 * health.TIMEOUT + 1
    text = response.content.decode()
    assert "s3cret" not in text
    assert "6390" not in text
    assert "127.0.0.1" not in text


@pytest.mark.django_db
def test_health_answers_anonymous_and_refuses_post(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405
