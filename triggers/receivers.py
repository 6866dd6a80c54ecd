"""Evaluate the automatic triggers when new figures arrive: after a return is accepted (that
quarter) and after national data is imported (the latest quarter). Enqueued after commit, so
a rolled-back acceptance starts nothing. A submitted or moderated thematic self-assessment
evaluates a quarter of its review's financial year (the Level 1 trigger)."""

from django.dispatch import receiver

from returns.signals import national_data_imported, return_accepted
from selfassessment.signals import self_assessment_moderated, self_assessment_submitted
from sli_portal.celery import send_after_commit


@receiver(return_accepted)
def _evaluate_after_acceptance(sender: object, *, period_id: int, **kwargs: object) -> None:
    from triggers.tasks import triggers_evaluate_task

    send_after_commit(triggers_evaluate_task, period_id)


@receiver(national_data_imported)
def _evaluate_after_import(sender: object, **kwargs: object) -> None:
    from triggers.tasks import triggers_evaluate_latest_task

    send_after_commit(triggers_evaluate_latest_task)


@receiver([self_assessment_submitted, self_assessment_moderated])
def _evaluate_after_self_assessment(sender: object, *, year: int, **kwargs: object) -> None:
    """Evaluate the latest quarter of the review's financial year, where the Level 1 findings
    of that year live. No quarter of that year yet: nothing to evaluate now; the first
    evaluation of one of its quarters finds the failure."""
    from returns.models import Period
    from triggers.tasks import triggers_evaluate_task

    period = Period.objects.filter(year=year).order_by("-quarter").first()
    if period is not None:
        period_id = period.pk
        send_after_commit(triggers_evaluate_task, period_id)
