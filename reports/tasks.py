"""Thin task adapter: load by id, call the service. The service is idempotent and leaves a
clear failed state; the task only owns delivery."""

from celery import shared_task

from reports.services import regional_account_render


@shared_task(name="reports.regional_account_render", acks_late=True)
def regional_account_render_task(account_id: int) -> None:
    regional_account_render(account_id=account_id)
