"""The review queue and a council's review page run a fixed number of queries at the region's
24 councils and at 153 councils with ten years of data: flags with many findings, concerns
raised by people, priorities, published ratings, yearly risk assessments and meetings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import AuthorityType, Council, SubRegion
from tests.factories import periods
from triggers.automatic.evaluation import triggers_by_kind
from triggers.models import Concern, ConcernEvent, Meeting, ReviewPriority, RiskAssessment, Trigger
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

QUEUE_CEILING = 14
PROFILE_CEILING = 20
KINDS = ["measure_outlier", "unit_cost_change", "return_late"]


def national(count: int) -> None:
    """Generated councils (ONS-like codes that are never real) up to ``count`` in all."""
    regions = [SubRegion.objects.get_or_create(name=f"Simulated region {n}")[0] for n in range(9)]
    missing = count - Council.objects.count()
    Council.objects.bulk_create(
        Council(
            ons_code=f"E98{n:06d}",
            name=f"Simulated council {n:03d}",
            slug=f"simulated-council-{n:03d}",
            authority_type=AuthorityType.UNITARY,
            sub_region=regions[n % 9],
        )
        for n in range(missing)
    )


def flagged(by: User, years: list[int]) -> None:
    today = timezone.localdate()
    triggers = triggers_by_kind()
    person = Trigger.objects.get(quadrant__key="resources", order=4)
    councils = list(Council.objects.active_on(today))
    concerns = [
        Concern(
            council=c,
            trigger=triggers[kind],
            title=kind,
            raised_on=today,
            automatic_key=kind,
            evidence_items=[{"subject": f"{kind}:NW{j}", "reasons": "x"} for j in range(5)],
        )
        for c in councils
        for kind in KINDS
    ] + [
        Concern(council=c, trigger=person, title="Turnover", raised_on=today, raised_by=by)
        for c in councils
    ]
    made = Concern.objects.bulk_create(concerns)
    ConcernEvent.objects.bulk_create(ConcernEvent(concern=c, action="raised") for c in made)
    ReviewPriority.objects.bulk_create(
        ReviewPriority(council=c, priority="watch") for c in councils
    )
    RiskAssessment.objects.bulk_create(
        RiskAssessment(council=c, year=y, assessor=by) for c in councils for y in years
    )
    Meeting.objects.bulk_create(
        Meeting(held_on=today - datetime.timedelta(days=90 * n + 1), created_by=by)
        for n in range(len(years))
    )


@pytest.mark.parametrize("councils", [24, 153])
def test_the_queue_and_a_councils_review_page_use_a_fixed_number_of_queries(
    councils, client_for, planning_group_member, django_assert_max_num_queries
) -> None:
    table2_load()
    years = sorted({p.year for p in periods(2014, 40)})
    national(councils)
    flagged(planning_group_member, years)
    client = client_for(planning_group_member)

    with django_assert_max_num_queries(QUEUE_CEILING):
        response = client.get(reverse("triggers:review"))
    assert (
        len(response.context["queue"].rows)
        == Council.objects.active_on(timezone.localdate()).count()
    )
    assert len(response.context["queue"].rows) >= councils - 1

    with django_assert_max_num_queries(PROFILE_CEILING):
        profile = client.get(reverse("triggers:profile", args=["wirral"]))
    assert profile.status_code == 200
