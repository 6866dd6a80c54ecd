"""The regional TEASC page, read by a board member: every council's counts by section and the
board sentence, then one section's items chosen with the form; axe-clean (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import Page, expect

from authorities.models import Council
from returns.models import Measure
from scorecard.comparators import comparators_recompute
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import accepted_returns, periods

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_reads_teasc_by_section_for_every_council(  # type: ignore[no-untyped-def]
    page: Page, regional_admin, board_member
) -> None:
    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on))
    accepted_returns(councils, history, list(Measure.objects.in_return()), regional_admin)
    for period in history:
        comparators_recompute(period=period)

    page.goto("/accounts/login/")
    sign_in(page, "bob.board@nwadass.example")
    page.goto("/scorecard/teasc/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("TEASC by section, North West")
    table = page.get_by_role("table", name="counts of submitted items compared with")
    expect(table.get_by_role("rowheader", name="Wirral")).to_be_visible()
    expect(table.locator("[data-board-sentence]").first).to_contain_text("improving on at least")
    assert_accessible(page)

    page.get_by_label("Count items better than").select_option("same_type")
    page.get_by_label("List the items of").select_option("carers")
    page.get_by_role("button", name="Show councils").click()
    expect(
        page.get_by_role("heading", name="Services for Carers: each item’s figures")
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("Better than the comparator")
    expect(page.locator("main")).to_contain_text("the median of councils of the same type")
    assert_accessible(page)
