"""Thin task adapters: load by id, call a service."""

from celery import shared_task

from returns.notifications import return_deadline_reminders_send
from returns.services import return_upload_validate


@shared_task(name="returns.return_upload_validate", acks_late=True)
def return_upload_validate_task(upload_id: int) -> None:
    return_upload_validate(upload_id=upload_id)


@shared_task(name="returns.national_import")
def national_import_task(dataset: str, path: str) -> None:
    from pathlib import Path

    from returns.national import national_import

    national_import(dataset=dataset, path=Path(path))


@shared_task(name="returns.national_import_run", acks_late=True)
def national_import_run_task(run_id: int) -> None:
    """Import a national file uploaded in the browser (its run record says which)."""
    from returns.national import national_run_execute

    national_run_execute(run_id=run_id)


@shared_task(name="returns.send_deadline_reminders")
def return_deadline_reminders_send_task() -> int:
    """Daily (Celery beat): e-mail councils whose return is due in 7 days or 1 day, or was due
    yesterday, and is not submitted. Idempotent; returns how many councils were e-mailed."""
    return len(return_deadline_reminders_send().sent)
