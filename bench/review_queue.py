"""Benchmark: the Planning Group's review queue and evaluating the automatic triggers.

One throwaway database. The region: the 24 real NW councils, each with open automatic flags
(one per Table 2 trigger, several findings each), a concern raised by a person, events, a
priority, a published scorecard and a risk assessment for each of ten years of quarterly data.
The national scale: 129 more councils (generated ONS-like codes) with the same, 153 in all.
Then one quarter's accepted returns at 153 councils (80 measures, and the same quarter a year
earlier), its comparators recomputed, and every automatic trigger evaluated on it.

Timings are the median of REQUESTS requests after a warm-up, through Django's test client,
signed in as a Planning Group member; queries are counted for one request. The script checks
the queue lists every council with flags and that the evaluation raised flags.

Prints ``review_queue_ms``, ``review_queue_queries`` (24 councils), ``review_queue_national_ms``
(153 councils, ten years quarterly) and ``evaluate_triggers_national_s`` (one quarter, 153
councils, seconds of one evaluation with --commit). Run:
``DEBUG=true .venv/bin/python bench/review_queue.py``.
"""

import statistics
import time
from typing import Any

from _benchdb import load_reference_data, throwaway_database

NATIONAL_COUNCILS, MEASURES, YEARS, FIRST_YEAR = 153, 80, 10, 2014
WARM_UP, REQUESTS = 3, 15


def timed(client: Any, url: str) -> tuple[float, int, Any]:
    """Median milliseconds of REQUESTS requests after WARM_UP, the queries of one, and it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(timings), len(queries), response


def evaluate_national(councils: list[Any], measures: list[Any], by: Any) -> tuple[float, Any]:
    """Seconds to evaluate every automatic trigger on one quarter at ``councils``."""
    from returns.services import period_ensure
    from scorecard.comparators import comparators_recompute
    from tests.factories import accepted_returns
    from triggers.automatic.evaluation import triggers_evaluate

    before = period_ensure(year=2022, quarter=4)
    quarter = period_ensure(year=2023, quarter=4)
    accepted_returns(councils, [before, quarter], measures, by)
    comparators_recompute(period=before)
    comparators_recompute(period=quarter)
    start = time.perf_counter()
    result = triggers_evaluate(period=quarter)
    return time.perf_counter() - start, result


def main() -> None:
    with throwaway_database("sli_bench_review_queue") as vendor:
        from django.test import Client
        from django.urls import reverse

        from accounts.models import Membership, Role, User
        from authorities.models import Council
        from returns.models import Measure
        from tests.factories import extra_measures, flag_councils, generated_councils, periods
        from triggers.table2 import table2_load

        load_reference_data()
        table2_load()
        planner = User.objects.create_user(
            username="p", email="p@example.org", password="x-bench-password"
        )
        Membership.objects.create(user=planner, role=Role.PLANNING_GROUP)
        quarters = periods(FIRST_YEAR, 4 * YEARS)
        years = sorted({q.year for q in quarters})
        region = list(Council.objects.active_on(quarters[-1].ends_on))
        flag_councils(region, years, planner)

        client = Client()
        client.force_login(planner)
        queue = reverse("triggers:review")
        region_ms, region_queries, response = timed(client, queue)
        shown = response.content.decode().count('name="act-councils"')
        assert shown == len(region), f"{shown} councils in the queue, not {len(region)}"

        national = generated_councils(NATIONAL_COUNCILS - len(region))
        flag_councils(national, years, planner)
        national_ms, national_queries, response = timed(client, queue)
        shown = response.content.decode().count('name="act-councils"')
        assert shown == NATIONAL_COUNCILS, f"{shown} councils in the queue"

        existing = Measure.objects.in_return().count()
        measures = list(Measure.objects.in_return()) + extra_measures(MEASURES - existing)
        everyone = region + national
        seconds, result = evaluate_national(everyone, measures, planner)
        assert result.findings, "the evaluation found nothing"
        assert result.changed, "the evaluation changed no flag"

        print(f"review_queue_database: {vendor}")
        print(f"review_queue_size: {len(region)} councils, then {shown}; {len(quarters)} quarters")
        print(f"review_queue_ms: {region_ms:.1f}")
        print(f"review_queue_queries: {region_queries}")
        print(f"review_queue_national_ms: {national_ms:.1f}")
        print(f"review_queue_national_queries: {national_queries}")
        print(
            f"evaluate_triggers_national_size: {len(everyone)} councils x {len(measures)} "
            f"measures, {len(result.findings)} findings, {result.changed} flags changed"
        )
        print(f"evaluate_triggers_national_s: {seconds:.2f}")


if __name__ == "__main__":
    main()
