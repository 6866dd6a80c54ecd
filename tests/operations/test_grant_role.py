"""grant_role: how the first regional administrator (and anyone else) gets a role."""

import pytest
from django.core.management import CommandError, call_command

from accounts import access
from accounts.models import Membership, Role, User


@pytest.fixture
def person(db: None) -> User:
    return User.objects.create_user(username="ann@example.org", email="Ann@example.org")


def test_without_commit_nothing_is_granted(person, capsys) -> None:
    call_command("grant_role", "ann@example.org", "regional_admin")

    assert "Would grant Ann@example.org: Regional administrator" in capsys.readouterr().out
    assert not Membership.objects.filter(user=person).exists()


def test_granting_the_regional_administrator_role_opens_the_audit_log(person, capsys) -> None:
    call_command("grant_role", "ANN@example.org", "regional_admin", "--commit")
    call_command("grant_role", "ann@example.org", "regional_admin", "--commit")

    out = capsys.readouterr().out
    assert "Granted Ann@example.org: Regional administrator for the North West region." in out
    assert "Already held" in out
    assert Membership.objects.filter(user=person, role=Role.REGIONAL_ADMIN).count() == 1
    assert access.can_view_audit_log(User.objects.get(pk=person.pk))


def test_a_council_role_is_granted_for_the_council_named(person, wirral) -> None:
    call_command(
        "grant_role", "ann@example.org", "performance_lead", "--council", "e08000015", "--commit"
    )

    assert Membership.objects.get(user=person).council == wirral


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nobody@example.org", "regional_admin"], "No one has the e-mail address"),
        (["ann@example.org", "chief"], "'chief' is not a role"),
        (["ann@example.org", "director"], "needs --council"),
        (["ann@example.org", "director", "--council", "X99"], "No council has the ONS code X99"),
        (["ann@example.org", "board_member", "--council", "E08000015"], "leave out --council"),
    ],
)
def test_a_request_that_cannot_be_granted_is_explained(person, arguments, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *arguments, "--commit")
    assert not Membership.objects.filter(user=person).exists()
