"""The meeting page and its confidential pack run a fixed number of queries whatever the
number of councils on the agenda and years of data: at the region's 24 councils and at 153
(the 129 others generated), every council on the agenda with concerns, published ratings over
years, support, a plan and risk assessments."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import Council, SubRegion
from improvement_plans.models import Action, ImprovementArea, OutcomeHeading, Plan
from reports.meeting_pack import meeting_pack_get
from returns.models import Domain
from scorecard.models import Judgement, Rating
from support.models import Engagement, Offer, Origin
from support.table1 import table1_load
from tests.factories import periods
from triggers.models import (
    AgendaItem,
    Concern,
    Meeting,
    MeetingAction,
    RiskAssessment,
    RiskView,
    Trigger,
)
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

YEARS = 3
# The meeting page suggests agenda items from the review queue, which reads in its own fixed
# number of queries.
PAGE_CEILING = 19
PACK_CEILING = 6


def _generated(count: int) -> list[Council]:
    sub_regions = list(SubRegion.objects.order_by("name"))
    return Council.objects.bulk_create(
        Council(
            ons_code=f"E0999{i:04d}",
            name=f"Generated council {i}",
            slug=f"generated-council-{i}",
            authority_type="UA",
            sub_region=sub_regions[i % len(sub_regions)],
        )
        for i in range(1, count + 1)
    )


def _evidence(councils: list[Council], by: User) -> None:
    trigger = Trigger.objects.order_by("pk").first()
    today = timezone.localdate()
    Concern.objects.bulk_create(
        Concern(
            council=c, trigger=trigger, title=f"{c.name} {n}", evidence="Figures", raised_on=today
        )
        for c in councils
        for n in range(3)
    )
    quarters = periods(2023, 4 * YEARS)
    Judgement.objects.bulk_create(
        Judgement(
            council=c,
            period=p,
            domain=d,
            rating=Rating.AMBER,
            published_rating=Rating.AMBER,
            published_at=timezone.now(),
            written_by=by,
        )
        for c in councils
        for p in quarters
        for d in Domain.values
    )
    RiskAssessment.objects.bulk_create(
        RiskAssessment(
            council=c,
            year=year,
            assessor=by,
            discussed_on=datetime.date(year + 1, 1, 10),
            discussion_participants="DASS",
            discussion_record="Discussed",
            final_view=RiskView.LOW,
            rationale="Steady",
        )
        for c in councils
        for year in range(2023, 2023 + YEARS)
    )
    offer = Offer.objects.select_related("tier").exclude(tier=None).first()
    Engagement.objects.bulk_create(
        Engagement(
            council=c,
            offer=offer,
            tier=offer.tier,
            origin=Origin.REQUESTED,
            topic="Help",
            created_by=by,
        )
        for c in councils
    )
    plans = Plan.objects.bulk_create(Plan(council=c, title="Plan") for c in councils)
    headings = OutcomeHeading.objects.bulk_create(
        OutcomeHeading(plan=p, order=1, title="Safeguarding") for p in plans
    )
    areas = ImprovementArea.objects.bulk_create(
        ImprovementArea(heading=h, order=1, title="Area") for h in headings
    )
    Action.objects.bulk_create(
        Action(area=a, order=n, how_achieved="Do it") for a in areas for n in range(1, 4)
    )


def _meeting(councils: list[Council], by: User) -> Meeting:
    meeting = Meeting.objects.create(held_on=timezone.localdate(), created_by=by, chair=by)
    meeting.attendees.set([by])
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, council=c, order=n) for n, c in enumerate(councils, 1)
    )
    MeetingAction.objects.bulk_create(
        MeetingAction(meeting=meeting, council=c, text="Call", owner=by, created_by=by)
        for c in councils
    )
    return meeting


@pytest.mark.parametrize("extra", [0, 129])
def test_the_meeting_page_and_pack_use_a_fixed_number_of_queries(
    extra: int,
    client_for: Any,
    planning_group_member: User,
    django_assert_max_num_queries: Any,
) -> None:
    table2_load()
    table1_load()
    _generated(extra)
    councils = list(Council.objects.order_by("pk"))
    assert len(councils) >= 24 + extra
    _evidence(councils, planning_group_member)
    meeting = _meeting(councils, planning_group_member)
    client = client_for(planning_group_member)
    with django_assert_max_num_queries(PAGE_CEILING):
        response = client.get(reverse("triggers:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(PACK_CEILING):
        pack = meeting_pack_get(meeting=meeting)
    assert len(pack.councils) == len(councils)
    assert all(len(c.concerns) == 3 for c in pack.councils)
    assert all(c.assessment and c.assessment.year == 2025 for c in pack.councils)
    assert all(c.plan_total == 3 and c.support and c.ratings_period for c in pack.councils)
    if extra == 0:
        with django_assert_max_num_queries(PACK_CEILING + 6):
            download = client.get(reverse("reports:meeting_pack", args=[meeting.pk]))
        assert download.status_code == 200
