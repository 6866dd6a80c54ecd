"""The one rule for signals that tell higher apps about a change: sent after commit, never for a
change that rolls back, and a failing receiver neither undoes the change nor silences the
others."""

import logging
from typing import Any

import pytest
from django.db import transaction
from django.dispatch import Signal

from sli_portal.signals import send_signal_after_commit
from tests.conftest import committed

pytestmark = pytest.mark.django_db

changed = Signal()


@pytest.fixture
def received() -> Any:
    seen: list[dict[str, Any]] = []

    def receiver(sender: object, **kwargs: Any) -> None:
        seen.append({"sender": sender, **kwargs})

    changed.connect(receiver, dispatch_uid="received")
    yield seen
    changed.disconnect(dispatch_uid="received")


def test_the_signal_is_sent_once_the_change_commits(received: list) -> None:
    with committed():
        send_signal_after_commit(changed, sender=str, council_id=3)
        assert received == []
    assert received == [{"sender": str, "signal": changed, "council_id": 3}]


def test_a_change_that_rolls_back_tells_nobody(received: list) -> None:
    with committed():
        with transaction.atomic():
            send_signal_after_commit(changed, sender=str, council_id=3)
            transaction.set_rollback(True)
    assert received == []


def test_a_failing_receiver_is_logged_and_the_others_still_hear(
    received: list, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(sender: object, **kwargs: Any) -> None:
        raise RuntimeError("receiver broke")

    changed.connect(broken, dispatch_uid="broken")
    try:
        with caplog.at_level(logging.ERROR, logger="django.dispatch"):
            with committed():
                send_signal_after_commit(changed, sender=str, council_id=3)
    finally:
        changed.disconnect(dispatch_uid="broken")
    assert [r["council_id"] for r in received] == [3]
    assert "receiver broke" in caplog.text
