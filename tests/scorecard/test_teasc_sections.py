"""TEASC per section: each of the ten sections' items better than the chosen comparator,
improving, and both, adding up to the stored summary, with the board sentence computed."""

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure, TeascSection
from scorecard.comparators import comparators_recompute
from scorecard.models import CouncilPosition, TeascComparator, TeascSummary
from scorecard.selectors.teasc_sections import SectionCount, TeascBySection, teasc_by_section
from tests.factories import accepted_returns, periods

pytestmark = pytest.mark.django_db


@pytest.fixture
def recomputed(regional_admin):  # type: ignore[no-untyped-def]
    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on).order_by("name"))
    accepted_returns(councils, history, list(Measure.objects.in_return()), regional_admin)
    comparators_recompute(period=history[-1])
    return history[-1]


@pytest.mark.parametrize("comparator", [TeascComparator.NW_MEDIAN, TeascComparator.SAME_TYPE])
def test_the_sections_add_up_to_the_stored_summary(recomputed, comparator) -> None:  # type: ignore[no-untyped-def]
    for council in Council.objects.filter(ons_code__in=["E08000015", "E06000006"]):
        found = teasc_by_section(council=council, period=recomputed, comparator=comparator)
        stored = TeascSummary.objects.get(council=council, period=recomputed, comparator=comparator)
        assert [s.label for s in found.sections][:10] == [
            label for _, label in TeascSection.choices
        ]
        assert found.items == stored.items
        assert sum(s.better for s in found.sections) == stored.better
        assert sum(s.improving for s in found.sections) == stored.improving
        assert found.better_and_improving == stored.better_and_improving


def test_each_section_counts_its_own_items(recomputed) -> None:  # type: ignore[no-untyped-def]
    wirral = Council.objects.get(ons_code="E08000015")
    found = teasc_by_section(council=wirral, period=recomputed)
    positions = CouncilPosition.objects.filter(council=wirral, period=recomputed).select_related(
        "measure"
    )
    for section in found.sections:
        polar = [
            p
            for p in positions
            if p.measure.teasc_section == section.section
            and p.measure.has_polarity
            and p.value is not None
        ]
        assert section.items == len(polar)
    assert {s.section for s in found.sections if s.items} >= {"quality_of_life", "carers"}


def test_the_board_sentence_is_computed_and_rounds_down(recomputed) -> None:  # type: ignore[no-untyped-def]
    wirral = Council.objects.get(ons_code="E08000015")
    found = teasc_by_section(council=wirral, period=recomputed)
    assert found.items
    share = 100 * found.better_and_improving / found.items
    assert found.at_least_percent == int(share)
    assert found.at_least_percent <= share < found.at_least_percent + 1
    assert found.board_sentence == (
        f"Wirral, {recomputed.label}: better than the North West median of councils’ returns "
        f"and improving on at least {found.at_least_percent}% of submitted items "
        f"({found.better_and_improving} of {found.items})."
    )


def test_two_of_three_items_is_at_least_66_percent() -> None:
    council, period = Council.objects.get(ons_code="E08000015"), None
    found = TeascBySection(
        council,
        period,  # type: ignore[arg-type]
        TeascComparator.ENGLAND,
        [],
    )
    assert found.at_least_percent is None

    three = TeascBySection(
        council,
        period,  # type: ignore[arg-type]
        TeascComparator.ENGLAND,
        [SectionCount("access", "Access to Services", 3, 2, 2, 2)],
    )
    assert three.at_least_percent == 66


def test_a_quarter_without_positions_has_no_items(recomputed) -> None:  # type: ignore[no-untyped-def]
    council = Council.objects.get(ons_code="E08000015")
    found = teasc_by_section(council=council, period=periods(2020, 1)[0])
    assert found.items == 0
    assert found.at_least_percent is None
    assert "no submitted item could be compared" in found.board_sentence


def test_the_council_page_shows_each_section_and_the_sentence(recomputed, client_for) -> None:  # type: ignore[no-untyped-def]
    wirral = Council.objects.get(ons_code="E08000015")
    found = teasc_by_section(council=wirral, period=recomputed)
    html = client_for(None).get(reverse("scorecard:council", args=["wirral"])).content.decode()
    assert "TEASC by section" in html
    assert found.board_sentence in html
    for label in [label for _, label in TeascSection.choices]:
        assert f'<th scope="row" class="govuk-table__header">{label}</th>' in html
