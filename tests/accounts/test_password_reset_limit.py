"""Password reset e-mails are limited per address (PASSWORD_RESET_RATE_LIMIT), counted in the
shared cache as the upload limit is; the page says the same whether or not one was sent."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _three_an_hour(settings) -> None:
    settings.PASSWORD_RESET_RATE_LIMIT = "3/h"


def _ask(client, email: str):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_eight_requests_for_one_address_send_three_emails(client, wirral_lead):
    answers = [_ask(client, wirral_lead.email) for _ in range(8)]
    assert [a.status_code for a in answers] == [302] * 8
    assert {a["Location"] for a in answers} == {reverse("accounts:password_reset_done")}
    assert [m.to for m in mail.outbox] == [[wirral_lead.email]] * 3


def test_capitals_do_not_make_a_new_address(client, wirral_lead):
    for typed in [wirral_lead.email, wirral_lead.email.upper(), wirral_lead.email.title()] * 2:
        _ask(client, typed)
    assert len(mail.outbox) == 3


def test_the_limit_is_per_address(client, wirral_lead, sefton_lead):
    for _ in range(4):
        _ask(client, wirral_lead.email)
    _ask(client, sefton_lead.email)
    assert [m.to for m in mail.outbox] == [[wirral_lead.email]] * 3 + [[sefton_lead.email]]


def test_the_sent_page_says_only_a_few_emails_are_sent(client):
    page = client.get(reverse("accounts:password_reset_done"))
    assert "We send only a few reset emails to one address in an hour." in page.content.decode()
