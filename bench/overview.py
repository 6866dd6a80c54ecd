"""Benchmark: the balanced scorecard's regional overview and a council's scorecard page.

Two scales on one throwaway database: the region (the 24 real NW councils, 80 measures,
12 quarters) and a simulated national scale (153 councils, the extra ones with generated ONS-like
codes and sub-regions; 80 measures; 40 quarters). Judgements in all six domains for the latest two
quarters, some redrafted and unpublished; TEASC summaries for every quarter. Comparator rows
(MeasureBenchmark, CouncilPosition) are written directly with bulk_create rather than recomputed.

Timings are the median of REQUESTS requests after a warm-up, through Django's test client, signed
in as a Planning Group member (so drafts are loaded too); queries are counted for one request.
``overview_ratio_to_bare_view`` divides the national overview time by the time of a bare view
returning ``HttpResponse("ok")`` through the same client, URLconf and middleware in the same run.

Prints ``overview_ms``, ``overview_queries``, ``overview_national_ms``,
``overview_national_queries``, ``overview_ratio_to_bare_view``, ``scorecard_ms`` and
``scorecard_queries`` (and the national scorecard figures). Target: overview under 150 ms at the
national scale. Run: ``DEBUG=true .venv/bin/python bench/overview.py``.
"""

import statistics
import sys
import time
import types
from collections.abc import Callable
from typing import Any

from _benchdb import load_reference_data, throwaway_database

NATIONAL_COUNCILS, MEASURES, REGION_QUARTERS, NATIONAL_QUARTERS = 153, 80, 12, 40
FIRST_YEAR = 2014  # 40 quarters: 2014/15 Q1 .. 2023/24 Q4; the region's 12 are the last ones.
WARM_UP, REQUESTS = 3, 25
RATINGS = ["green", "amber", "red", "not_assessed"]


