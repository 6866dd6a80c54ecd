"""Thin tasks: load by id, call the comparators service. Each is idempotent (the service
replaces the period's or year's rows in one transaction)."""

from celery import shared_task

from returns.models import Period
from scorecard.comparators import (
    comparators_recompute,
    periods_with_accepted_returns,
    published_comparators_recompute_all,
)


@shared_task(name="scorecard.comparators_recompute")
def comparators_recompute_task(period_id: int) -> None:
    comparators_recompute(period=Period.objects.get(pk=period_id))


@shared_task(name="scorecard.comparators_recompute_all")
def comparators_recompute_all_task() -> None:
    for period in periods_with_accepted_returns():
        comparators_recompute(period=period)


@shared_task(name="scorecard.published_comparators_recompute_all")
def published_comparators_recompute_all_task() -> None:
    published_comparators_recompute_all()
