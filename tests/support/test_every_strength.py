"""The administrator's list of every council's directory entries, in every state, filterable
by council and state; nobody else may open it; a fixed number of queries whatever the number
of councils and entries."""

import pytest
from django.urls import reverse

from authorities.models import Council
from support.models import StrengthEntry

pytestmark = pytest.mark.django_db

URL = reverse("support:every_strength")


def entry(council: Council, by, topic: str, status: str = "draft") -> StrengthEntry:
    return StrengthEntry.objects.create(
        council=council,
        topic=topic,
        description="What works.",
        contact_role="Head of Service",
        status=status,
        created_by=by,
    )


@pytest.fixture
def entries(wirral, sefton, wirral_lead, sefton_lead) -> dict[str, StrengthEntry]:
    return {
        "draft": entry(wirral, wirral_lead, "Wirral draft"),
        "published": entry(sefton, sefton_lead, "Sefton published", "published"),
        "archived": entry(wirral, wirral_lead, "Wirral archived", "archived"),
    }


def page(client, **query: str) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_administrator_sees_every_councils_entries_in_every_state(
    client_for, regional_admin, entries
):
    html = page(client_for(regional_admin))
    for topic in ("Wirral draft", "Sefton published", "Wirral archived"):
        assert topic in html
    assert ">Draft<" in html
    assert ">Published, not endorsed<" in html
    assert ">Archived<" in html
    assert "3 entries, by council" in html
    assert reverse("support:strength", args=[entries["draft"].pk]) in html
    assert reverse("support:council_strengths", args=["wirral"]) in html


def test_entries_are_filtered_by_council_and_by_state(client_for, regional_admin, entries):
    client = client_for(regional_admin)
    wirral = page(client, council="wirral")
    assert "Wirral draft" in wirral
    assert "Wirral archived" in wirral
    assert "Sefton published" not in wirral
    drafts = page(client, status="draft")
    assert "Wirral draft" in drafts
    assert "Wirral archived" not in drafts
    assert "Sefton published" not in drafts
    both = page(client, council="wirral", status="archived")
    assert "1 entry matching your choice" in both
    assert "Wirral archived" in both
    assert "Wirral draft" not in both
    assert "No entries match your choice." in page(client, council="sefton", status="draft")


def test_an_unknown_filter_value_is_ignored(client_for, regional_admin, entries):
    html = page(client_for(regional_admin), council="atlantis", status="lost")
    assert "3 entries" in html


@pytest.mark.parametrize(
    "persona", ["wirral_lead", "wirral_director", "planning_group_member", "board_member"]
)
def test_other_roles_may_not_open_it(persona, request, client_for, entries):
    response = client_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_post_is_refused(client_for, regional_admin):
    assert client_for(regional_admin).post(URL).status_code == 405


def test_linked_from_the_administration_page_and_the_directory(client_for, regional_admin):
    client = client_for(regional_admin)
    assert URL in client.get(reverse("operations:administration")).content.decode()
    assert URL in client.get(reverse("support:directory")).content.decode()


def test_the_directory_does_not_offer_it_to_others(client_for, planning_group_member):
    html = client_for(planning_group_member).get(reverse("support:directory")).content.decode()
    assert URL not in html


@pytest.mark.parametrize("scale", [1, 4])
def test_a_fixed_number_of_queries(
    scale, client_for, regional_admin, wirral_lead, django_assert_max_num_queries
):
    for council in Council.objects.order_by("pk")[: 6 * scale]:
        for status in ("draft", "published", "archived"):
            entry(council, wirral_lead, f"{council.name} {status}", status)
    client = client_for(regional_admin)
    with django_assert_max_num_queries(8):
        html = page(client)
    assert f"{18 * scale} entries" in html
