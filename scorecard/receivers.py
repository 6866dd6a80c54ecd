"""Recompute comparators when returns are accepted or national data imported."""

from django.dispatch import receiver

from returns.signals import measure_polarity_declared, national_data_imported, return_accepted
from sli_portal.celery import send_after_commit


@receiver(return_accepted)
def _recompute_after_acceptance(sender: object, *, period_id: int, **kwargs: object) -> None:
    from scorecard.tasks import comparators_recompute_task

    send_after_commit(comparators_recompute_task, period_id)


@receiver(national_data_imported)
@receiver(measure_polarity_declared)
def _recompute_after_import(sender: object, **kwargs: object) -> None:
    """England's figure feeds every quarter's benchmarks, and a declared direction every band;
    the quarterly and published comparators are recomputed for every year."""
    from scorecard.tasks import (
        comparators_recompute_all_task,
        published_comparators_recompute_all_task,
    )

    send_after_commit(comparators_recompute_all_task)
    send_after_commit(published_comparators_recompute_all_task)
