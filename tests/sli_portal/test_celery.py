"""The one way a job is queued: after the change that asks for it commits, with a broker's
refusal logged and left for the job sweeper rather than undoing or failing the change."""

import logging
from typing import Any

import pytest
from celery import shared_task
from django.db import transaction

from sli_portal.celery import Queued, send_after_commit, send_now
from tests.conftest import committed

pytestmark = pytest.mark.django_db


@shared_task(name="tests.sli_portal.record")
def record_task(value: int) -> int:
    return value


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    messages: list[tuple[Any, ...]] = []
    monkeypatch.setattr(record_task, "delay", lambda *args: messages.append(args))
    return messages


@pytest.fixture
def refusing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(record_task, "delay", refuse)


def test_a_job_is_sent_only_once_the_change_commits(sent: list) -> None:
    with committed():
        queued = send_after_commit(record_task, 7)
        assert sent == []
        assert queued.sent is None
        assert not queued.refused
    assert sent == [(7,)]
    assert queued.sent is True


def test_a_change_that_rolls_back_sends_nothing(sent: list) -> None:
    with committed():
        with transaction.atomic():
            queued = send_after_commit(record_task, 7)
            transaction.set_rollback(True)
    assert sent == []
    assert queued == Queued(sent=None)


def test_a_refused_message_is_logged_and_reported_after_commit(
    refusing: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="sli_portal.celery"):
        with committed():
            queued = send_after_commit(record_task, 7)
    assert queued.refused
    assert "Could not queue tests.sli_portal.record(7,): left for the job sweeper" in caplog.text


def test_send_now_says_whether_the_broker_took_the_message(sent: list) -> None:
    assert send_now(record_task, 1, 2) is True
    assert sent == [(1, 2)]


def test_send_now_logs_a_refusal_instead_of_raising(
    refusing: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="sli_portal.celery"):
        assert send_now(record_task, 1) is False
    assert "left for the job sweeper" in caplog.text
