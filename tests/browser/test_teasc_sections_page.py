"""The council page's TEASC by section, read by an anonymous visitor: the board sentence and the
table of the ten sections, axe-clean (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import Page, expect

from authorities.models import Council
from returns.models import Measure
from scorecard.comparators import comparators_recompute
from tests.browser.conftest import assert_accessible
from tests.factories import accepted_returns, periods

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_teasc_by_section(page: Page, regional_admin) -> None:  # type: ignore[no-untyped-def]
    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on))
    accepted_returns(councils, history, list(Measure.objects.in_return()), regional_admin)
    for period in history:
        comparators_recompute(period=period)

    page.goto("/councils/wirral/")
    expect(page.get_by_role("heading", name="TEASC by section")).to_be_visible()
    expect(page.locator("[data-board-sentence]")).to_contain_text("improving on at least")
    table = page.get_by_role("table", name="items better than the North West median")
    expect(table.get_by_role("rowheader", name="Assisting Discharge")).to_be_visible()
    expect(table.get_by_role("rowheader", name="All sections")).to_be_visible()
    assert_accessible(page)
