"""Recompute the stored comparators: quarterly from accepted returns, annually from published
national figures. Nothing is changed without --commit (the work runs in a transaction that is
rolled back)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from returns.models import Period
from returns.selectors import period_get
from scorecard.comparators import (
    PublishedRecomputeResult,
    RecomputeResult,
    comparators_recompute,
    periods_with_accepted_returns,
    published_comparators_recompute,
    published_comparators_recompute_all,
)
from sli_portal.financial_years import year_label


class Command(BaseCommand):
    help = (
        "Recompute comparators: one quarter (--period), one published year (--year), or, with "
        "neither, every quarter with accepted returns and every published year. "
        "Nothing is stored without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", help="One quarter, e.g. 2023-24-Q4.")
        parser.add_argument(
            "--year", type=int, help="One published financial year by its first year, e.g. 2023."
        )
        parser.add_argument("--commit", action="store_true", help="Store the comparators.")

    def handle(self, *args: object, **options: Any) -> None:
        period: Period | None = None
        if options["period"]:
            period = period_get(options["period"])
            if period is None:
                raise CommandError(f"No quarter {options['period']}: use the form 2023-24-Q4.")
        year: int | None = options["year"]
        everything = period is None and year is None
        with transaction.atomic():
            periods = list(periods_with_accepted_returns()) if everything else [period]
            for quarter in periods:
                if quarter is not None:
                    self.stdout.write(self._quarter(quarter, comparators_recompute(period=quarter)))
            if everything:
                published = published_comparators_recompute_all()
            elif year is not None:
                published = [published_comparators_recompute(year=year)]
            else:
                published = []
            for result in published:
                self.stdout.write(self._year(result))
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was changed. Use --commit to store.")

    @staticmethod
    def _quarter(period: Period, result: RecomputeResult) -> str:
        return (
            f"{period.label}: {result.benchmarks} benchmarks, {result.positions} positions "
            f"({result.missing} without a figure), {result.teasc_summaries} TEASC summaries"
        )

    @staticmethod
    def _year(result: PublishedRecomputeResult) -> str:
        return (
            f"{year_label(result.year)} published: {result.benchmarks} benchmarks, "
            f"{result.positions} positions, {result.suppressed} missing or suppressed figures "
            "left out"
        )
