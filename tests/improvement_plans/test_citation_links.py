"""What a plan cites links to the cited record when the viewer may open it: a support
engagement to its page for those who may see the engagement, a self-assessment standard to
its review's regional report for those the report is open to; otherwise plain text."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import Plan
from improvement_plans.services import citation_add, plan_publish
from selfassessment.models import Standard
from support import services as support
from support.models import Engagement, Offer
from support.table1 import table1_load
from tests.improvement_plans.conftest import build_plan
from tests.selfassessment.helpers import import_demo

pytestmark = pytest.mark.django_db


def engagement_for(council: Council, provider: Council, lead: User, broker: User) -> Engagement:
    """``council`` asks for buddying and ``provider`` is matched as its buddy."""
    table1_load()
    engagement = support.engagement_request(
        council=council,
        offer=Offer.objects.get(key="support-buddying"),
        topic="Carers' assessments",
        requested_by=lead,
    )
    support.engagement_match(
        engagement=engagement,
        providers=[support.ProviderSpec(provider, "buddy")],
        matched_by=broker,
    )
    return engagement


def page(client_for, user: User | None, plan: Plan) -> str:
    response = client_for(user).get(reverse("improvement_plans:plan", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_cited_engagement_links_to_its_page_for_those_who_may_see_it(
    sefton: Council,
    wirral: Council,
    sefton_lead: User,
    wirral_lead: User,
    planning_group_member: User,
    client_for,
) -> None:
    engagement = engagement_for(sefton, wirral, sefton_lead, planning_group_member)
    plan = build_plan(sefton, [[1]])
    citation_add(plan=plan, engagement=engagement, by=sefton_lead)
    plan_publish(plan=plan, by=sefton_lead)
    link = f'href="{reverse("support:engagement", kwargs={"pk": engagement.pk})}"'
    for viewer in (sefton_lead, planning_group_member):
        html = page(client_for, viewer, plan)
        assert "Carers&#x27; assessments" in html
        assert link in html
    # The engagement is the council's business: the public never sees it on a published plan.
    html = page(client_for, None, plan)
    assert "Carers&#x27; assessments" not in html
    assert link not in html


def test_a_cited_standard_links_to_the_regional_report_only_when_it_is_open_to_the_viewer(
    sefton: Council, sefton_lead: User, planning_group_member: User, client_for
) -> None:
    review = import_demo()
    standard = Standard.objects.filter(review=review).order_by("pk").first()
    assert standard is not None
    plan = build_plan(sefton, [[1]])
    citation_add(plan=plan, standard=standard, by=sefton_lead)
    link = f'href="{reverse("selfassessment:report", kwargs={"pk": review.pk})}"'
    # The report is not published: the Planning Group may read it, the council not yet.
    region = page(client_for, planning_group_member, plan)
    assert f"{link}>{escape(str(standard))}</a>" in region
    own = page(client_for, sefton_lead, plan)
    assert escape(str(standard)) in own
    assert link not in own
