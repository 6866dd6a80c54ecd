"""The open data page and the navigation item that leads to it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", [None, "wirral_lead", "planning_group_member", "board_member"])
def test_open_data_is_linked_from_everyones_home_page(persona, client_for, request):
    user = request.getfixturevalue(persona) if persona else None
    html = client_for(user).get(reverse("pages:home")).content.decode()
    assert f'href="{reverse("opendata:index")}"' in html
    assert "open data" in html.lower()


def test_the_page_links_every_download_and_endpoint_and_states_the_licence(client_for):
    response = client_for(None).get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("opendata:ratings_download", "opendata:measure_values_download"):
        for fmt in ("csv", "xlsx"):
            assert reverse(name, args=[fmt]) in html
    for name in (
        "opendata:api_councils",
        "opendata:api_measures",
        "opendata:api_measure_values",
        "opendata:api_ratings",
        "opendata:schema",
        "opendata:api_docs",
    ):
        assert reverse(name) in html
    assert "Open Government Licence v3.0" in html
    assert "NHS England, Adult Social Care Outcomes Framework (ASCOF)" in html
    assert "Office for Local Government (Oflog)" in html
    assert "style=" not in html
    assert 'aria-current="page"' in html


def test_the_page_answers_only_get(client_for, sefton_lead):
    assert client_for(sefton_lead).post(reverse("opendata:index")).status_code == 405
