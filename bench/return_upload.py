"""Benchmark: one council's full three-tier return (80 items: ASCOF, AQuA whole-system and NW
benchmarking, the monthly items with their months) through a real Celery worker on Redis, from
the upload request to the validated version. The file is the CSV template as downloaded, comment
rows and all, with every figure typed in; each run checks the version holds every figure. Prints ``return_upload_to_validated_s`` (median of
several uploads). Uses CELERY_BROKER_URL, or Redis on 127.0.0.1:6379."""

import os
import statistics
import time
from typing import Any

from _benchdb import load_reference_data, throwaway_database

MEASURES, UPLOADS = 80, 7


def main() -> None:
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    with throwaway_database("sli_bench_return_upload"):
        from celery.contrib.testing.worker import start_worker
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client
        from django.urls import reverse

        from accounts.models import Membership, Role, User
        from authorities.models import Council
        from returns.models import Measure, ReturnTier, ReturnUpload, ReturnValue
        from sli_portal.celery import app
        from tests.factories import extra_measures
        from tests.returns.files import add_regional_items, to_csv

        load_reference_data()
        add_regional_items()
        extra = MEASURES - Measure.objects.in_return().count()
        extra_measures(extra // 2, tier=ReturnTier.AQUA)
        extra_measures(extra - extra // 2)
        assert Measure.objects.in_return().count() == MEASURES
        assert set(Measure.objects.in_return().values_list("tier", flat=True)) == set(ReturnTier)
        council = Council.objects.get(slug="wirral")
        lead = User.objects.create_user(
            username="l", email="l@example.org", password="x-bench-password"
        )
        Membership.objects.create(user=lead, role=Role.PERFORMANCE_LEAD, council=council)
        from tests.conftest import make_period

        period = make_period(2024, 1)
        client = Client()
        client.force_login(lead)
        url = reverse("returns:upload", args=[council.slug, period.slug])
        queue = "sli-bench"
        app.conf.task_default_queue = queue
        timings = []
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]
        ):
            for attempt in range(UPLOADS):
                rows = three_tier_rows(client, council, period, attempt)
                upload = SimpleUploadedFile(f"return-{attempt}.csv", to_csv(rows))
                start = time.perf_counter()
                response = client.post(url, {"file": upload})
                assert response.status_code == 302, response.status_code
                made = ReturnUpload.objects.latest("pk")
                while not made.is_finished:
                    time.sleep(0.005)
                    made.refresh_from_db()
                timings.append(time.perf_counter() - start)
                assert made.state == "valid", made.problems
                stored = dict(
                    ReturnValue.objects.filter(version__upload=made).values_list(
                        "measure__code", "value"
                    )
                )
                assert len(stored) == MEASURES, stored
                assert None not in stored.values(), stored
                assert stored["2C"] == 500 + attempt, stored
                assert stored["NW-ADM"] == 30, stored
        print(f"return_upload_items: {len(stored)}")
        print(f"return_upload_to_validated_s: {statistics.median(timings):.3f}")


def three_tier_rows(client: Any, council: Any, period: Any, attempt: int) -> list[list[str]]:
    """The CSV template as a council downloads it, every figure typed in, and the months of
    the monthly items that make their quarters."""
    import csv
    import io

    from django.urls import reverse

    from tests.returns.files import fill_template

    url = reverse("returns:template", args=[council.slug, period.slug, "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    rows = fill_template(
        list(csv.reader(io.StringIO(text))), **{"2C": f"{500 + attempt}.0", "NW-ADM": "30"}
    )
    months = {"NW-ADM": ["10", "12", "8"], "NW-WAIT": ["14", "12", "10"]}
    header = rows[0]
    first = header.index("first_month")
    for row in rows[1:]:
        if len(row) > 2 and row[2] in months:
            row[first : first + 3] = months[row[2]]
    return rows


if __name__ == "__main__":
    main()
