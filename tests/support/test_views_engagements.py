"""The engagement pages: the landing page with Table 1, the list, a council's request, the
Planning Group's recommendation, the engagement's page and its steps, each side's days and
feedback; refusals (another council 404, a read-only role 403, anonymous to sign in); a linked
confidential concern never shown to a provider, nor to the receiving council before it is
shared; a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from support import services
from support.models import Engagement, EngagementProvider, EngagementStatus, Origin
from support.services import ProviderSpec
from tests.support.conftest import council, offer
from tests.support.views import request, under_way
from triggers.models import Concern, ConcernStatus, SupportTier, Trigger, Visibility
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar-7781 leadership intelligence"
REASON = "Quokka-4410 reason for the recommendation"


def test_the_landing_page_shows_table_1_and_the_councils_engagements(
    client_for, wirral, sefton, wirral_lead, sefton_lead, planning_group_member
) -> None:
    request(wirral, wirral_lead, topic="Carers' assessments")
    page = client_for(wirral_lead).get(reverse("support:index")).content.decode()
    for text in ("Support (Self Help)", "Targeted Support", "Intervention", "Buddying",
                 "Action Learning Sets", "Carers&#x27; assessments",
                 "Ask for support for Wirral", reverse("support:ledger")):  # fmt: skip
        assert text in page
    planner = client_for(planning_group_member).get(reverse("support:index")).content.decode()
    assert "Awaiting matching" in planner
    assert "Carers&#x27; assessments" in planner
    sefton_page = client_for(sefton_lead).get(reverse("support:index")).content.decode()
    assert "Carers&#x27; assessments" not in sefton_page


def test_a_council_asks_for_self_help(client_for, wirral, wirral_lead) -> None:
    response = client_for(wirral_lead).post(
        reverse("support:engagement_request", args=["wirral"]),
        {"offer": offer("support-buddying").pk, "topic": "Reablement", "measure": "",
         "domain": "performance", "description": "A buddy"},
    )  # fmt: skip
    engagement = Engagement.objects.get()
    assert response["Location"] == reverse("support:engagement", args=[engagement.pk])
    assert (engagement.council, engagement.origin, engagement.status, engagement.domain) == (
        wirral, Origin.REQUESTED, EngagementStatus.REQUESTED, "performance",
    )  # fmt: skip


def test_a_request_without_an_offer_or_topic_is_refused_with_messages(
    client_for, wirral_lead
) -> None:
    response = client_for(wirral_lead).post(
        reverse("support:engagement_request", args=["wirral"]), {"offer": "", "topic": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the support offer" in page
    assert "Enter what the support is about" in page


def test_targeted_support_is_not_offered_to_a_requesting_council(client_for, wirral_lead) -> None:
    form = client_for(wirral_lead).get(reverse("support:engagement_request", args=["wirral"]))
    page = form.content.decode()
    assert "Buddying" in page
    assert "Action Learning Sets" in page
    assert "LGA Peer Review" not in page
    assert "Peer Mentoring" not in page


def test_request_refusals(
    client_for, wirral_lead, sefton_lead, board_member, regional_admin
) -> None:
    url = reverse("support:engagement_request", args=["wirral"])
    assert client_for(sefton_lead).get(url).status_code == 404
    assert client_for(board_member).get(url).status_code == 403
    assert client_for(regional_admin).get(url).status_code == 403
    assert client_for(None).get(url)["Location"].startswith(reverse("accounts:login"))


def test_the_engagement_page_refusals(
    client_for, wirral, sefton, wirral_lead, sefton_lead, board_member, make_council_user
) -> None:
    knowsley = council("Knowsley")
    engagement = under_way(wirral, knowsley, wirral_lead)
    url = reverse("support:engagement", args=[engagement.pk])
    assert client_for(sefton_lead).get(url).status_code == 404
    assert client_for(board_member).get(url).status_code == 403
    assert client_for(None).get(url)["Location"].startswith(reverse("accounts:login"))
    assert client_for(make_council_user(knowsley)).get(url).status_code == 200
    assert client_for(wirral_lead).post(url).status_code == 405


def test_the_list_is_scoped_to_the_councils_own_engagements(
    client_for, wirral, sefton, wirral_lead, sefton_lead, planning_group_member
) -> None:
    request(wirral, wirral_lead, topic="Wirral topic")
    request(council("Halton"), planning_group_member, topic="Halton topic")
    own = client_for(wirral_lead).get(reverse("support:engagements")).content.decode()
    assert "Wirral topic" in own
    assert "Halton topic" not in own
    everything = client_for(planning_group_member).get(reverse("support:engagements"))
    assert "Halton topic" in everything.content.decode()
    filtered = client_for(planning_group_member).get(
        reverse("support:engagements"), {"status": "completed"}
    )
    assert "Halton topic" not in filtered.content.decode()


def test_the_engagement_moves_along_and_both_sides_record_days_and_feedback(
    client_for, wirral, sefton, wirral_lead, sefton_lead, planning_group_member
) -> None:
    engagement = request(wirral, wirral_lead)
    services.engagement_match(
        engagement=engagement, providers=[ProviderSpec(sefton, "buddy")],
        matched_by=planning_group_member,
    )  # fmt: skip
    provider = EngagementProvider.objects.get(engagement=engagement)
    wirral_client, sefton_client = client_for(wirral_lead), client_for(sefton_lead)
    # A provider records its own days and feedback but does not move the engagement along.
    assert (
        sefton_client.post(reverse("support:engagement_agree", args=[engagement.pk])).status_code
        == 403
    )
    wirral_client.post(reverse("support:engagement_agree", args=[engagement.pk]))
    wirral_client.post(reverse("support:engagement_start", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.IN_PROGRESS
    days = reverse("support:engagement_provider_days", args=[engagement.pk, provider.pk])
    assert wirral_client.get(days).status_code == 403
    response = sefton_client.post(
        days, {"officer_days_planned": "2", "member_days_planned": "0",
               "officer_days_actual": "2.5", "member_days_actual": ""},
    )  # fmt: skip
    assert response.status_code == 302
    provider.refresh_from_db()
    assert (provider.officer_days_actual, provider.member_days_actual) == (Decimal("2.5"), None)
    bad = sefton_client.post(days, {"officer_days_planned": "x", "member_days_planned": "0.3"})
    assert bad.status_code == 400
    assert "must be a number of days" in bad.content.decode()
    sefton_client.post(
        reverse("support:engagement_provider_feedback", args=[engagement.pk, provider.pk]),
        {"feedback": "A good exchange of practice"},
    )
    wirral_client.post(
        reverse("support:engagement_feedback", args=[engagement.pk]),
        {"feedback": "Very helpful", "outcome": "New reablement pathway"},
    )
    wirral_client.post(reverse("support:engagement_complete", args=[engagement.pk]))
    page = wirral_client.get(reverse("support:engagement", args=[engagement.pk])).content.decode()
    for text in ("Completed", "A good exchange of practice", "Very helpful",
                 "New reablement pathway", "2.5", "Providers matched"):  # fmt: skip
        assert text in page


def test_declining_needs_a_reason(client_for, wirral, wirral_lead) -> None:
    engagement = request(wirral, wirral_lead)
    url = reverse("support:engagement_decline", args=[engagement.pk])
    empty = client_for(wirral_lead).post(url, {"decline-reason": ""})
    assert empty.status_code == 400
    assert "Enter the reason for declining" in empty.content.decode()
    client_for(wirral_lead).post(url, {"decline-reason": "Found help elsewhere"})
    engagement.refresh_from_db()
    assert (engagement.status, engagement.decline_reason) == ("declined", "Found help elsewhere")


def test_dates_are_set_and_an_end_before_the_start_is_refused(
    client_for, wirral, wirral_lead
) -> None:
    engagement = request(wirral, wirral_lead)
    url = reverse("support:engagement_dates", args=[engagement.pk])
    bad = client_for(wirral_lead).post(url, {
        "dates-starts_on_0": "10", "dates-starts_on_1": "9", "dates-starts_on_2": "2025",
        "dates-ends_on_0": "1", "dates-ends_on_1": "9", "dates-ends_on_2": "2025",
    })  # fmt: skip
    assert bad.status_code == 400
    assert "The end date must be the same as or after the start date" in bad.content.decode()
    client_for(wirral_lead).post(url, {
        "dates-starts_on_0": "1", "dates-starts_on_1": "9", "dates-starts_on_2": "2025",
    })  # fmt: skip
    engagement.refresh_from_db()
    assert (engagement.starts_on, engagement.ends_on) == (datetime.date(2025, 9, 1), None)


@pytest.fixture
def confidential(wirral, sefton, planning_group_member) -> Engagement:
    """Wirral receives peer mentoring recommended on a concern raised in confidence (the
    Planning Group's only); Sefton provides."""
    table2_load()
    concern = Concern.objects.create(
        council=wirral, trigger=Trigger.objects.first(), title=SECRET,
        raised_on=datetime.date(2025, 1, 10), raised_by=planning_group_member,
    )  # fmt: skip
    engagement = services.engagement_recommend(
        council=wirral, offer=offer("targeted-peer-mentoring"), origin=Origin.PLANNING_GROUP,
        topic="Leadership", reasons=REASON, concern=concern,
        recommended_by=planning_group_member,
    )  # fmt: skip
    services.engagement_match(
        engagement=engagement, providers=[ProviderSpec(sefton, "mentor")],
        matched_by=planning_group_member,
    )  # fmt: skip
    return engagement


def pages(client, engagement: Engagement) -> str:
    provider = engagement.providers.get()
    urls = [
        reverse("support:index"),
        reverse("support:engagements"),
        reverse("support:engagement", args=[engagement.pk]),
        reverse("support:engagement_days", args=[engagement.pk]),
        reverse("support:engagement_provider_days", args=[engagement.pk, provider.pk]),
    ]
    return "".join(client.get(url).content.decode() for url in urls)


def test_a_confidential_concern_is_never_shown_to_a_provider_nor_before_it_is_shared(
    client_for, confidential, wirral_lead, sefton_lead, planning_group_member
) -> None:
    reviewer = (
        client_for(planning_group_member)
        .get(reverse("support:engagement", args=[confidential.pk]))
        .content.decode()
    )
    assert SECRET in reviewer
    assert REASON in reviewer
    for user in (wirral_lead, sefton_lead):
        seen = pages(client_for(user), confidential)
        assert SECRET not in seen
        assert REASON not in seen
    Concern.objects.filter(pk=confidential.concern_id).update(
        visibility=Visibility.SHARED, status=ConcernStatus.SHARED
    )
    receiver = client_for(wirral_lead).get(reverse("support:engagement", args=[confidential.pk]))
    assert SECRET in receiver.content.decode()
    assert REASON in receiver.content.decode()
    provider = pages(client_for(sefton_lead), confidential)
    assert SECRET not in provider
    assert REASON not in provider


def test_the_planning_group_recommends_linked_to_a_concern_chosen_from_the_link(
    client_for, wirral, planning_group_member, wirral_lead
) -> None:
    table2_load()
    concern = Concern.objects.create(
        council=wirral, trigger=Trigger.objects.first(), title="Leadership churn",
        raised_on=datetime.date(2025, 1, 10), raised_by=planning_group_member,
    )  # fmt: skip
    client = client_for(planning_group_member)
    form = client.get(reverse("support:engagement_recommend"), {"concern": concern.pk})
    assert form.context["form"].initial == {"concern": concern.pk, "council": wirral.pk}
    client.post(reverse("support:engagement_recommend"), {
        "council": wirral.pk, "offer": offer("targeted-peer-mentoring").pk, "tier": "",
        "origin": Origin.BOARD, "topic": "Leadership", "measure": "", "domain": "",
        "concern": concern.pk, "risk_assessment": "", "description": "", "reasons": "Churn",
    })  # fmt: skip
    engagement = Engagement.objects.get()
    assert (engagement.concern, engagement.tier.key, engagement.origin) == (
        concern, SupportTier.TARGETED, Origin.BOARD,
    )  # fmt: skip
    assert client_for(wirral_lead).get(reverse("support:engagement_recommend")).status_code == 403


@pytest.mark.parametrize("scale", [1, 10])
def test_the_list_and_the_engagement_page_take_a_fixed_number_of_queries(
    scale, client_for, wirral, sefton, wirral_lead, planning_group_member,
    django_assert_max_num_queries,
) -> None:  # fmt: skip
    engagements = [under_way(wirral, sefton, wirral_lead) for _ in range(scale)]
    for engagement in engagements:
        services.engagement_match(
            engagement=request(wirral, wirral_lead), providers=[ProviderSpec(sefton, "buddy")],
            matched_by=planning_group_member,
        )  # fmt: skip
        for days in (1, 2):
            services.engagement_days_record(
                engagement=engagement, provider=engagement.providers.get(),
                officer_days_actual=days, recorded_by=wirral_lead,
            )  # fmt: skip
    for user in (wirral_lead, planning_group_member):
        client = client_for(user)
        with django_assert_max_num_queries(8):
            listed = client.get(reverse("support:engagements"))
        assert len(listed.context["page"].object_list) == 2 * scale
        with django_assert_max_num_queries(14):
            page = client.get(reverse("support:engagement", args=[engagements[-1].pk]))
        assert page.status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("support:index")).status_code == 200
