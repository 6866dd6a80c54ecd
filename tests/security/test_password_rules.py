"""Choosing a new password: short, common or all-digit passwords are refused, saying why."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def choose_page(client, wirral_lead):
    client.post(reverse("accounts:password_reset"), {"email": wirral_lead.email})
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    return page.redirect_chain[-1][0]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short1pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("739104628351", "This password is entirely numeric."),
    ],
)
def test_a_weak_password_is_refused_with_a_clear_message(
    client, wirral_lead, choose_page, password, message
) -> None:
    response = client.post(choose_page, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    wirral_lead.refresh_from_db()
    assert wirral_lead.check_password(PASSWORD)


def test_a_strong_password_is_taken(client, wirral_lead, choose_page) -> None:
    new = "a-much-longer-new-password-2026"
    response = client.post(choose_page, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    wirral_lead.refresh_from_db()
    assert wirral_lead.check_password(new)
