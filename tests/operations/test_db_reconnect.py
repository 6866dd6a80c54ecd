"""A PostgreSQL connection dropped in the middle of a request gives that request the error page
(not a hang), and the next request is served on a fresh connection; one dropped between requests
is noticed by the health check and replaced before the page runs.

Requests go through Django's WSGI handler as a web server calls it (the test client would keep
its own connection handling out of the way), with persistent connections on."""

import time
from collections.abc import Callable, Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL) to terminate a backend",
    ),
]

PAGE = "/returns/"


@pytest.fixture
def persistent_connections() -> Iterator[None]:
    """CONN_MAX_AGE > 0 as in production, with the health checks the settings turn on."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    previous = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 600
    connection.close()
    yield
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = previous


@pytest.fixture
def get(client_for: Any, wirral_lead: Any) -> Callable[[], tuple[int, str]]:
    """GET the returns list as the signed-in performance lead, through a real WSGI handler."""
    cookie = client_for(wirral_lead).cookies[settings.SESSION_COOKIE_NAME].value
    handler = WSGIHandler()

    def request() -> tuple[int, str]:
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ.update(
            {
                "PATH_INFO": PAGE,
                "REQUEST_METHOD": "GET",
                "HTTP_HOST": "testserver",
                "SERVER_NAME": "testserver",
                "wsgi.url_scheme": "https",
                "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={cookie}",
            }
        )
        statuses: list[str] = []
        result = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            body = b"".join(result)
        finally:
            result.close()  # sends request_finished, as a WSGI server does
        return int(statuses[0].split()[0]), body.decode()

    return request


def backend_pid() -> int:
    connection.ensure_connection()
    return connection.connection.get_backend_pid()


def terminate(pid: int) -> None:
    """End ``pid``'s session from another connection and wait until it is gone."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone() is None:
                    return
                time.sleep(0.05)
        raise AssertionError(f"backend {pid} still running")
    finally:
        other.close()


@pytest.fixture
def drop_during_request() -> Iterator[list[int]]:
    """Terminate the request's connection after its first query (this receiver is connected
    after Django's close_old_connections). The first query of a request runs the health check;
    later ones trust the connection, so the drop reaches the page as an error."""
    dropped: list[int] = []

    def drop(**kwargs: Any) -> None:
        if not dropped:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                dropped.append(cursor.fetchone()[0])
            terminate(dropped[0])

    request_started.connect(drop, dispatch_uid="test-drop-connection")
    yield dropped
    request_started.disconnect(dispatch_uid="test-drop-connection")


def test_a_connection_dropped_mid_request_is_replaced_on_the_next(
    persistent_connections: None, get: Callable[[], tuple[int, str]], drop_during_request: list
) -> None:
    began = time.monotonic()
    status, body = get()
    assert status == 500
    assert "Sorry, there is a problem with the service" in body
    assert time.monotonic() - began < 10
    assert drop_during_request  # the drop happened in that request

    status, body = get()
    assert status == 200
    assert "Quarterly returns" in body
    assert backend_pid() != drop_during_request[0]


def test_a_connection_dropped_between_requests_is_replaced_before_the_page_runs(
    persistent_connections: None, get: Callable[[], tuple[int, str]]
) -> None:
    status, _ = get()
    assert status == 200
    assert connection.connection is not None  # persistent: kept for the next request
    kept = backend_pid()
    terminate(kept)

    status, body = get()
    assert status == 200
    assert "Quarterly returns" in body
    assert backend_pid() != kept
