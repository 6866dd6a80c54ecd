"""One service navigation per role, with only what that role uses, short enough for one row."""

import pytest
from django.urls import reverse

from accounts.models import Role
from pages.navigation import ANONYMOUS, MAX_ITEMS, NAVIGATION

pytestmark = pytest.mark.django_db


def test_every_role_has_a_menu_of_at_most_six_items() -> None:
    assert set(NAVIGATION) == {ANONYMOUS, *Role}
    for role, links in NAVIGATION.items():
        assert 0 < len(links) <= MAX_ITEMS, role
        assert len({link.label for link in links}) == len(links), role
        for link in links:
            reverse(link.url_name)


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        (None, ["Scorecard", "Open data"], ["Returns", "Your council", "Audit log"]),
        ("wirral_lead", ["Your council", "Returns"], ["Review", "Audit log"]),
        ("wirral_director", ["Your council", "Self-assessment"], ["Review", "Audit log"]),
        ("planning_group_member", ["Review", "Regional Account"], ["Your council", "Audit log"]),
        ("risk_assessor", ["Self-checks", "Concerns"], ["Review", "Your council", "Audit log"]),
        ("board_member", ["Regional Account", "Board summary"], ["Returns", "Review"]),
        ("regional_admin", ["Audit log", "Review", "Returns"], ["Your council"]),
    ],
)
def test_the_menu_follows_the_role(persona, expected, absent, client_for, request) -> None:
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get(reverse("pages:home"))
    labels = [item.label for item in response.context["nav_items"]]
    assert set(expected) <= set(labels)
    assert not set(absent) & set(labels)


def test_the_current_section_is_marked(client_for, wirral_lead) -> None:
    response = client_for(wirral_lead).get(reverse("returns:list"))
    active = [item.label for item in response.context["nav_items"] if item.active]
    assert active == ["Returns"]
    assert 'aria-current="page"' in response.content.decode()
