"""Thin task adapters for the ``selfassessment`` app."""

from celery import shared_task

from selfassessment.services.reminders import self_assessment_reminders_send


@shared_task(name="selfassessment.send_reminders")
def self_assessment_reminders_send_task(days_before: list[int] | None = None) -> int:
    """Daily (Celery beat): e-mail councils that have not submitted as a review's closing date
    nears. Idempotent; returns how many reminders were sent."""
    return len(self_assessment_reminders_send(days_before=days_before).sent)
