"""The first regional administrator, made each way the README offers, signs in through the
form with their e-mail address and sees what an administrator sees."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db

ADDRESS = "admin@example.org"
STRONG = "a-long-enough-admin-password-2026"


class Terminal(io.StringIO):
    """Standard input as a person at a terminal has it."""

    def isatty(self) -> bool:
        return True


def _answers(monkeypatch: pytest.MonkeyPatch, *typed: str) -> list[str]:
    """Type these at the password prompts, in order; returns the prompts shown."""
    queue, shown = list(typed), []

    def getpass(prompt: str = "Password: ") -> str:
        shown.append(prompt)
        return queue.pop(0)

    monkeypatch.setattr("getpass.getpass", getpass)
    return shown


def _signs_in_as_administrator(email: str, password: str) -> User:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    assert response.status_code == 302, response.content.decode()
    assert client.get(reverse("operations:access_log")).status_code == 200
    return client.get(reverse("pages:home")).context["user"]


def test_create_admin_asks_for_the_password_and_the_administrator_signs_in(
    monkeypatch, capsys
) -> None:
    prompts = _answers(monkeypatch, STRONG, STRONG)

    call_command("create_admin", ADDRESS, "--commit", stdin=Terminal())

    assert prompts == ["Password: ", "Password (again): "]
    assert f"Created {ADDRESS}, the regional administrator" in capsys.readouterr().out
    user = _signs_in_as_administrator("Admin@Example.org", STRONG)
    assert user.email == ADDRESS
    assert user.is_staff
    assert user.is_superuser
    assert list(Membership.objects.filter(user=user).values_list("role", "council")) == [
        (Role.REGIONAL_ADMIN, None)
    ]


def test_create_admin_reads_the_password_from_the_environment_without_input(
    monkeypatch,
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command("create_admin", ADDRESS, "--no-input", "--commit")

    user = _signs_in_as_administrator(ADDRESS, STRONG)
    assert user.email == ADDRESS
    assert Membership.objects.filter(user=user, role=Role.REGIONAL_ADMIN).exists()


def test_createsuperuser_then_grant_role_also_makes_an_administrator_who_signs_in(
    monkeypatch,
) -> None:
    """Django's own command, with a username that is not the address, as an IT team may use
    it: the administrator still signs in with the address."""
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", ADDRESS)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command("createsuperuser", "--noinput")
    call_command("grant_role", ADDRESS, "regional_admin", "--commit")

    assert _signs_in_as_administrator(ADDRESS, STRONG).username == "admin"


def test_without_commit_nothing_is_created_and_no_password_is_asked(capsys) -> None:
    call_command("create_admin", ADDRESS)

    assert "Would create admin@example.org" in capsys.readouterr().out
    assert not User.objects.exists()


def test_different_or_weak_passwords_are_asked_again(monkeypatch, capsys) -> None:
    _answers(monkeypatch, STRONG, "something-else-entirely", "short", "short", STRONG, STRONG)

    call_command("create_admin", ADDRESS, "--commit", stdin=Terminal())

    errors = capsys.readouterr().err
    assert "The two passwords are different" in errors
    assert "This password is too short. It must contain at least 12 characters." in errors
    _signs_in_as_administrator(ADDRESS, STRONG)


@pytest.mark.parametrize(
    ("email", "arguments", "environment", "message"),
    [
        ("not-an-address", [], {}, "'not-an-address' is not an e-mail address"),
        (ADDRESS, ["--no-input"], {}, "read from DJANGO_SUPERUSER_PASSWORD, which is not set"),
        (ADDRESS, ["--no-input"], {"DJANGO_SUPERUSER_PASSWORD": "password"}, "too short"),
        (ADDRESS, [], {}, "There is no terminal to ask for the password"),
    ],
)
def test_a_request_that_cannot_be_done_is_explained_and_creates_nothing(
    monkeypatch, email, arguments, environment, message
) -> None:
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(CommandError, match=message):
        call_command("create_admin", email, *arguments, "--commit", stdin=io.StringIO())

    assert not User.objects.exists()


def test_an_address_that_has_an_account_in_any_capitals_is_refused(monkeypatch) -> None:
    User.objects.create_user(username="admin", email=ADDRESS, password=STRONG)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    with pytest.raises(CommandError, match=r"grant_role admin@example.org regional_admin"):
        call_command("create_admin", "ADMIN@example.org", "--no-input", "--commit")
    with pytest.raises(CommandError, match="Someone already has this e-mail address"):
        call_command("createsuperuser", "--noinput", username="boss", email="Admin@Example.ORG")

    assert User.objects.count() == 1
    assert not Membership.objects.exists()
