"""Publishing: the public sees a plan only once its council publishes it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import Citation, PlanStatus
from improvement_plans.selectors import plans_visible_to
from improvement_plans.services import PlanRefused, citation_add, plan_publish, plan_unpublish
from tests.improvement_plans.conftest import build_plan

pytestmark = pytest.mark.django_db


def test_a_draft_is_seen_by_its_council_and_the_region_only(
    sefton: Council,
    sefton_lead: User,
    wirral_lead: User,
    board_member: User,
    planning_group_member: User,
) -> None:
    plan = build_plan(sefton, [[1]])
    assert list(plans_visible_to(sefton_lead)) == [plan]
    assert list(plans_visible_to(planning_group_member)) == [plan]
    assert list(plans_visible_to(board_member)) == [plan]
    assert list(plans_visible_to(wirral_lead)) == []
    assert list(plans_visible_to(AnonymousUser())) == []
    plan_publish(plan=plan, by=sefton_lead)
    plan.refresh_from_db()
    assert (plan.status, plan.published_by) == (PlanStatus.PUBLISHED, sefton_lead)
    assert list(plans_visible_to(AnonymousUser())) == [plan]
    assert list(plans_visible_to(wirral_lead)) == [plan]
    plan_unpublish(plan=plan, by=sefton_lead)
    assert list(plans_visible_to(AnonymousUser())) == []
    assert plan.history.filter(status=PlanStatus.PUBLISHED).exists()


def test_citations_name_one_thing_about_the_plans_council(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[1]])
    area = plan.headings.get().areas.get()
    citation = citation_add(
        plan=plan, area=area, domain="leadership", note="Scorecard", by=sefton_lead
    )
    assert citation.cited == "Leadership & Governance"
    with pytest.raises(PlanRefused):
        citation_add(plan=plan, by=sefton_lead)
    with pytest.raises(PlanRefused):
        citation_add(plan=plan, domain="nonsense", by=sefton_lead)
    assert Citation.objects.count() == 1


def test_a_cited_concern_must_be_about_the_plans_council(
    sefton: Council, wirral: Council, sefton_lead: User
) -> None:
    import datetime

    from triggers.models import Concern, Trigger
    from triggers.table2 import table2_load

    table2_load()
    trigger = Trigger.objects.first()
    assert trigger is not None

    def concern(council: Council) -> Concern:
        return Concern.objects.create(
            council=council,
            trigger=trigger,
            title="Late returns",
            raised_on=datetime.date(2024, 5, 1),
        )

    plan = build_plan(sefton, [[1]])
    cited = citation_add(plan=plan, concern=concern(sefton), by=sefton_lead)
    assert cited.cited == cited.concern
    with pytest.raises(PlanRefused):
        citation_add(plan=plan, concern=concern(wirral), by=sefton_lead)
    with pytest.raises(PlanRefused):
        citation_add(plan=plan, concern=concern(sefton), domain="leadership", by=sefton_lead)
