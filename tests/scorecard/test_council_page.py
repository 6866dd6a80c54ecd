"""The council page: a council's accepted figures beside NW and England, ranks for signed-in
users only, the direction of improvement in words, and Cumbria's series shown as a break."""

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure
from scorecard.comparators import comparators_recompute
from tests.factories import accepted_returns, periods

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(regional_admin):
    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on))
    accepted_returns(councils, history, list(Measure.objects.in_return()), regional_admin)
    for period in history:
        comparators_recompute(period=period)
    return history


def test_public_page_shows_bands_and_comparators_but_no_ranks(figures, client_for):
    html = client_for(None).get(reverse("scorecard:council", args=["wirral"])).content.decode()
    assert "Wirral: 2023/24 Q4" in html
    assert "North West average" not in html  # a mean is never called the NW figure
    assert "North West median of councils’ returns" in html
    assert "Published North West figure" in html
    assert "Published England figure" in html
    assert "Median of metropolitan districts (same type)" in html
    assert "CIPFA nearest neighbours’ median (excluding Wirral)" in html
    assert "In the" in html
    assert "quarter of NW values" in html
    assert "ranked" not in html
    assert "A lower value is better." in html
    assert "No direction of improvement has been declared for this measure." in html
    assert "Trend as a table" in html


def test_signed_in_users_see_ranks(figures, client_for, sefton_lead):
    html = (
        client_for(sefton_lead).get(reverse("scorecard:council", args=["wirral"])).content.decode()
    )
    assert "ranked" in html
    assert "(1 = best)" in html


def test_a_quarter_can_be_chosen_and_a_bad_one_is_404(figures, client_for):
    client = client_for(None)
    assert (
        "2023/24 Q2"
        in client.get(
            reverse("scorecard:council", args=["wirral"]), {"period": "2023-24-Q2"}
        ).content.decode()
    )
    assert (
        client.get(
            reverse("scorecard:council", args=["wirral"]), {"period": "nonsense"}
        ).status_code
        == 404
    )


def test_cumbria_is_shown_as_a_break_not_joined(client_for):
    cumbria = client_for(None).get(reverse("scorecard:council", args=["cumbria"])).content.decode()
    assert "Its series ends there and is not joined" in cumbria
    assert reverse("scorecard:council", args=["cumberland"]) in cumbria
    cumberland = (
        client_for(None).get(reverse("scorecard:council", args=["cumberland"])).content.decode()
    )
    assert "succeeding" in cumberland
    assert "Its series begins then" in cumberland


def test_demonstration_data_is_marked(figures, client_for):
    from returns.models import Return

    Return.objects.filter(council__slug="wirral").update(is_demonstration=True)
    html = client_for(None).get(reverse("scorecard:council", args=["wirral"])).content.decode()
    assert "Demonstration data" in html


def test_a_council_with_no_figures_says_so(client_for):
    html = client_for(None).get(reverse("scorecard:council", args=["wirral"])).content.decode()
    assert "There are no accepted figures yet for Wirral" in html
