"""Benchmark: comparators at a simulated national scale, and the published comparators of one
real year.

Quarterly: 153 councils (the portal's 24 and 129 generated ones, types mixed, in the
sub-regions) x 80 measures in the return, one quarter of accepted returns plus the three before
it for trends; ``comparators_recompute`` timed three times. Annual: the real published files
imported, then ``published_comparators_recompute`` for 2022 timed three times.

Prints ``comparators_national_s`` (median of 3, seconds), ``comparators_national_councils``,
``comparators_national_measures``, ``comparators_national_positions`` and
``published_comparators_year_s`` (median of 3, seconds) with its year and row counts.
"""

import statistics
import time
from collections.abc import Callable

from _benchdb import load_reference_data, throwaway_database

COUNCILS, MEASURES, QUARTERS, RUNS, PUBLISHED_YEAR = 153, 80, 4, 3, 2022
# Generated councils' types, in turn: about the national mix of E06/E08/E09/E10.
TYPES = [("unitary", "E06"), ("metropolitan", "E08"), ("london", "E09"), ("county", "E10")]


def median_seconds(run: Callable[[], object]) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def extra_councils(count: int) -> list:
    from authorities.models import Council, SubRegion

    sub_regions = list(SubRegion.objects.order_by("name"))
    made = []
    for i in range(count):
        kind, prefix = TYPES[i % len(TYPES)]
        made.append(
            Council(
                ons_code=f"{prefix}9{i + 1:05d}",
                name=f"Generated council {i + 1}",
                slug=f"generated-council-{i + 1}",
                authority_type=kind,
                sub_region=sub_regions[i % len(sub_regions)],
            )
        )
    return Council.objects.bulk_create(made)


def main() -> None:
    with throwaway_database("sli_bench_comparators_national") as vendor:
        from accounts.models import User
        from authorities.models import Council
        from returns.catalogue import DATA_DIR
        from returns.models import Measure
        from returns.national import DATASETS, national_import
        from scorecard.comparators import (
            comparators_recompute,
            published_comparators_recompute,
        )
        from tests.factories import accepted_returns, extra_measures, periods

        load_reference_data()
        admin = User.objects.create_user(
            username="a", email="a@example.org", password="x-bench-password"
        )
        quarters = periods(2023, QUARTERS)
        councils = list(Council.objects.active_on(quarters[-1].ends_on))
        councils += extra_councils(COUNCILS - len(councils))
        existing = Measure.objects.in_return().count()
        measures = list(Measure.objects.in_return()) + extra_measures(MEASURES - existing)
        accepted_returns(councils, quarters, measures, admin)

        seconds, result = median_seconds(lambda: comparators_recompute(period=quarters[-1]))
        print(f"comparators_national_database: {vendor}")
        print(f"comparators_national_s: {seconds:.3f}")
        print(f"comparators_national_councils: {len(councils)}")
        print(f"comparators_national_measures: {len(measures)}")
        print(f"comparators_national_positions: {result.positions}")  # type: ignore[union-attr]

        for name, spec in DATASETS.items():
            national_import(dataset=name, path=DATA_DIR / spec.shipped_file)
        seconds, published = median_seconds(
            lambda: published_comparators_recompute(year=PUBLISHED_YEAR)
        )
        print(f"published_comparators_year: {PUBLISHED_YEAR}")
        print(f"published_comparators_year_s: {seconds:.3f}")
        print(f"published_comparators_benchmarks: {published.benchmarks}")  # type: ignore[union-attr]
        print(f"published_comparators_positions: {published.positions}")  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
