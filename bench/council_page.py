"""Benchmark: the council page at 24 councils × 80 measures × 12 quarters.

Prints ``council_page_ms`` (median server time of a signed-in request, through Django's test
client) and ``council_page_queries``.
"""

import statistics
import time

from _benchdb import load_reference_data, throwaway_database

COUNCILS, MEASURES, QUARTERS, REQUESTS = 24, 80, 12, 30


def main() -> None:
    with throwaway_database("sli_bench_council_page") as vendor:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from accounts.models import Membership, Role, User
        from authorities.models import Council
        from returns.models import Measure
        from scorecard.comparators import comparators_recompute
        from tests.factories import accepted_returns, extra_measures, periods

        load_reference_data()
        admin = User.objects.create_user(
            username="a", email="a@example.org", password="x-bench-password"
        )
        Membership.objects.create(user=admin, role=Role.REGIONAL_ADMIN)
        existing = Measure.objects.in_return().count()
        measures = list(Measure.objects.in_return()) + extra_measures(MEASURES - existing)
        quarters = periods(2021, QUARTERS)
        councils = list(Council.objects.active_on(quarters[-1].ends_on))[:COUNCILS]
        accepted_returns(councils, quarters, measures, admin)
        for quarter in quarters:
            comparators_recompute(period=quarter)
        client = Client()
        client.force_login(admin)
        url = reverse("scorecard:council", args=[councils[0].slug])
        client.get(url)
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"council_page_database: {vendor}")
        print(
            f"council_page_size: {len(councils)} councils x {len(measures)} measures x {len(quarters)} quarters"
        )
        print(f"council_page_ms: {statistics.median(timings):.1f}")
        print(f"council_page_queries: {len(queries)}")


if __name__ == "__main__":
    main()
