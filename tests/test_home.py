"""What each person finds on the home page: never an empty page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_lead_sees_their_councils_open_return(client_for, wirral_lead, open_period):
    html = client_for(wirral_lead).get(reverse("pages:home")).content.decode()
    assert "Your council" in html
    assert f"Return for {open_period.label}" in html
    assert reverse("returns:detail", args=["wirral", open_period.slug]) in html


def test_the_administrator_sees_the_regions_returns(client_for, regional_admin, open_period):
    html = client_for(regional_admin).get(reverse("pages:home")).content.decode()
    assert f"Returns for {open_period.label}" in html
    assert "24 councils" in html


def test_a_visitor_is_invited_to_sign_in(client_for):
    html = client_for(None).get(reverse("pages:home")).content.decode()
    assert "Browse the councils" in html
    assert reverse("accounts:login") in html


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("wirral_lead", ["Returns", "Completeness"], ["Administration"]),
        ("regional_admin", ["Returns", "Completeness", "Administration"], []),
        ("board_member", ["Council figures"], ["Returns<", "Completeness"]),
    ],
)
def test_navigation_follows_the_role(persona, expected, absent, client_for, request):
    client = client_for(request.getfixturevalue(persona))
    nav = [item.label for item in client.get(reverse("pages:home")).context["nav_items"]]
    for label in expected:
        assert label in nav
    for label in absent:
        assert label.rstrip("<") not in nav
