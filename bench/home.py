"""Benchmark: each role's home page at the region's scale (24 councils).

One throwaway database with the councils, the measures, Table 2, the demonstration's quarters,
people and concerns, and for every council a return for the current quarter, an agenda item at
a past Planning Group meeting and a risk assessment begun. Timings are the median of REQUESTS
requests after a warm-up, through Django's test client signed in as the demonstration person of
each role (a visitor for ``anonymous``); queries are counted for one request. Each page is
checked to be the role's own home page (its first heading) before it is timed.

Prints ``home_<role>_ms`` and ``home_<role>_queries`` for each role.
Run: ``DEBUG=true .venv/bin/python bench/home.py``.
"""

import datetime
import statistics
import time
from typing import Any

from _benchdb import load_reference_data, throwaway_database

WARM_UP, REQUESTS = 3, 25
COUNCILS = 24
# role -> (the demonstration person's e-mail attribute in demo.users, or None; the page's text)
ROLES: dict[str, tuple[str | None, str]] = {
    "anonymous": (None, "Published pages"),
    "performance_lead": ("WIRRAL_LEAD", "Your return for"),
    "director": ("WIRRAL_DIRECTOR", "Concerns awaiting your response"),
    "planning_group": ("PLANNER", "What needs the Planning Group"),
    "risk_assessor": ("ASSESSOR", "Risk assessments due"),
    "board_member": ("BOARD_MEMBER", "The regional picture"),
    "regional_admin": ("ADMIN", "Running the portal"),
}


def build() -> None:
    from accounts.models import User
    from authorities.models import Council
    from demo import users
    from demo.returns import periods_ensure
    from demo.triggers import triggers_demo_load
    from returns.models import Period, Return
    from sli_portal.financial_years import financial_year_of
    from triggers.models import AgendaItem, Meeting, RiskAssessment
    from triggers.table2 import table2_load

    load_reference_data()
    table2_load()
    periods_ensure()
    users.users_ensure()
    triggers_demo_load()
    today = datetime.date.today()
    councils = list(Council.objects.active_on(today))
    assert len(councils) == COUNCILS, len(councils)
    period = Period.objects.filter(opens_on__lte=today).order_by("-year", "-quarter").first()
    planner = User.objects.get(email=users.PLANNER)
    Return.objects.bulk_create(
        [Return(council=c, period=period) for c in councils], ignore_conflicts=True
    )
    meeting = Meeting.objects.create(held_on=today - datetime.timedelta(days=7), created_by=planner)
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, council=c) for c in councils])
    year = financial_year_of(today)
    RiskAssessment.objects.bulk_create(
        [RiskAssessment(council=c, year=year, assessor=planner) for c in councils],
        ignore_conflicts=True,
    )


def timed(client: Any, url: str, expected: str) -> tuple[float, int]:
    """Median milliseconds of REQUESTS requests after WARM_UP, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), expected
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


def main() -> None:
    with throwaway_database("sli_bench_home"):
        from django.test import Client
        from django.urls import reverse

        from accounts.models import User
        from demo import users

        build()
        home = reverse("pages:home")
        for role, (person, expected) in ROLES.items():
            client = Client()
            if person is not None:
                client.force_login(User.objects.get(email=getattr(users, person)))
            ms, queries = timed(client, home, expected)
            print(f"home_{role}_ms: {ms:.1f}")
            print(f"home_{role}_queries: {queries}")


if __name__ == "__main__":
    main()
