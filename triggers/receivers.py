"""Evaluate the automatic triggers when new figures arrive: after a return is accepted (that
quarter) and after national data is imported (the latest quarter). Enqueued after commit, so
a rolled-back acceptance starts nothing."""

from django.db import transaction
from django.dispatch import receiver

from returns.signals import national_data_imported, return_accepted


@receiver(return_accepted)
def _evaluate_after_acceptance(sender: object, *, period_id: int, **kwargs: object) -> None:
    from triggers.tasks import triggers_evaluate_task

    transaction.on_commit(lambda: triggers_evaluate_task.delay(period_id))


@receiver(national_data_imported)
def _evaluate_after_import(sender: object, **kwargs: object) -> None:
    from triggers.tasks import triggers_evaluate_latest_task

    transaction.on_commit(lambda: triggers_evaluate_latest_task.delay())
