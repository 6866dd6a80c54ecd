"""Recompute comparators when returns are accepted or national data imported."""

from django.db import transaction
from django.dispatch import receiver

from returns.signals import national_data_imported, return_accepted


@receiver(return_accepted)
def _recompute_after_acceptance(sender: object, *, period_id: int, **kwargs: object) -> None:
    from scorecard.tasks import comparators_recompute_task

    transaction.on_commit(lambda: comparators_recompute_task.delay(period_id))


@receiver(national_data_imported)
def _recompute_after_import(sender: object, **kwargs: object) -> None:
    """England's figure feeds every quarter's benchmarks; the published comparators are
    recomputed for every year."""
    from scorecard.tasks import (
        comparators_recompute_all_task,
        published_comparators_recompute_all_task,
    )

    transaction.on_commit(lambda: comparators_recompute_all_task.delay())
    transaction.on_commit(lambda: published_comparators_recompute_all_task.delay())
