"""Thin task adapters: load by id, call a service."""

from celery import shared_task

from returns.services import return_upload_validate


@shared_task(name="returns.return_upload_validate", acks_late=True)
def return_upload_validate_task(upload_id: int) -> None:
    return_upload_validate(upload_id=upload_id)


@shared_task(name="returns.national_import")
def national_import_task(dataset: str, path: str) -> None:
    from pathlib import Path

    from returns.national import national_import

    national_import(dataset=dataset, path=Path(path))
