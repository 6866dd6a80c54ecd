"""Thin task adapter for the job sweeper (Celery beat runs it every five minutes)."""

from celery import shared_task

from operations.jobs import jobs_sweep


@shared_task(name="operations.sweep_jobs", ignore_result=True)
def sweep_jobs_task() -> int:
    """Re-queue or fail stuck jobs; returns how many were found."""
    return len(jobs_sweep().jobs)
