"""The Planning Group's pages run a fixed number of queries whatever the number of councils and
years of data: the review queue, a council's review page, the meeting page and the confidential
pack, at the region's 24 councils and at 153 (129 generated). Every council has YEARS years of
quarterly accepted returns (a figure for every measure in the return), open flags with many
findings, a concern raised by a person, a priority, published ratings for every quarter, support,
a plan and a risk assessment for each year, and is on the agenda of today's meeting after
earlier meetings.

Three years rather than the benchmark's ten keep the test to seconds; the queries a page runs do
not depend on how many years there are, which the two sizes of the region already show."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import Action, ImprovementArea, OutcomeHeading, Plan
from reports.meeting_pack import meeting_pack_get
from returns.models import Domain, Measure, Period
from scorecard.models import Judgement, Rating
from support.models import Engagement, Offer, Origin
from support.table1 import table1_load
from tests.factories import (
    FLAG_KINDS,
    accepted_returns,
    flag_councils,
    generated_councils,
    periods,
)
from triggers.models import AgendaItem, Meeting, MeetingAction, RiskAssessment, RiskView
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

FIRST_YEAR, YEARS = 2023, 3
QUEUE_CEILING = 14
PROFILE_CEILING = 20
# The meeting page suggests agenda items from the review queue, which reads in its own fixed
# number of queries.
PAGE_CEILING = 19
PACK_CEILING = 6


def _ratings_support_and_plans(councils: list[Council], quarters: list[Period], by: User) -> None:
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
    offer = Offer.objects.select_related("tier").exclude(tier=None).first()
    assert offer is not None
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


def _meetings(councils: list[Council], by: User) -> Meeting:
    """Earlier meetings, one a quarter, and today's with every council on its agenda."""
    today = timezone.localdate()
    Meeting.objects.bulk_create(
        Meeting(held_on=today - datetime.timedelta(days=91 * n), created_by=by)
        for n in range(1, 4 * YEARS + 1)
    )
    meeting = Meeting.objects.create(held_on=today, created_by=by, chair=by)
    meeting.attendees.set([by])
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, council=c, order=n) for n, c in enumerate(councils, 1)
    )
    MeetingAction.objects.bulk_create(
        MeetingAction(meeting=meeting, council=c, text="Call", owner=by, created_by=by)
        for c in councils
    )
    return meeting


@pytest.fixture(params=[24, 153], ids=["24 councils", "153 councils"])
def reviewed_region(request: Any, planning_group_member: User) -> Meeting:
    """The region at request.param councils with YEARS years of data; today's meeting."""
    table2_load()
    table1_load()
    generated_councils(request.param - Council.objects.count())
    councils = list(Council.objects.order_by("pk"))
    quarters = periods(FIRST_YEAR, 4 * YEARS)
    years = sorted({q.year for q in quarters})
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), planning_group_member)
    _ratings_support_and_plans(councils, quarters, planning_group_member)
    flag_councils(councils, years, planning_group_member)
    RiskAssessment.objects.filter(year=years[-1]).update(
        discussed_on=datetime.date(years[-1] + 1, 1, 10),
        discussion_participants="DASS",
        discussion_record="Discussed",
        final_view=RiskView.LOW,
        rationale="Steady",
    )
    return _meetings(councils, planning_group_member)


def test_the_review_pages_use_a_fixed_number_of_queries(
    reviewed_region: Meeting,
    client_for: Any,
    planning_group_member: User,
    django_assert_max_num_queries: Any,
) -> None:
    active = Council.objects.active_on(timezone.localdate()).count()
    client = client_for(planning_group_member)

    with django_assert_max_num_queries(QUEUE_CEILING):
        queue = client.get(reverse("triggers:review"))
    assert len(queue.context["queue"].rows) == active

    with django_assert_max_num_queries(PROFILE_CEILING):
        profile = client.get(reverse("triggers:profile", args=["wirral"]))
    assert profile.status_code == 200

    with django_assert_max_num_queries(PAGE_CEILING):
        page = client.get(reverse("triggers:meeting", args=[reviewed_region.pk]))
    assert page.status_code == 200

    with django_assert_max_num_queries(PACK_CEILING):
        pack = meeting_pack_get(meeting=reviewed_region)
    assert len(pack.councils) == Council.objects.count()
    assert all(len(c.concerns) == len(FLAG_KINDS) + 1 for c in pack.councils)
    assert all(c.assessment and c.assessment.year == 2025 for c in pack.councils)
    assert all(c.plan_total == 3 and c.support and c.ratings_period for c in pack.councils)
    if Council.objects.count() < 100:  # the PDF of 153 councils takes long to draw
        with django_assert_max_num_queries(PACK_CEILING + 6):
            download = client.get(reverse("reports:meeting_pack", args=[reviewed_region.pk]))
        assert download.status_code == 200
