"""Every dot plot marks the reader's council: the council whose page they came from, else the
signed-in council user's own; by a ringed shape and its name in words, never by colour alone,
with the same council marked in the table that gives every figure."""

import re

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure, Polarity
from scorecard.comparators import comparators_recompute
from scorecard.templatetags.charts import strip_chart
from tests.factories import accepted_returns, periods

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(regional_admin) -> Measure:
    quarters = periods(2023, 2)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), regional_admin)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    return Measure.objects.in_return().filter(polarity=Polarity.HIGHER).first()


def measure_page(client_for, measure, user=None, **query: str) -> str:
    response = client_for(user).get(reverse("scorecard:measure", args=[measure.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def marked_rows(html: str) -> list[str]:
    body = html.split("<tbody", 1)[1]
    return re.findall(r">([^<>]+)</a> <strong data-highlighted>\(([^)]+)\)</strong>", body)


def test_the_council_the_reader_came_from_is_ringed_named_and_marked_in_the_table(
    measure, client_for
):
    html = measure_page(client_for, measure, council="sefton")
    svg = html[html.index('<svg class="app-strip-chart"') : html.index("</svg>")]
    assert svg.count('data-highlighted="true"') == 1
    assert ">Sefton: " in svg
    assert "Sefton (marked): " in svg
    assert marked_rows(html) == [("Sefton", "this council")]
    assert "The ringed dot named beneath the axis is Sefton (this council)." in html


def test_a_signed_in_council_user_sees_their_own_council_marked(measure, client_for, wirral_lead):
    html = measure_page(client_for, measure, wirral_lead)
    assert ">Wirral: " in html
    assert marked_rows(html) == [("Wirral", "your council")]


def test_the_page_they_came_from_wins_over_their_own_council(measure, client_for, wirral_lead):
    html = measure_page(client_for, measure, wirral_lead, council="sefton")
    assert marked_rows(html) == [("Sefton", "this council")]


def test_nothing_is_marked_for_a_public_reader_or_an_unknown_council(measure, client_for):
    for html in (
        measure_page(client_for, measure),
        measure_page(client_for, measure, council="atlantis"),
    ):
        assert "data-highlighted" not in html
        assert "ringed dot" not in html


def test_the_council_and_scorecard_pages_link_to_the_measure_with_their_council(
    measure, client_for
):
    html = client_for(None).get(reverse("scorecard:council", args=["wirral"])).content.decode()
    target = reverse("scorecard:measure", args=[measure.pk])
    assert f"{target}?period=" in html
    assert re.search(re.escape(target) + r"\?period=[^\"&]+&amp;council=wirral\"", html)


def test_the_ring_is_a_shape_with_an_outline_and_a_label_not_a_colour():
    svg = strip_chart(
        [("Bury", 10.0), ("Wirral", 20.0), ("Sefton", 30.0)], places=1, highlight="Wirral"
    )
    ring = svg.split('<g data-highlighted="true">', 1)[1].split("</g>", 1)[0]
    assert 'r="9"' in ring
    assert 'stroke="#0b0c0c" stroke-width="3"' in ring
    assert ">Wirral: 20.0</text>" in svg
    assert "Wirral (marked): 20.0." in svg
    plain = strip_chart([("Bury", 10.0), ("Wirral", 20.0)], places=1)
    assert "data-highlighted" not in plain
