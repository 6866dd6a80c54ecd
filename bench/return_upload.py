"""Benchmark: one council's 80-item return through a real Celery worker on Redis, from the
upload request to the validated version. Prints ``return_upload_to_validated_s`` (median of
several uploads). Uses CELERY_BROKER_URL, or Redis on 127.0.0.1:6379."""

import os
import statistics
import time

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
        from returns.models import Measure, ReturnUpload
        from sli_portal.celery import app
        from tests.factories import extra_measures
        from tests.returns.files import return_rows, to_csv

        load_reference_data()
        extra_measures(MEASURES - Measure.objects.in_return().count())
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
                rows = return_rows(council, period, **{"2C": f"{500 + attempt}.0"})
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
        print(f"return_upload_items: {len(rows) - 1}")
        print(f"return_upload_to_validated_s: {statistics.median(timings):.3f}")


if __name__ == "__main__":
    main()
