"""The regional administrator's pages: opening and closing quarters and setting their dates,
inviting people and giving or removing roles, each e-mailed and in the audit log; bad input
explained with nothing stored."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from authorities.models import Council
from notifications.models import Kind, Notification
from returns.models import Period
from returns.services import period_ensure
from sli_portal.financial_years import quarter_of

pytestmark = pytest.mark.django_db
QUARTERS = reverse("operations:quarters")
OPEN = reverse("operations:quarter_open")
PEOPLE = reverse("operations:people")
INVITE = reverse("operations:invite")


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def person_url(user: User) -> str:
    return reverse("operations:person", kwargs={"pk": user.pk})


@pytest.fixture
def admin_client(client_for: Callable[[User | None], Client], regional_admin: User) -> Client:
    return client_for(regional_admin)


def test_the_administrator_opens_a_closed_quarter_and_it_is_in_the_audit_log(
    admin_client: Client, regional_admin: User
) -> None:
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    earlier = Period(year=year - 1, quarter=quarter).slug
    response = admin_client.post(OPEN, {"quarter": earlier}, follow=True)
    period = Period.objects.get(year=year - 1, quarter=quarter)
    assert period.is_open(today)
    assert period.closes_on >= today + datetime.timedelta(days=14)
    assert f"{period.label} is open for returns" in response.content.decode()
    record = period.history.latest()
    assert record.history_user == regional_admin
    changes = admin_client.get(reverse("operations:change_log"), {"model": "returns.Period"})
    assert changes.context["page"].object_list[0].user == regional_admin


def test_opening_needs_a_quarter_that_has_begun_and_is_not_open(admin_client: Client) -> None:
    response = admin_client.post(OPEN, {})
    assert response.status_code == 400
    assert "Choose the quarter to open" in response.content.decode()
    future = Period(year=quarter_of(timezone.localdate())[0] + 1, quarter=1).slug
    response = admin_client.post(OPEN, {"quarter": future})
    assert response.status_code == 400
    assert "Choose one of the quarters listed" in response.content.decode()
    assert not Period.objects.exists()


def test_a_quarter_already_open_is_not_opened_again(admin_client: Client) -> None:
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    admin_client.post(OPEN, {"quarter": Period(year=year - 1, quarter=quarter).slug})
    before = Period.objects.get()
    response = admin_client.post(OPEN, {"quarter": before.slug})
    assert response.status_code == 400
    assert f"{before.label} is already open for returns" in response.content.decode()
    assert Period.objects.get().history.count() == before.history.count()


def test_the_administrator_closes_an_open_quarter(admin_client: Client) -> None:
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    admin_client.post(OPEN, {"quarter": Period(year=year - 1, quarter=quarter).slug})
    period = Period.objects.get()
    url = reverse("operations:quarter_close", kwargs={"slug": period.slug})
    response = admin_client.post(url, follow=True)
    period.refresh_from_db()
    assert not period.is_open(today)
    assert period.closes_on == today - datetime.timedelta(days=1)
    assert f"{period.label} is closed" in response.content.decode()
    again = admin_client.post(url, follow=True)
    assert f"{period.label} is not open for returns" in again.content.decode()


def test_the_administrator_sets_a_quarters_dates(admin_client: Client) -> None:
    period = period_ensure(year=2025, quarter=2)
    url = reverse("operations:quarter", kwargs={"slug": period.slug})
    data = {
        **date_fields("opens_on", datetime.date(2025, 10, 1)),
        **date_fields("deadline", datetime.date(2025, 11, 20)),
        **date_fields("closes_on", datetime.date(2025, 12, 31)),
    }
    assert admin_client.post(url, data).status_code == 302
    period.refresh_from_db()
    assert period.deadline == datetime.date(2025, 11, 20)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            date_fields("deadline", datetime.date(2025, 9, 1)),
            "The deadline must be the same as or after the day uploads open",
        ),
        (
            date_fields("closes_on", datetime.date(2025, 10, 2)),
            "The day uploads close must be the same as or after the deadline",
        ),
        (
            {"deadline_0": "31", "deadline_1": "2", "deadline_2": "2025"},
            "The deadline must be a real date",
        ),
        ({"opens_on_0": "", "opens_on_1": "", "opens_on_2": ""}, "Enter the day uploads open"),
    ],
)
def test_bad_dates_are_explained_and_nothing_is_stored(
    admin_client: Client, change: dict[str, str], message: str
) -> None:
    period = period_ensure(year=2025, quarter=2)
    before = (period.opens_on, period.deadline, period.closes_on)
    data = {
        **date_fields("opens_on", datetime.date(2025, 10, 1)),
        **date_fields("deadline", datetime.date(2025, 11, 20)),
        **date_fields("closes_on", datetime.date(2025, 12, 31)),
        **change,
    }
    url = reverse("operations:quarter", kwargs={"slug": period.slug})
    response = admin_client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    period.refresh_from_db()
    assert (period.opens_on, period.deadline, period.closes_on) == before


def test_an_unknown_quarter_is_404(admin_client: Client) -> None:
    for slug in ("2019-20-Q1", "nonsense"):
        assert (
            admin_client.get(reverse("operations:quarter", kwargs={"slug": slug})).status_code
            == 404
        )


def _invite(**overrides: Any) -> dict[str, Any]:
    return {
        "email": "New.Person@Wirral.example",
        "first_name": "Nia",
        "last_name": "Person",
        "role": Role.PERFORMANCE_LEAD,
        "council": "",
        **overrides,
    }


def test_the_administrator_invites_someone_who_is_emailed_and_audited(
    admin_client: Client,
    regional_admin: User,
    wirral: Council,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(INVITE, _invite(council=wirral.pk), follow=True)
    assert "Invitation sent to New.Person@wirral.example" in response.content.decode()
    person = User.objects.get(email__iexact="new.person@wirral.example")
    assert not person.has_usable_password()
    membership = person.memberships.get()
    assert (membership.role, membership.council) == (Role.PERFORMANCE_LEAD, wirral)
    assert membership.history.get().history_user == regional_admin
    (message,) = mailoutbox
    assert message.to == [person.email]
    assert "invited to the North West SLI Portal as council performance lead for Wirral" in (
        message.body
    )
    assert reverse("accounts:password_reset") in message.body
    assert Notification.objects.get().kind == Kind.ROLE_GIVEN


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not an address"}, "email", "Enter an e-mail address in the right format"),
        ({"first_name": ""}, "first_name", "Enter their first name"),
        ({"role": ""}, "role", "Choose a role"),
        ({"role": "emperor"}, "role", "Choose one of the roles listed"),
        ({}, "council", "Choose the council the council performance lead works for"),
        (
            {"role": Role.BOARD_MEMBER, "council": "WIRRAL"},
            "council",
            "Choose a council from the list",
        ),
        (
            {"email": "WENDY.LEAD@wirral.example"},
            "email",
            "Someone already has the address",
        ),
    ],
)
def test_a_bad_invitation_is_explained_and_nothing_is_stored(
    admin_client: Client,
    wirral_lead: User,
    mailoutbox: list[Any],
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    people = User.objects.count()
    response = admin_client.post(INVITE, _invite(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert User.objects.count() == people
    assert not mailoutbox


def test_a_regional_role_with_a_council_is_refused(admin_client: Client, wirral: Council) -> None:
    response = admin_client.post(INVITE, _invite(role=Role.BOARD_MEMBER, council=wirral.pk))
    assert response.status_code == 400
    assert "works for the whole region: leave the council empty" in response.content.decode()
    assert not User.objects.filter(email__iexact="new.person@wirral.example").exists()


def test_the_administrator_gives_and_removes_a_role(
    admin_client: Client,
    regional_admin: User,
    wirral_lead: User,
    sefton: Council,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            person_url(wirral_lead), {"role": Role.DIRECTOR, "council": sefton.pk}
        )
    assert response.status_code == 302
    given = Membership.objects.get(user=wirral_lead, role=Role.DIRECTOR)
    assert given.council == sefton
    (message,) = mailoutbox
    assert "given the role of council director (dass) or improvement lead for Sefton" in (
        message.body
    )
    again = admin_client.post(
        person_url(wirral_lead), {"role": Role.DIRECTOR, "council": sefton.pk}
    )
    assert again.status_code == 400
    assert "is already council director" in again.content.decode()
    remove = reverse(
        "operations:role_remove", kwargs={"pk": wirral_lead.pk, "membership_pk": given.pk}
    )
    response = admin_client.post(remove, follow=True)
    assert "is no longer council director" in response.content.decode()
    assert not Membership.objects.filter(pk=given.pk).exists()
    removed = Membership.history.filter(id=given.pk).latest()
    assert (removed.history_type, removed.history_user) == ("-", regional_admin)


def test_the_administrator_cannot_remove_their_own_administrator_role(
    admin_client: Client, regional_admin: User
) -> None:
    own = regional_admin.memberships.get(role=Role.REGIONAL_ADMIN)
    remove = reverse(
        "operations:role_remove", kwargs={"pk": regional_admin.pk, "membership_pk": own.pk}
    )
    response = admin_client.post(remove, follow=True)
    assert "You cannot remove your own administrator role" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_role_of_someone_else_is_404(
    admin_client: Client, wirral_lead: User, sefton_lead: User
) -> None:
    theirs = sefton_lead.memberships.get()
    remove = reverse(
        "operations:role_remove", kwargs={"pk": wirral_lead.pk, "membership_pk": theirs.pk}
    )
    assert admin_client.post(remove).status_code == 404


@pytest.mark.parametrize("people", [3, 30])
def test_the_people_and_quarters_pages_take_a_fixed_number_of_queries(
    admin_client: Client, wirral: Council, django_assert_max_num_queries: Any, people: int
) -> None:
    for n in range(people):
        user = User.objects.create_user(username=f"p{n}@x.example", email=f"p{n}@x.example")
        Membership.objects.create(user=user, role=Role.PERFORMANCE_LEAD, council=wirral)
    for n in range(people // 3):
        period_ensure(year=2015 + n, quarter=1)
    with django_assert_max_num_queries(12):
        response = admin_client.get(PEOPLE)
    assert response.content.decode().count("Council performance lead (Wirral)") == people
    with django_assert_max_num_queries(12):
        assert admin_client.get(QUARTERS).status_code == 200
    with django_assert_max_num_queries(12):
        assert admin_client.get(person_url(user)).status_code == 200
