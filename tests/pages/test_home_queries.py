"""Every role's home page runs a fixed number of queries: the same ceiling with the North West's
24 councils as with a national 153, each with a return, a concern, a risk assessment and an
agenda item."""

import datetime

import pytest
from django.urls import reverse

from authorities.models import AuthorityType, Council, SubRegion
from returns.models import Return
from tests.access.personas import PERSONAS
from tests.access.world import build_world
from triggers.models import AgendaItem, Concern, RiskAssessment, Trigger

pytestmark = pytest.mark.django_db

NATIONAL = 153
# The Planning Group's and the administrator's homes read the review queue, which has its own
# fixed number of queries.
CEILING = 24


def more_councils(count: int) -> list[Council]:
    region = SubRegion.objects.get_or_create(name="Simulated region")[0]
    return Council.objects.bulk_create(
        [
            Council(
                ons_code=f"E98{n:06d}",
                name=f"Simulated council {n:03d}",
                slug=f"simulated-council-{n:03d}",
                authority_type=AuthorityType.UNITARY,
                sub_region=region,
            )
            for n in range(count)
        ]
    )


def fill(councils: list[Council], world: dict, reviewer) -> None:
    """For each council: a draft return, an open concern, a risk assessment, an agenda item."""
    trigger = Trigger.objects.order_by("pk").first()
    Return.objects.bulk_create([Return(council=c, period=world["period"]) for c in councils])
    Concern.objects.bulk_create(
        [
            Concern(
                council=c,
                trigger=trigger,
                title="Simulated concern",
                raised_on=datetime.date(2024, 6, 1),
                raised_by=reviewer,
            )
            for c in councils
        ]
    )
    RiskAssessment.objects.bulk_create(
        [RiskAssessment(council=c, year=world["year"], assessor=reviewer) for c in councils]
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=world["meeting"], council=c) for c in councils]
    )


@pytest.mark.parametrize("scale", ["region", "national"])
def test_every_home_page_runs_a_fixed_number_of_queries(
    scale,
    request,
    client_for,
    wirral,
    open_period,
    wirral_lead,
    planning_group_member,
    django_assert_max_num_queries,
):
    world = build_world(wirral, open_period, wirral_lead, planning_group_member)
    others = list(Council.objects.exclude(slug="wirral"))
    if scale == "national":
        others += more_councils(NATIONAL - Council.objects.count())
        assert Council.objects.count() == NATIONAL
    fill(others, world, planning_group_member)
    for persona in PERSONAS:
        client = client_for(None if persona == "anonymous" else request.getfixturevalue(persona))
        with django_assert_max_num_queries(CEILING, info=persona):
            response = client.get(reverse("pages:home"))
        assert response.status_code == 200, persona
