"""Thin tasks for the automatic triggers: load by id, call :func:`triggers_evaluate`.

Each is idempotent (an evaluation raises nothing twice). Run after a return is accepted or
national data imported, and nightly by Celery beat (``CELERY_BEAT_SCHEDULE``)."""

import logging

from celery import Task, shared_task
from django.db.models import Max

from returns.models import Period, ReturnEvent
from scorecard.models import MeasureBenchmark
from sli_portal.celery import send_after_commit
from triggers.automatic.evaluation import (
    latest_period_with_accepted_returns,
    table2_has_automatic_triggers,
    triggers_evaluate,
)
from triggers.automatic.published import published_periods

logger = logging.getLogger(__name__)


def comparators_stale(period: Period) -> bool:
    """Whether a return for ``period`` was accepted after its comparators were last computed
    (their recompute is queued by the same acceptance, in another task)."""
    accepted = ReturnEvent.objects.filter(
        return_obj__period=period, action=ReturnEvent.Action.ACCEPTED
    ).aggregate(last=Max("at"))["last"]
    computed = MeasureBenchmark.objects.filter(period=period).aggregate(last=Max("computed_at"))[
        "last"
    ]
    return accepted is not None and (computed is None or computed < accepted)


@shared_task(bind=True, name="triggers.evaluate", max_retries=5, default_retry_delay=60)
def triggers_evaluate_task(self: Task[[int], None], period_id: int) -> None:
    """Evaluate one quarter. On a worker, wait (retrying) while its comparators are being
    recomputed after an acceptance, then evaluate anyway once the retries run out."""
    if not table2_has_automatic_triggers():
        logger.info("Table 2 is not loaded: no automatic triggers to evaluate")
        return
    period = Period.objects.get(pk=period_id)
    if (
        not self.request.is_eager
        and self.request.retries < (self.max_retries or 0)
        and comparators_stale(period)
    ):
        raise self.retry()
    triggers_evaluate(period=period)


@shared_task(name="triggers.evaluate_published")
def triggers_evaluate_published_task(period_id: int, kind: str) -> None:
    """Evaluate one quarter for one kind found only on published figures."""
    if not table2_has_automatic_triggers():
        logger.info("Table 2 is not loaded: no automatic triggers to evaluate")
        return
    triggers_evaluate(period=Period.objects.get(pk=period_id), kinds={kind})


@shared_task(name="triggers.evaluate_latest")
def triggers_evaluate_latest_task() -> None:
    """Evaluate the latest quarter with accepted returns, and each kind found only on published
    figures on the latest quarter those figures support (nightly, and after a national
    import)."""
    period = latest_period_with_accepted_returns()
    if period is not None:
        send_after_commit(triggers_evaluate_task, period.pk)
    for kind, latest in published_periods():
        send_after_commit(triggers_evaluate_published_task, latest.pk, kind)
