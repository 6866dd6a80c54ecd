"""The 403 page tells each person whom to ask: a council director their performance lead or
the regional administrator; everyone else the regional administrator, never "your council's
performance lead" for someone who has no council."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import access

pytestmark = pytest.mark.django_db

ADMIN = "If you think you should have access, ask the regional administrator at"
COUNCIL = "ask your council's performance lead, or the regional administrator at"


@pytest.mark.parametrize("persona", ["board_member", "risk_assessor", "wirral_lead"])
def test_regional_roles_and_leads_are_told_to_ask_the_regional_administrator(
    client_for, request, persona
):
    response = client_for(request.getfixturevalue(persona)).get(reverse("reports:generate"))
    assert response.status_code == 403
    html = response.content.decode()
    assert ADMIN in html
    assert f'href="mailto:{settings.SIGN_IN_HELP_CONTACT}"' in html
    assert "council's performance lead" not in html


def test_a_director_is_told_to_ask_their_performance_lead_or_the_administrator(
    client_for, wirral_director
):
    response = client_for(wirral_director).get(reverse("reports:generate"))
    assert response.status_code == 403
    assert COUNCIL in response.content.decode()


def test_the_regional_administrator_is_told_the_page_is_another_roles(regional_admin):
    assert access.who_grants_access(regional_admin) == "self"