def fill(councils: list[Any], quarters: list[Any], measures: list[Any], by: Any) -> None:
    """Comparators, TEASC summaries for every quarter, and judgements for the last two."""
    from django.utils import timezone

    from returns.models import Domain
    from scorecard.models import (
        Band,
        CouncilPosition,
        Direction,
        Judgement,
        MeasureBenchmark,
        TeascSummary,
    )

    MeasureBenchmark.objects.bulk_create(
        [
            MeasureBenchmark(
                measure=m,
                period=q,
                nw_count=24,
                nw_mean=55.0,
                nw_median=55.0,
                nw_lower_quartile=45.0,
                nw_upper_quartile=65.0,
                england_value=54.0,
                england_year=q.year - 1,
            )
            for q in quarters
            for m in measures
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
    bands = [Band.BETTER, Band.SIMILAR, Band.SLIGHTLY_WORSE, Band.NOT_BANDED]
    for q in quarters:
        CouncilPosition.objects.bulk_create(
            [
                CouncilPosition(
                    council=c,
                    measure=m,
                    period=q,
                    value=40.0 + (i * 7 + j * 3 + q.quarter) % 50,
                    rank=1 + i % 24,
                    ranked_of=24,
                    value_quartile=1 + (i + j) % 4,
                    direction=Direction.IMPROVING if (i + j) % 3 else Direction.WORSENING,
                    band=bands[(i + j) % 4],
                    trend=[[f"Q{k}", 40.0 + (i + j + k) % 50] for k in range(1, 5)],
                )
                for i, c in enumerate(councils)
                for j, m in enumerate(measures)
            ],
            batch_size=5000,
        )
    TeascSummary.objects.bulk_create(
        [
            TeascSummary(
                council=c,
                period=q,
                items=54,
                better=20 + i % 30,
                improving=15 + i % 25,
                better_and_improving=10 + i % 20,
            )
            for q in quarters
            for i, c in enumerate(councils)
        ],
        batch_size=5000,
    )
    now = timezone.now()
    Judgement.objects.bulk_create(
        [
            Judgement(
                council=c,
                period=q,
                domain=d,
                # One judgement in seven has been redrafted since it was published.
                rating=RATINGS[(i + j + q.quarter + (i % 7 == 0)) % 4],
                commentary="Evidence reviewed by the Planning Group.",
                internal_commentary="Internal: discussed with the DASS.",
                published_rating=RATINGS[(i + j + q.quarter) % 4],
                published_commentary="Evidence reviewed by the Planning Group.",
                published_at=now,
                written_by=by,
            )
            for q in quarters[-2:]
            for i, c in enumerate(councils)
            for j, d in enumerate(Domain.values)
        ],
        batch_size=5000,
    )


def timed(client: Any, url: str) -> tuple[float, int]:
    """Median milliseconds of REQUESTS requests after WARM_UP, and the queries of one."""
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
        client.get(url)
    return statistics.median(timings), len(queries)


def bench_urlconf(bare: Callable[..., Any]) -> str:
    """A URLconf with the project's patterns plus the bare view, registered as a module."""
    from django.urls import path

    from sli_portal import urls as project_urls

    module = types.ModuleType("bench_overview_urls")
    module.urlpatterns = [path("bench/bare/", bare), *project_urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def main() -> None:
    with throwaway_database("sli_bench_overview") as vendor:
        from django.http import HttpRequest, HttpResponse
        from django.test import Client, override_settings
        from django.urls import reverse

        from accounts.models import Membership, Role, User
        from authorities.models import Council
        from returns.models import Measure
        from tests.factories import extra_measures, generated_councils, periods

        def bare(request: HttpRequest) -> HttpResponse:
            return HttpResponse("ok")

        load_reference_data()
        planner = User.objects.create_user(
            username="p", email="p@example.org", password="x-bench-password"
        )
        Membership.objects.create(user=planner, role=Role.PLANNING_GROUP)
        existing = Measure.objects.in_return().count()
        measures = list(Measure.objects.in_return()) + extra_measures(MEASURES - existing)
        all_quarters = periods(FIRST_YEAR, NATIONAL_QUARTERS)
        region_quarters = all_quarters[-REGION_QUARTERS:]
        region = list(Council.objects.active_on(all_quarters[-1].ends_on))
        fill(region, region_quarters, measures, planner)

        client = Client()
        client.force_login(planner)
        overview = reverse("scorecard:overview")
        scorecard = reverse("scorecard:scorecard", args=["wirral"])
        with override_settings(ROOT_URLCONF=bench_urlconf(bare)):
            overview_ms, overview_queries = timed(client, overview)
            scorecard_ms, scorecard_queries = timed(client, scorecard)

            national = generated_councils(NATIONAL_COUNCILS - len(region))
            fill(national, all_quarters, measures, planner)
            fill(region, all_quarters[:-REGION_QUARTERS], measures, planner)
            councils = Council.objects.active_on(all_quarters[-1].ends_on).count()
            national_ms, national_queries = timed(client, overview)
            scorecard_national_ms, scorecard_national_queries = timed(client, scorecard)
            bare_ms, _ = timed(client, "/bench/bare/")

        print(f"overview_database: {vendor}")
        print(
            f"overview_size: {len(region)} councils x {len(measures)} measures x "
            f"{len(region_quarters)} quarters; national {councils} councils x "
            f"{len(measures)} measures x {len(all_quarters)} quarters"
        )
        print(f"overview_ms: {overview_ms:.1f}")
        print(f"overview_queries: {overview_queries}")
        print(f"overview_national_ms: {national_ms:.1f}")
        print(f"overview_national_queries: {national_queries}")
        print(f"overview_bare_view_ms: {bare_ms:.2f}")
        print(f"overview_ratio_to_bare_view: {national_ms / bare_ms:.1f}")
        print(f"scorecard_ms: {scorecard_ms:.1f}")
        print(f"scorecard_queries: {scorecard_queries}")
        print(f"scorecard_national_ms: {scorecard_national_ms:.1f}")
        print(f"scorecard_national_queries: {scorecard_national_queries}")


if __name__ == "__main__":
    main()
