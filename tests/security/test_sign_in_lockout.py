"""After AXES_FAILURE_LIMIT wrong passwords an account is locked, and the page says for how long
and whom to ask."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    client, wirral_lead, settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, wirral_lead.email, "wrong").status_code == 200
    locked = _sign_in(client, wirral_lead.email, "wrong")
    assert locked.status_code == 429
    right = _sign_in(client, wirral_lead.email, PASSWORD)
    assert right.status_code == 429
    html = right.content.decode()
    assert "Your account is locked" in html
    assert "you cannot sign in for 30 minutes" in html
    assert settings.SIGN_IN_HELP_CONTACT in html
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_resets_the_count(client, wirral_lead, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, wirral_lead.email, "wrong")
    assert _sign_in(client, wirral_lead.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, wirral_lead.email, "wrong").status_code == 200
    assert _sign_in(client, wirral_lead.email, PASSWORD).status_code == 302


def test_another_person_is_not_locked_out(client, wirral_lead, sefton_lead, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, wirral_lead.email, "wrong")
    assert _sign_in(client, wirral_lead.email, PASSWORD).status_code == 429
    assert _sign_in(client, sefton_lead.email, PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, wirral_lead, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, wirral_lead.email, "wrong")
    # Move the failures back in time past the cool-off.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time")
        - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    )
    assert _sign_in(client, wirral_lead.email, PASSWORD).status_code == 302
