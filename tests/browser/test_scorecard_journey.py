"""The issue's journey: a Planning Group member records and publishes a council's six
judgements; an anonymous visitor then sees them on the public scorecard. axe-core reports no
WCAG 2.2 AA violation on any page visited."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from returns.models import Domain
from scorecard.models import Judgement
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_period, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATINGS = ["Green", "Amber", "Red", "Green", "Amber", "Not assessed"]


def test_planning_group_publishes_six_judgements_and_the_public_sees_them(
    page: Page, browser: Browser, live_server
) -> None:
    period = make_period(2024, 1)
    make_user("pat.planner@nwadass.example", Role.PLANNING_GROUP)
    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in(page, "pat.planner@nwadass.example")
    page.goto(f"/councils/wirral/scorecard/{period.slug}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard judgements")
    expect(page.locator("main")).to_contain_text("Wirral")
    assert_accessible(page)
    for domain, rating in zip(Domain, RATINGS, strict=True):
        section = page.locator(f"section[aria-labelledby='domain-{domain.value}']")
        section.get_by_label(rating, exact=True).check()
        section.get_by_label(f"Public commentary on {domain.label}").fill(
            f"Public view of {domain.label}."
        )
        section.get_by_label(f"Internal commentary on {domain.label} (Planning Group only)").fill(
            f"Internal note on {domain.label}."
        )
    page.get_by_role("button", name="Save drafts").click()
    assert_accessible(page)
    assert Judgement.objects.filter(council__slug="wirral", period=period).count() == 6
    page.get_by_role("button", name=f"Publish Wirral's scorecard for {period.label}").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert_accessible(page)
    assert Judgement.objects.filter(published_at__isnull=False).count() == 6

    visitor = browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto(f"/councils/wirral/scorecard/?period={period.slug}")
    for domain in Domain:
        expect(public.get_by_text(f"Public view of {domain.label}.")).to_be_visible()
    expect(public.get_by_text("Internal note on")).to_have_count(0)
    expect(public.locator("body")).to_contain_text("Red")
    assert_accessible(public)
    public.goto(f"/scorecard/?period={period.slug}")
    expect(public.locator("body")).to_contain_text("Wirral")
    assert_accessible(public)
    visitor.close()
