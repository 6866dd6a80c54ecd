"""The regional TEASC page: every council alphabetically with its counts by section and the
computed board sentence against the chosen comparator; one section's items with every council's
figures; demonstration figures labelled; a fixed number of queries at 24 and 153 councils."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from authorities.models import Council
from returns.models import Measure, Period, Return, TeascSection
from scorecard.comparators import comparators_recompute
from scorecard.models import TeascComparator
from scorecard.selectors.teasc_sections import teasc_by_section
from tests.factories import accepted_returns, generated_councils, periods

pytestmark = pytest.mark.django_db

URL = reverse("scorecard:teasc_overview")
# Session, user, memberships, the quarters, the councils, benchmarks, positions, measures.
QUERY_CEILING = 8


def _compared_region(by: User) -> Period:
    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on))
    accepted_returns(councils, history, list(Measure.objects.in_return()), by)
    comparators_recompute(period=history[-1])
    return history[-1]


@pytest.fixture
def compared(regional_admin: User) -> Period:
    return _compared_region(regional_admin)


def _active(period: Period) -> list[Council]:
    return list(Council.objects.active_between(period.starts_on, period.ends_on).order_by("name"))


def test_every_council_is_listed_alphabetically_with_its_board_sentence(
    compared: Period, client_for: Any, board_member: User
) -> None:
    response = client_for(board_member).get(URL)
    html = response.content.decode()
    councils = _active(compared)
    page = response.context["page"]
    assert [r.council for r in page.rows] == councils
    positions = [html.index(f">{c.name}") for c in councils]
    assert positions == sorted(positions)
    for council, row in zip(councils, page.rows, strict=True):
        expected = teasc_by_section(council=council, period=compared)
        assert row.teasc.sections == expected.sections
        assert expected.board_sentence in html
    assert "improving on at least" in page.rows[0].teasc.board_sentence
    assert (
        f"TEASC by section, {compared.label}: counts of submitted items compared with the North "
        f"West median of councils’ returns: better, "
        f"improving, and both, for each of {len(councils)} councils (unit: number of items)"
    ) in html
    for _value, label in TeascSection.choices:
        assert f'{label}<span class="govuk-visually-hidden">: list the items</span>' in html


def test_the_counts_follow_the_chosen_comparator(
    compared: Period, client_for: Any, planning_group_member: User
) -> None:
    response = client_for(planning_group_member).get(
        URL, {"period": compared.slug, "comparator": TeascComparator.SAME_TYPE.value}
    )
    html = response.content.decode()
    wirral = Council.objects.get(slug="wirral")
    same_type = teasc_by_section(
        council=wirral, period=compared, comparator=TeascComparator.SAME_TYPE
    )
    assert same_type.board_sentence in html
    assert "better than the median of councils of the same type" in html
    assert '<option value="same_type" selected>' in html
    row = next(r for r in response.context["page"].rows if r.council == wirral)
    assert [s.better for s in row.teasc.sections] == [s.better for s in same_type.sections]


def test_an_unknown_comparator_or_section_opens_the_counts_against_the_median(
    compared: Period, client_for: Any, regional_admin: User
) -> None:
    response = client_for(regional_admin).get(
        URL, {"comparator": "league_table", "section": "nowhere", "period": "1999-00-Q1"}
    )
    page = response.context["page"]
    assert response.status_code == 200
    assert (page.period, page.comparator, page.section) == (compared, "nw_median", "")
    assert page.items == []


def test_a_section_lists_every_item_with_each_councils_figure(
    compared: Period, client_for: Any, risk_assessor: User
) -> None:
    response = client_for(risk_assessor).get(
        URL, {"period": compared.slug, "section": TeascSection.CARERS.value}
    )
    html = response.content.decode()
    page = response.context["page"]
    carers = Measure.objects.in_return().filter(teasc_section=TeascSection.CARERS)
    assert carers.exists()
    assert {i.measure.code for i in page.items} == set(carers.values_list("code", flat=True))
    for measure in carers:
        assert f"{measure.code}: {measure.name}" in html
    assert "Services for Carers: each item’s figures" in html
    wirral = Council.objects.get(slug="wirral")
    counts = teasc_by_section(council=wirral, period=compared)
    section = next(s for s in counts.sections if s.section == TeascSection.CARERS)
    figures = [f for i in page.items for f in i.figures if f.council == wirral]
    assert sum(f.better is not None for f in figures) == section.items
    assert sum(bool(f.better) for f in figures) == section.better
    assert sum(f.better_and_improving for f in figures) == section.better_and_improving
    assert all(len(i.figures) == len(page.rows) for i in page.items)
    assert "Better than the comparator" in html
    assert "Direction of travel" in html
    median_of = page.items[0].median_of
    assert median_of
    assert f"(a median of {median_of} councils’ figures)" in html


def test_demonstration_figures_are_labelled(
    compared: Period, client_for: Any, board_member: User
) -> None:
    Return.objects.filter(period=compared, council__slug="wirral").update(is_demonstration=True)
    html = (
        client_for(board_member).get(URL, {"section": TeascSection.CARERS.value}).content.decode()
    )
    assert "Demonstration data: the figures of 1 of these" in html
    assert 'Wirral<br><span class="govuk-!-font-weight-regular">(demonstration figures)' in html
    assert "(demonstration figure)" in html


def test_before_any_comparators_the_page_says_so(client_for: Any, board_member: User) -> None:
    html = client_for(board_member).get(URL).content.decode()
    assert "There are no comparator figures yet." in html


def test_council_users_may_not_open_it(client_for: Any, wirral_lead: User) -> None:
    assert client_for(wirral_lead).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 302


def test_the_regional_overview_links_it_for_those_who_may_read_it(
    compared: Period, client_for: Any, board_member: User, wirral_lead: User
) -> None:
    overview = reverse("scorecard:overview")
    assert URL in client_for(board_member).get(overview).content.decode()
    assert URL not in client_for(wirral_lead).get(overview).content.decode()


@pytest.fixture(params=[24, 153], ids=["24 councils", "153 councils"])
def region_of(request: Any, regional_admin: User) -> Period:
    generated_councils(request.param - Council.objects.count())
    return _compared_region(regional_admin)


def test_the_page_uses_a_fixed_number_of_queries(
    region_of: Period,
    client_for: Any,
    planning_group_member: User,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(planning_group_member)
    active = len(_active(region_of))
    with django_assert_max_num_queries(QUERY_CEILING):
        counts = client.get(URL)
    assert len(counts.context["page"].rows) == active
    with django_assert_max_num_queries(QUERY_CEILING):
        section = client.get(URL, {"section": TeascSection.QUALITY_OF_LIFE.value})
    items = section.context["page"].items
    assert items
    assert all(len(i.figures) == active for i in items)
