"""The council page starts with the answer: one table of every measure in the return, the
council's figure with its unit beside each comparator named for its statistic, the band and
the direction of travel in words, above the measure-by-measure sections."""

import re

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure, Return
from scorecard.comparators import comparators_recompute
from scorecard.models import CouncilPosition
from scorecard.selectors.comparators import figure_comparators
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


def council_page(client_for, user=None) -> str:
    response = client_for(user).get(reverse("scorecard:council", args=["wirral"]))
    assert response.status_code == 200
    return response.content.decode()


def summary_of(html: str) -> str:
    start = html.index("data-summary-table")
    return html[start : html.index("</table>", start)]


def test_the_summary_comes_before_the_measure_sections(figures, client_for):
    html = council_page(client_for)
    first_section = html.index('class="govuk-heading-m" id="measure-')
    assert html.index("Summary of every measure") < first_section
    assert html.index("data-summary-table") < first_section
    assert html.index("Each measure in detail") < first_section


def test_the_summary_has_a_row_for_every_measure_in_the_return(figures, client_for):
    summary = summary_of(council_page(client_for))
    codes = re.findall(r'data-measure="([^"]+)"', summary)
    expected = list(
        Measure.objects.in_return()
        .filter(benchmarks__period=figures[-1])
        .order_by("display_order", "code")
        .values_list("code", flat=True)
    )
    assert codes == expected
    assert len(codes) > 10


def test_each_comparator_is_headed_by_the_statistic_it_is(figures, client_for):
    summary = summary_of(council_page(client_for))
    wirral = Council.objects.get(slug="wirral")
    labels = [
        c.label
        for c in figure_comparators(
            council=wirral, benchmark=None, position=None, neighbours=None, period_label=""
        )
    ]
    assert "North West median of councils’ returns" in labels
    for label in labels:
        assert f">{label}</th>" in summary
    assert "Wirral (unit)" in summary
    assert "Band against the North West median" in summary
    assert "Direction of travel" in summary


def test_a_row_gives_the_value_with_its_unit_the_band_and_the_direction(figures, client_for):
    summary = summary_of(council_page(client_for))
    position = (
        CouncilPosition.objects.filter(
            council__slug="wirral", period=figures[-1], value__isnull=False
        )
        .select_related("measure")
        .exclude(band="")
        .first()
    )
    measure = position.measure
    row = summary.split(f'data-measure="{measure.code}"', 1)[1].split("</tr>", 1)[0]
    assert f">{measure.code}</a> {measure.name}</th>" in row
    unit = (measure.unit_label or measure.get_unit_display()).lower()
    assert f"({unit})" in row
    assert position.get_band_display() in row
    assert position.get_direction_display() in row
    assert f"councils’ accepted returns, {figures[-1].label}" in row


def test_demonstration_figures_are_labelled_in_the_summary(figures, client_for):
    Return.objects.filter(council__slug="wirral").update(is_demonstration=True)
    summary = summary_of(council_page(client_for))
    assert (
        "(demonstration figures generated from published annual ASCOF figures, or invented for "
        "the region’s own items, not submitted by the council)"
    ) in summary
    assert "(demonstration)</span>" in summary


def test_submitted_figures_are_not_labelled_as_demonstration(figures, client_for):
    summary = summary_of(council_page(client_for))
    assert "demonstration" not in summary


def test_the_summary_scrolls_in_its_own_labelled_region(figures, client_for):
    html = council_page(client_for)
    assert (
        '<div class="app-table-container" role="region" aria-labelledby="summary-caption" '
        'tabindex="0">' in html
    )
    assert 'id="summary-caption"' in html
