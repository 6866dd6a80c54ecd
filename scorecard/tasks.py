from celery import shared_task

from returns.models import Period
from scorecard.comparators import comparators_recompute


@shared_task(name="scorecard.comparators_recompute")
def comparators_recompute_task(period_id: int) -> None:
    comparators_recompute(period=Period.objects.get(pk=period_id))


@shared_task(name="scorecard.comparators_recompute_all")
def comparators_recompute_all_task() -> None:
    for period in Period.objects.filter(returns__accepted_version__isnull=False).distinct():
        comparators_recompute(period=period)
