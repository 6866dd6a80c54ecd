"""The Django admin's people: adding someone asks for the e-mail address they sign in with,
and a history page names choices and related records in words, not stored values."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Role, User
from authorities.models import Council
from returns.services import period_ensure
from sli_portal.history import set_history_user

pytestmark = pytest.mark.django_db
ADD = reverse("admin:accounts_user_add")


@pytest.fixture
def superuser_client() -> Client:
    admin = User.objects.create_superuser(
        username="root@nwadass.example", email="root@nwadass.example", password="x"
    )
    client = Client()
    client.force_login(admin)
    return client


def _person(**overrides: Any) -> dict[str, Any]:
    return {
        "email": "Priya.Patel@Sefton.example",
        "first_name": "Priya",
        "last_name": "Patel",
        "usable_password": "false",
        "_save": "Save",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **overrides,
    }


def test_adding_a_person_asks_for_their_address_and_names_them_by_it(
    superuser_client: Client,
) -> None:
    form = superuser_client.get(ADD).content.decode()
    assert 'name="email"' in form
    assert 'name="username"' not in form
    response = superuser_client.post(ADD, _person(), follow=True)
    person = User.objects.get(email="Priya.Patel@sefton.example")
    assert person.username == person.email
    assert not person.has_usable_password()
    html = response.content.decode()
    assert "Priya Patel" in html
    assert "The user “” was added" not in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": ""}, "This field is required."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"email": "ROOT@nwadass.example"}, "Someone already has this e-mail address"),
    ],
)
def test_a_person_without_a_usable_address_is_not_added(
    superuser_client: Client, overrides: dict[str, Any], message: str
) -> None:
    people = User.objects.count()
    response = superuser_client.post(ADD, _person(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == people


def test_a_history_page_shows_labels_not_stored_values(
    superuser_client: Client, wirral: Council, sefton: Council
) -> None:
    user = User.objects.create_user(username="h@x.example", email="h@x.example")
    membership = Membership(user=user, role=Role.PERFORMANCE_LEAD, council=wirral)
    membership.save()
    membership.role = Role.DIRECTOR
    membership.council = sefton
    set_history_user(membership, None)
    membership.save()
    url = reverse("admin:accounts_membership_history", args=[membership.pk])
    html = superuser_client.get(url).content.decode()
    assert "Council director (DASS) or improvement lead" in html
    assert "Council performance lead" in html
    assert "Sefton" in html
    assert "performance_lead" not in html.replace('value="performance_lead"', "")
    period = period_ensure(year=2025, quarter=1)
    period.deadline = period.closes_on
    period.save()
    history = reverse("admin:returns_period_history", args=[period.pk])
    assert superuser_client.get(history).status_code == 200
