"""A session ends after SESSION_IDLE_MINUTES without a request; the last-seen time is written at
most once a minute, so an ordinary page does not save the session."""

import time

import pytest
from django.urls import reverse

import accounts.middleware
from accounts.middleware import LAST_SEEN_KEY
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved forward by hand."""

    class Clock:
        now = time.time()

        def forward(self, *, minutes: float) -> None:
            self.now += minutes * 60

    c = Clock()
    monkeypatch.setattr(accounts.middleware.time, "time", lambda: c.now)
    return c


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_idle_for_longer_than_the_limit_signs_out(client, wirral_lead, clock, settings) -> None:
    client.post(reverse("accounts:login"), {"username": wirral_lead.email, "password": PASSWORD})
    assert client.get(reverse("returns:list")).status_code == 200
    clock.forward(minutes=settings.SESSION_IDLE_MINUTES + 1)
    response = client.get(reverse("returns:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Freturns%2F"
    assert not _signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert (
        f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without activity"
        in page
    )
    # Said once only.
    again = client.get(reverse("accounts:login")).content.decode()
    assert "without activity" not in again


def test_activity_keeps_the_session(client_for, wirral_lead, clock, settings) -> None:
    client = client_for(wirral_lead)
    for _ in range(4):
        clock.forward(minutes=settings.SESSION_IDLE_MINUTES - 1)
        assert client.get(reverse("returns:list")).status_code == 200
    assert _signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client_for, wirral_lead, clock) -> None:
    client = client_for(wirral_lead)
    client.get(reverse("pages:home"))
    first = client.session[LAST_SEEN_KEY]
    clock.forward(minutes=0.5)
    client.get(reverse("pages:home"))
    assert client.session[LAST_SEEN_KEY] == first
    clock.forward(minutes=0.6)
    client.get(reverse("pages:home"))
    assert client.session[LAST_SEEN_KEY] > first


def test_a_page_soon_after_the_last_saves_no_session(client_for, wirral_lead, clock) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(wirral_lead)
    client.get(reverse("pages:home"))
    clock.forward(minutes=0.5)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("pages:home"))
    writes = [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]
    assert writes == []


def test_anonymous_visitors_are_untouched(client, clock) -> None:
    clock.forward(minutes=600)
    assert client.get(reverse("pages:home")).status_code == 200
    assert LAST_SEEN_KEY not in client.session
