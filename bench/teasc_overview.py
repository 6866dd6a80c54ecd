"""Benchmark: the regional TEASC page (every council's TEASC counts by section and the board
sentence) at the region's 24 councils and at a simulated national scale of 153.

One throwaway database: the 24 real NW councils, 80 measures in the return (the catalogue's and
generated NW benchmarking items, spread over the ten TEASC sections) and 4 quarters of stored
comparators (MeasureBenchmark, CouncilPosition), written directly with bulk_create rather than
recomputed; then 129 generated councils with the same. Timings are the median of REQUESTS
requests after a warm-up, through Django's test client, signed in as a Planning Group member;
queries are counted for one request. Each timed response is checked to hold a row and a board
sentence for every active council, so a page that rendered nothing cannot look fast.

Prints ``teasc_overview_ms``, ``teasc_overview_queries`` (24 councils),
``teasc_overview_national_ms`` and ``teasc_overview_national_queries`` (153 councils).
Run: ``DEBUG=true .venv/bin/python bench/teasc_overview.py``.
"""

import statistics
import time
from typing import Any

from _benchdb import load_reference_data, throwaway_database

NATIONAL_COUNCILS, MEASURES, QUARTERS = 153, 80, 4
FIRST_YEAR = 2023
WARM_UP, REQUESTS = 3, 25


def fill(councils: list[Any], quarters: list[Any], measures: list[Any]) -> None:
    """Benchmarks and every council's position for every measure and quarter."""
    from scorecard.models import CouncilPosition, Direction, MeasureBenchmark

    MeasureBenchmark.objects.bulk_create(
        [
            MeasureBenchmark(
                measure=m,
                period=q,
                nw_count=24,
                nw_median=55.0,
                england_value=54.0,
                england_year=q.year - 1,
                region_value=56.0,
                region_year=q.year - 1,
            )
            for q in quarters
            for m in measures
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
    for q in quarters:
        CouncilPosition.objects.bulk_create(
            [
                CouncilPosition(
                    council=c,
                    measure=m,
                    period=q,
                    value=40.0 + (i * 7 + j * 3 + q.quarter) % 50,
                    direction=Direction.IMPROVING if (i + j) % 3 else Direction.WORSENING,
                    same_type_count=8 + i % 3,
                    same_type_median=50.0 + i % 10,
                    trend=[[f"Q{k}", 40.0 + (i + j + k) % 50] for k in range(1, 5)],
                )
                for i, c in enumerate(councils)
                for j, m in enumerate(measures)
            ],
            batch_size=5000,
        )


def measures_in_sections() -> list[Any]:
    """The return's measures topped up to MEASURES; generated ones get a TEASC section each
    in turn and a declared better direction."""
    from returns.models import Measure, Polarity, TeascSection
    from tests.factories import extra_measures

    existing = Measure.objects.in_return().count()
    extra = extra_measures(MEASURES - existing)
    sections = TeascSection.values
    for n, m in enumerate(extra):
        m.teasc_section = sections[n % len(sections)]
        m.polarity = Polarity.HIGHER if n % 2 else Polarity.LOWER
    Measure.objects.bulk_update(extra, ["teasc_section", "polarity"])
    return list(Measure.objects.in_return())


def timed(client: Any, url: str, councils: list[str]) -> tuple[float, int]:
    """Median milliseconds of REQUESTS requests after WARM_UP, and the queries of one; each
    response must list every council in ``councils`` with its board sentence."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("data-board-sentence") == len(councils), "not every council shown"
        assert all(f">{name}" in html for name in councils), "a council is missing"

    for _ in range(WARM_UP):
        get()
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        get()
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


def main() -> None:
    with throwaway_database("sli_bench_teasc_overview") as vendor:
        from django.test import Client
        from django.urls import reverse

        from accounts.models import Membership, Role, User
        from authorities.models import Council
        from tests.factories import generated_councils, periods

        load_reference_data()
        planner = User.objects.create_user(
            username="p", email="p@example.org", password="x-bench-password"
        )
        Membership.objects.create(user=planner, role=Role.PLANNING_GROUP)
        measures = measures_in_sections()
        quarters = periods(FIRST_YEAR, QUARTERS)
        latest = quarters[-1]
        region = list(Council.objects.active_on(latest.ends_on))
        fill(region, quarters, measures)

        client = Client()
        client.force_login(planner)
        url = reverse("scorecard:teasc_overview") + f"?period={latest.slug}"

        def active() -> list[str]:
            return list(
                Council.objects.active_between(latest.starts_on, latest.ends_on)
                .order_by("name")
                .values_list("name", flat=True)
            )

        region_names = active()
        region_ms, region_queries = timed(client, url, region_names)
        fill(generated_councils(NATIONAL_COUNCILS - len(region)), quarters, measures)
        national_names = active()
        national_ms, national_queries = timed(client, url, national_names)

        print(f"teasc_overview_database: {vendor}")
        print(
            f"teasc_overview_size: {len(region_names)} councils, national "
            f"{len(national_names)} councils; {len(measures)} measures x {QUARTERS} quarters"
        )
        print(f"teasc_overview_ms: {region_ms:.1f}")
        print(f"teasc_overview_queries: {region_queries}")
        print(f"teasc_overview_national_ms: {national_ms:.1f}")
        print(f"teasc_overview_national_queries: {national_queries}")


if __name__ == "__main__":
    main()
