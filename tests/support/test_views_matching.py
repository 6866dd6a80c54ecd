"""The matching tool's page: suggested councils each explained in words, never
the requesting council; the Planning Group chooses councils, roles and days; refusals; a fixed
number of queries whatever the number of candidates."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import Council
from support.models import EngagementProvider, EngagementStatus
from tests.support.views import a_measure, published, request, top_quartile

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(wirral, sefton, wirral_lead, sefton_lead):
    """Wirral asks for buddying on a measure on which Sefton is in the top quartile, with a
    published directory entry naming it; Wirral is in the top quartile too."""
    measure = a_measure()
    top_quartile(sefton, measure, rank=1)
    top_quartile(wirral, measure, rank=2)
    published(sefton, sefton_lead, topic="Reablement", measures=[measure])
    return request(wirral, wirral_lead, measure=measure)


def test_the_page_explains_each_suggestion_in_words_and_never_the_requester(
    client_for, engagement, wirral, sefton, planning_group_member
) -> None:
    response = client_for(planning_group_member).get(
        reverse("support:engagement_match", args=[engagement.pk])
    )
    page = response.content.decode()
    [candidate] = response.context["candidates"]
    assert candidate.council == sefton
    for text in ("top quartile of NW councils on", "in the excellence directory",
                 "Sefton is in the same sub-region", "has received 0 days and given 0 days",
                 "Wirral's own figures"):  # fmt: skip
        assert text in page
    assert str(candidate.total) not in page, "never a formula or a score"
    assert f'name="choose_{sefton.pk}"' in page
    assert f'name="choose_{wirral.pk}"' not in page
    assert f'<option value="{wirral.pk}">' not in page


def test_the_planning_group_matches_a_council_with_its_role_and_days(
    client_for, engagement, sefton, planning_group_member
) -> None:
    url = reverse("support:engagement_match", args=[engagement.pk])
    response = client_for(planning_group_member).post(url, {
        f"choose_{sefton.pk}": "on", f"role_{sefton.pk}": "buddy",
        f"officer_{sefton.pk}": "3", f"member_{sefton.pk}": "0.5", "other_council": "",
    })  # fmt: skip
    assert response["Location"] == reverse("support:engagement", args=[engagement.pk])
    provider = EngagementProvider.objects.get(engagement=engagement)
    assert (provider.council, provider.role, provider.officer_days_planned,
            provider.member_days_planned) == (sefton, "buddy", Decimal(3), Decimal("0.5"))  # fmt: skip
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.MATCHED


def test_another_council_can_be_chosen_and_mistakes_are_explained(
    client_for, engagement, sefton, planning_group_member
) -> None:
    halton = Council.objects.get(name="Halton")
    url = reverse("support:engagement_match", args=[engagement.pk])
    client = client_for(planning_group_member)
    nothing = client.post(url, {"other_council": ""})
    assert nothing.status_code == 400
    assert "Choose at least one council to provide the support" in nothing.content.decode()
    bad = client.post(url, {f"choose_{sefton.pk}": "on", f"role_{sefton.pk}": "",
                            f"officer_{sefton.pk}": "1.3"})  # fmt: skip
    assert bad.status_code == 400
    assert "Choose the role Sefton will take" in bad.content.decode()
    assert "must be in whole or half days" in bad.content.decode()
    client.post(url, {"other_council": halton.pk, "role_other": "mentor", "officer_other": "1"})
    assert EngagementProvider.objects.get(engagement=engagement).council == halton


def test_matching_refusals(client_for, engagement, wirral_lead, sefton_lead, board_member) -> None:
    url = reverse("support:engagement_match", args=[engagement.pk])
    assert client_for(wirral_lead).get(url).status_code == 403
    assert client_for(sefton_lead).get(url).status_code == 403
    assert client_for(board_member).get(url).status_code == 403
    assert client_for(None).get(url)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("scale", [2, 12])
def test_the_matching_page_takes_a_fixed_number_of_queries(
    scale, client_for, wirral, wirral_lead, planning_group_member, django_assert_max_num_queries
) -> None:
    measure = a_measure()
    others = Council.objects.active_on(timezone.localdate()).exclude(pk=wirral.pk)[:scale]
    for rank, other in enumerate(others, start=1):
        top_quartile(other, measure, rank=rank)
        published(other, planning_group_member, topic=f"Strength {rank}", measures=[measure])
    engagement = request(wirral, wirral_lead, measure=measure)
    client = client_for(planning_group_member)
    with django_assert_max_num_queries(28):
        response = client.get(reverse("support:engagement_match", args=[engagement.pk]))
    assert len(response.context["candidates"]) == scale
