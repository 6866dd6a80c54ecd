"""Signing in and out, and resetting a forgotten password, in GOV.UK style."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_and_password(client, wirral_lead):
    response = client.post(
        reverse("accounts:login"), {"username": wirral_lead.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("pages:home")).context["user"] == wirral_lead


def test_wrong_password_shows_an_error_summary(client, wirral_lead):
    response = client.post(
        reverse("accounts:login"), {"username": wirral_lead.email, "password": "wrong"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert "<title>Error: Sign in" in html


def test_empty_sign_in_asks_for_both(client):
    html = client.post(reverse("accounts:login"), {}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_sign_out_is_a_post(client_for, wirral_lead):
    client = client_for(wirral_lead)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("returns:list")).status_code == 302


def test_password_reset_sends_a_link_that_works(client, wirral_lead):
    response = client.post(reverse("accounts:password_reset"), {"email": wirral_lead.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Reset your North West SLI Portal password"
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "a-much-longer-new-password-2026"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    signed_in = client.post(
        reverse("accounts:login"), {"username": wirral_lead.email, "password": new}
    )
    assert signed_in.status_code == 302


def test_password_reset_for_an_unknown_address_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
