"""Signing in and out, and resetting a forgotten password, in GOV.UK style."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
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


def _sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_the_address_may_be_typed_in_any_capitals_as_for_a_password_reset(client, wirral_lead):
    """The address is matched as the password reset matches it: capitals make no difference
    (the password's do)."""
    typed = "Wendy.Lead@WIRRAL.example"

    assert _sign_in(client, typed).status_code == 302
    assert client.get(reverse("pages:home")).context["user"] == wirral_lead
    client.post(reverse("accounts:logout"))
    assert _sign_in(client, typed, PASSWORD.upper()).status_code == 200
    assert client.post(reverse("accounts:password_reset"), {"email": typed}).status_code == 302
    assert [message.to for message in mail.outbox] == [[wirral_lead.email]]


def test_an_account_signs_in_with_its_address_whatever_its_username(client, db):
    """createsuperuser asks for a username and an address separately; the form asks for the
    address, and the username is not a way in."""
    admin = User.objects.create_superuser(
        username="admin", email="admin@example.org", password=PASSWORD
    )

    assert _sign_in(client, "admin", PASSWORD).status_code == 200
    assert _sign_in(client, "ADMIN@example.org").status_code == 302
    assert client.get(reverse("pages:home")).context["user"] == admin


def test_an_address_that_is_someone_elses_username_signs_in_its_owner_only(client, db):
    User.objects.create_user(
        username="ann@example.org", email="ann.smith@example.org", password="anns-own-password"
    )
    owner = User.objects.create_user(
        username="a.n.other", email="ann@example.org", password=PASSWORD
    )

    assert _sign_in(client, "ann@example.org", "anns-own-password").status_code == 200
    assert _sign_in(client, "ann@example.org").status_code == 302
    assert client.get(reverse("pages:home")).context["user"] == owner


def test_a_second_account_for_an_address_in_other_capitals_is_refused(wirral_lead):
    with pytest.raises(ValidationError, match="Someone already has this e-mail address"):
        User.objects.create_user(username="wendy", email="WENDY.LEAD@wirral.example")

    twin = User(username="wendy", email="Wendy.Lead@Wirral.example")
    with pytest.raises(ValidationError, match="Someone already has this e-mail address"):
        twin.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        twin.save()
    assert User.objects.filter(email__iexact=wirral_lead.email).count() == 1


def test_changing_the_capitals_of_the_address_earns_no_more_tries(client, wirral_lead, settings):
    variants = [
        "wendy.lead@wirral.example",
        "Wendy.Lead@wirral.example",
        "WENDY.LEAD@wirral.example",
    ]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, variants[attempt % len(variants)], "wrong")

    assert _sign_in(client, "wEnDy.lead@wirral.example").status_code == 429
    assert "_auth_user_id" not in client.session
