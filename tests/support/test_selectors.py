"""Reads for the pages: who sees which engagements (receiver, provider, another council, the
reviewers), the confidentiality of a linked concern or risk assessment, the directory search,
events by month, the ledger's breakdown, and fixed query counts at two scales."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts import access
from returns.models import Measure
from support import selectors, services
from support.models import Engagement, EventKind, Origin
from support.services import ProviderSpec
from tests.support.conftest import council, engagement_with_days, offer
from triggers.models import Concern, ConcernStatus, RiskAssessment, RiskView, Trigger, Visibility
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def halton_lead(make_council_user):
    return make_council_user(council("Halton"))


@pytest.fixture
def recommended(wirral, sefton, planning_group_member) -> Engagement:
    """Wirral receives peer mentoring recommended on a confidential concern; Sefton provides."""
    table2_load()
    concern = Concern.objects.create(
        council=wirral,
        trigger=Trigger.objects.first(),
        title="Private intelligence about leadership",
        raised_on=datetime.date(2025, 1, 10),
        raised_by=planning_group_member,
    )
    engagement = services.engagement_recommend(
        council=wirral,
        offer=offer("targeted-peer-mentoring"),
        origin=Origin.PLANNING_GROUP,
        topic="Leadership",
        description="A peer mentor for the new DASS",
        reasons="Private intelligence about the leadership team",
        concern=concern,
        recommended_by=planning_group_member,
    )
    services.engagement_match(
        engagement=engagement,
        providers=[ProviderSpec(sefton, "mentor")],
        matched_by=planning_group_member,
    )
    return engagement


def test_each_side_sees_the_engagement_and_another_council_does_not(
    recommended, wirral_lead, sefton_lead, halton_lead, planning_group_member, risk_assessor,
    regional_admin, board_member,
) -> None:  # fmt: skip
    for user, side in [
        (wirral_lead, "receiver"),
        (sefton_lead, "provider"),
        (planning_group_member, "reviewer"),
        (risk_assessor, "reviewer"),
        (regional_admin, "reviewer"),
    ]:
        [view] = selectors.engagement_list(fetched_by=user)
        assert view.side == side
        assert (
            selectors.engagement_get(fetched_by=user, pk=recommended.pk).engagement == recommended
        )
    assert selectors.engagement_list(fetched_by=halton_lead) == []
    with pytest.raises(Http404):
        selectors.engagement_get(fetched_by=halton_lead, pk=recommended.pk)
    with pytest.raises(PermissionDenied):
        selectors.engagement_list(fetched_by=board_member)
    assert access.may_see_engagement(
        sefton_lead, council_id=recommended.council_id, provider_ids=[council("Sefton").pk]
    )
    assert not access.may_see_engagement(
        halton_lead, council_id=recommended.council_id, provider_ids=[council("Sefton").pk]
    )


def test_scope_engagements_for_a_council_receiving_and_providing(
    recommended, wirral, sefton, wirral_lead, regional_admin
) -> None:
    other = engagement_with_days(
        receiver=council("Halton"), providers=[(wirral, Decimal(1), None, Decimal(0), None)],
        by=regional_admin, starts_on=datetime.date(2025, 5, 1),
    )  # fmt: skip
    unrelated = engagement_with_days(
        receiver=council("Bury"), providers=[(sefton, Decimal(1), None, Decimal(0), None)],
        by=regional_admin, starts_on=datetime.date(2025, 5, 1),
    )  # fmt: skip
    scoped = access.scope_engagements(Engagement.objects.all(), wirral_lead)
    assert set(scoped) == {recommended, other}
    assert set(access.scope_engagements(Engagement.objects.all(), regional_admin)) == {
        recommended, other, unrelated,
    }  # fmt: skip


def test_a_linked_confidential_concern_is_hidden_from_the_receiver_until_shared_and_from_providers_always(
    recommended, wirral_lead, sefton_lead, planning_group_member
) -> None:
    reviewer = selectors.engagement_get(fetched_by=planning_group_member, pk=recommended.pk)
    assert reviewer.concern_visible
    assert reviewer.engagement.concern.title == "Private intelligence about leadership"
    assert reviewer.engagement.reasons == "Private intelligence about the leadership team"
    for user in (wirral_lead, sefton_lead):
        view = selectors.engagement_get(fetched_by=user, pk=recommended.pk)
        assert (view.concern_visible, view.links_visible) == (False, False)
        assert (view.engagement.concern, view.engagement.reasons) == (None, "")
        assert view.engagement.description == "A peer mentor for the new DASS"
    Concern.objects.filter(pk=recommended.concern_id).update(
        visibility=Visibility.SHARED, status=ConcernStatus.SHARED
    )
    receiver = selectors.engagement_get(fetched_by=wirral_lead, pk=recommended.pk)
    assert receiver.concern_visible
    assert receiver.engagement.reasons == "Private intelligence about the leadership team"
    provider = selectors.engagement_get(fetched_by=sefton_lead, pk=recommended.pk)
    assert (provider.engagement.concern, provider.engagement.reasons) == (None, "")
    [listed] = selectors.engagement_list(fetched_by=sefton_lead)
    assert listed.engagement.concern is None


def test_a_linked_risk_assessment_is_hidden_until_shared(
    wirral, wirral_lead, risk_assessor
) -> None:
    assessment = RiskAssessment.objects.create(
        council=wirral, year=2024, assessor=risk_assessor, discussed_on=datetime.date(2025, 2, 1),
        final_view=RiskView.MEDIUM, rationale="r", recommended_tier="targeted",
    )  # fmt: skip
    engagement = services.engagement_recommend(
        council=wirral, offer=offer("targeted-coaching"), origin=Origin.BOARD, topic="Leadership",
        reasons="From the risk assessment", risk_assessment=assessment,
        recommended_by=risk_assessor,
    )  # fmt: skip
    hidden = selectors.engagement_get(fetched_by=wirral_lead, pk=engagement.pk)
    assert (hidden.risk_assessment_visible, hidden.engagement.reasons) == (False, "")
    RiskAssessment.objects.filter(pk=assessment.pk).update(shared_with_council_at=timezone.now())
    shown = selectors.engagement_get(fetched_by=wirral_lead, pk=engagement.pk)
    assert shown.risk_assessment_visible
    assert shown.engagement.risk_assessment == assessment


def test_the_ledger_breakdown_by_offer_is_the_users_own_councils(
    recommended, wirral, wirral_lead, regional_admin, planning_group_member
) -> None:
    services.engagement_dates_set(
        engagement=recommended, starts_on=datetime.date(2025, 5, 1), ends_on=None,
        set_by=planning_group_member,
    )  # fmt: skip
    services.engagement_agree(engagement=recommended, agreed_by=planning_group_member)
    rows = {r.council.name: r for r in selectors.ledger_get(fetched_by=wirral_lead, year=2025).rows}
    assert rows["Wirral"].by_offer[0].offer == "Peer Mentoring"
    assert rows["Sefton"].by_offer == []
    assert rows["Sefton"].given.total == 0
    admin_rows = {
        r.council.name: r for r in selectors.ledger_get(fetched_by=regional_admin, year=2025).rows
    }
    assert admin_rows["Sefton"].by_offer[0].tier == "Targeted Support"


def test_the_directory_search_finds_published_entries_for_every_signed_in_user(
    wirral, sefton, wirral_lead, board_member
) -> None:
    measure = Measure.objects.in_return().first()
    found = services.strength_entry_create(
        council=wirral, topic="Reablement at home", description="Short-term support after hospital",
        contact_role="Head of Reablement", domains=["performance"], measures=[measure],
        created_by=wirral_lead,
    )  # fmt: skip
    services.strength_entry_publish(entry=found, published_by=wirral_lead)
    services.strength_entry_create(
        council=sefton, topic="Reablement draft", description="d", contact_role="Lead",
        created_by=wirral_lead,
    )  # fmt: skip
    search = selectors.strength_directory_search
    assert search(fetched_by=board_member, text="reablement hospital") == [found]
    assert search(fetched_by=board_member, text="Wirral") == [found]
    assert search(fetched_by=board_member, domain="performance") == [found]
    assert search(fetched_by=board_member, domain="leadership") == []
    assert search(fetched_by=board_member, measure=measure) == [found]
    assert search(fetched_by=board_member, council=sefton) == []
    with pytest.raises(PermissionDenied):
        search(fetched_by=AnonymousUser())


def test_events_by_month_with_booking_counts_and_my_booking(
    regional_admin, wirral, wirral_lead, sefton_lead, sefton
) -> None:
    now = timezone.now()
    first = services.event_create(
        kind=EventKind.MASTERCLASS, title="Masterclass", starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=2), place="Manchester", capacity=1,
        created_by=regional_admin,
    )  # fmt: skip
    later = services.event_create(
        kind=EventKind.CONFERENCE, title="Conference", starts_at=now + datetime.timedelta(days=70),
        ends_at=now + datetime.timedelta(days=70, hours=6), place="Preston", capacity=100,
        created_by=regional_admin,
    )  # fmt: skip
    services.event_book(event=first, council=wirral, booked_by=wirral_lead)
    services.event_book(event=first, council=sefton, places=2, booked_by=sefton_lead)
    months = selectors.events_by_month(fetched_by=wirral_lead, start=now.date())
    assert [[r.event for r in m.events] for m in months] == [[first], [later]]
    row = months[0].events[0]
    assert (row.confirmed_places, row.waitlisted_places, row.places_left) == (1, 2, 0)
    assert row.my_booking.status == "confirmed"
    assert months[1].events[0].my_booking is None
    page = selectors.event_get(fetched_by=wirral_lead, pk=first.pk)
    assert [b.council for b in page.bookings] == [wirral]
    assert len(selectors.event_get(fetched_by=regional_admin, pk=first.pk).bookings) == 2


def test_the_pages_reads_take_a_fixed_number_of_queries(
    recommended, wirral, wirral_lead, regional_admin, django_assert_max_num_queries
) -> None:
    def read_all(user) -> None:
        views = selectors.engagement_list(fetched_by=user)
        selectors.engagement_get(fetched_by=user, pk=views[0].engagement.pk)
        selectors.strength_directory_search(fetched_by=user, text="reablement")
        selectors.events_by_month(fetched_by=user, start=datetime.date(2025, 1, 1))
        selectors.ledger_get(fetched_by=user, year=2025)
        selectors.challenge_list(fetched_by=user)

    def grow(n: int) -> None:
        now = timezone.now()
        for i in range(n):
            other = council(["Halton", "Bury", "Bolton", "Salford"][i % 4])
            engagement_with_days(
                receiver=wirral, providers=[(other, Decimal(1), None, Decimal(0), None)],
                by=regional_admin, starts_on=datetime.date(2025, 5, 1), status="in_progress",
                topic=f"Reablement {i}",
            )  # fmt: skip
            entry = services.strength_entry_create(
                council=other, topic=f"Reablement {i}", description="d", contact_role="Lead",
                measures=list(Measure.objects.in_return()[:2]), created_by=regional_admin,
            )  # fmt: skip
            services.strength_entry_publish(entry=entry, published_by=regional_admin)
            event = services.event_create(
                kind=EventKind.WORKSHOP, title=f"Workshop {i}",
                starts_at=now + datetime.timedelta(days=i * 20 + 1),
                ends_at=now + datetime.timedelta(days=i * 20 + 1, hours=1), place="Chester",
                capacity=5, created_by=regional_admin,
            )  # fmt: skip
            services.event_book(event=event, council=wirral, booked_by=wirral_lead)

    for user in (wirral_lead, regional_admin):
        grow(1)
        with django_assert_max_num_queries(18):
            read_all(user)
        grow(6)
        with django_assert_max_num_queries(18):
            read_all(user)
