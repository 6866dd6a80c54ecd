"""The cast every test uses: real councils and measures loaded once per session, and personas
(a Wirral performance lead, a Sefton performance lead, a Wirral director, a Planning Group
member, a risk assessor, a board member, a regional administrator, an anonymous visitor)."""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, TestCase

from accounts.models import Membership, Role, User
from authorities.models import Council
from authorities.services import comparator_groups_load, councils_load
from returns.catalogue import measures_load
from returns.models import Period

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_reference_data()


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"  # type: ignore[attr-defined, operator]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache, so the upload limit's counts (kept per person in
    the cache) never carry from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wirral(db: None) -> Council:
    return Council.objects.get(ons_code="E08000015")


@pytest.fixture
def sefton(db: None) -> Council:
    return Council.objects.get(ons_code="E08000014")


def make_user(email: str, role: str, council: Council | None = None, **extra: object) -> User:
    first, _, last = email.split("@")[0].partition(".")
    user = User.objects.create_user(
        username=email,
        email=email,
        password=PASSWORD,
        first_name=first.title(),
        last_name=last.title(),
        **extra,
    )
    Membership.objects.create(user=user, role=role, council=council)
    return user


@pytest.fixture
def wirral_lead(wirral: Council) -> User:
    return make_user("wendy.lead@wirral.example", Role.PERFORMANCE_LEAD, wirral)


@pytest.fixture
def wirral_director(wirral: Council) -> User:
    return make_user("dan.director@wirral.example", Role.DIRECTOR, wirral)


@pytest.fixture
def sefton_lead(sefton: Council) -> User:
    return make_user("sam.lead@sefton.example", Role.PERFORMANCE_LEAD, sefton)


@pytest.fixture
def planning_group_member(db: None) -> User:
    return make_user("pat.planner@nwadass.example", Role.PLANNING_GROUP)


@pytest.fixture
def risk_assessor(db: None) -> User:
    return make_user("rita.assessor@nwadass.example", Role.RISK_ASSESSOR)


@pytest.fixture
def board_member(db: None) -> User:
    return make_user("bob.board@nwadass.example", Role.BOARD_MEMBER)


@pytest.fixture
def regional_admin(db: None) -> User:
    return make_user("alex.admin@nwadass.example", Role.REGIONAL_ADMIN, is_staff=True)


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def make_period(
    year: int, quarter: int, *, today: datetime.date | None = None, open_now: bool = True
) -> Period:
    """A quarter whose return window is open today (or closed, with ``open_now=False``)."""
    today = today or datetime.date.today()
    if open_now:
        opens, deadline, closes = (
            today - datetime.timedelta(days=20),
            today + datetime.timedelta(days=10),
            today + datetime.timedelta(days=40),
        )
    else:
        opens, deadline, closes = (
            today - datetime.timedelta(days=200),
            today - datetime.timedelta(days=150),
            today - datetime.timedelta(days=100),
        )
    period, _ = Period.objects.get_or_create(
        year=year,
        quarter=quarter,
        defaults={"opens_on": opens, "deadline": deadline, "closes_on": closes},
    )
    return period


@pytest.fixture
def open_period(db: None) -> Period:
    return make_period(2024, 1)


def committed() -> Any:
    """Run on-commit callbacks (task enqueues) when the block ends, as a real commit would.
    Tests run inside a transaction that is never committed, so this stands in for the commit."""
    return TestCase.captureOnCommitCallbacks(execute=True)


CLOSED_PORT = "redis://127.0.0.1:6390/0"
"""A broker address nothing listens on."""


@contextmanager
def broker_at(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tasks go to the broker at ``url`` rather than run in-process (Celery reads
    CELERY_BROKER_URL from the environment before its own settings)."""
    from sli_portal.celery import app

    def use(broker: str) -> None:
        app.conf.broker_url = broker
        # Messages go through pooled connections: a new pool reaches the broker now named.
        app._pool = None
        app.amqp._producer_pool = None

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    use(url)
    with monkeypatch.context() as patched:
        patched.setenv("CELERY_BROKER_URL", url)
        try:
            yield
        finally:
            app.conf.task_always_eager = previous[0]
            use(previous[1])


@pytest.fixture
def broker_down(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing listens on the broker's port."""
    settings.BROKER_CHECK_TIMEOUT = 1.0
    with broker_at(CLOSED_PORT, monkeypatch):
        yield


def worker_on(queue: str) -> Any:
    """A Celery worker in this process (one thread) taking jobs from ``queue`` only, for the
    tests that drive a real worker (marked ``celery_worker``); use it as a context manager."""
    from celery.contrib.testing.worker import start_worker

    from sli_portal.celery import app

    return start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=10,
        queues=[queue],
    )


@pytest.fixture(autouse=True)
def _tasks_in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run Celery tasks in-process, except in tests marked ``celery_worker``."""
    from sli_portal.celery import app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def load_reference_data() -> None:
    councils_load()
    comparator_groups_load()
    measures_load()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Transactional tests (real workers, the live server) flush every table when they end, so
    each reloads the councils and measures it needs. pytest-django runs them after the rest."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    if not Council.objects.exists():
        load_reference_data()
