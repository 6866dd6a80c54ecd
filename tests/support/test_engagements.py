"""Support engagements: a council's request for self help, a recommendation linked to a
concern or risk assessment (MoU 2.1 i), matching, the allowed status moves and those refused,
days and feedback on both sides, each step recorded with who and when."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from support import services
from support.models import Engagement, EngagementEvent, EngagementProvider, Origin, Table1Tier
from support.services import ProviderSpec, SupportRefused
from tests.support.conftest import offer
from triggers.models import Concern, RiskAssessment, RiskView, SupportTier, Trigger
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


def request(wirral, by) -> Engagement:
    return services.engagement_request(
        council=wirral,
        offer=offer("support-buddying"),
        topic="Reablement",
        description="A buddy for our reablement lead",
        requested_by=by,
    )


def test_a_council_requests_self_help_and_the_request_is_recorded(wirral, wirral_lead) -> None:
    engagement = request(wirral, wirral_lead)
    assert (engagement.status, engagement.origin, engagement.tier.key) == (
        "requested",
        Origin.REQUESTED,
        SupportTier.SUPPORT,
    )
    step = engagement.events.get()
    assert (step.action, step.actor, step.to_status) == ("requested", wirral_lead, "requested")


def test_a_council_cannot_request_targeted_support_or_intervention(wirral, wirral_lead) -> None:
    with pytest.raises(SupportRefused, match="recommended by the Planning Group or the Board"):
        services.engagement_request(
            council=wirral,
            offer=offer("intervention-peer-consultancy"),
            topic="x",
            requested_by=wirral_lead,
        )


def test_a_programme_activity_requested_is_self_help(wirral, wirral_lead) -> None:
    engagement = services.engagement_request(
        council=wirral,
        offer=offer("programme-action-learning-sets"),
        topic="Strengths-based practice",
        requested_by=wirral_lead,
    )
    assert engagement.tier.key == SupportTier.SUPPORT


def test_the_whole_journey_records_each_step(
    wirral, sefton, wirral_lead, sefton_lead, planning_group_member
) -> None:
    engagement = request(wirral, wirral_lead)
    [provider] = services.engagement_match(
        engagement=engagement,
        providers=[ProviderSpec(sefton, "buddy", officer_days_planned=Decimal("2.5"))],
        matched_by=planning_group_member,
    )
    services.engagement_agree(engagement=engagement, agreed_by=planning_group_member)
    started = services.engagement_start(engagement=engagement, started_by=wirral_lead)
    assert started.starts_on is not None
    services.engagement_days_record(
        engagement=engagement,
        provider=provider,
        officer_days_actual=3,
        member_days_actual="0.5",
        recorded_by=sefton_lead,
    )
    services.engagement_feedback_record(
        engagement=engagement, provider=provider, feedback="Good to share", recorded_by=sefton_lead
    )
    services.engagement_feedback_record(
        engagement=engagement,
        feedback="Very useful",
        outcome="A new reablement pathway",
        recorded_by=wirral_lead,
    )
    done = services.engagement_complete(engagement=engagement, completed_by=wirral_lead)
    assert done.status == "completed"
    assert done.ends_on is not None
    assert done.outcome == "A new reablement pathway"
    provider.refresh_from_db()
    assert (provider.officer_days_actual, provider.member_days_actual) == (
        Decimal("3.0"),
        Decimal("0.5"),
    )
    assert provider.feedback == "Good to share"
    assert list(done.events.values_list("action", "from_status", "to_status")) == [
        ("requested", "", "requested"),
        ("matched", "requested", "matched"),
        ("agreed", "matched", "agreed"),
        ("started", "agreed", "in_progress"),
        ("days", "in_progress", "in_progress"),
        ("feedback", "in_progress", "in_progress"),
        ("feedback", "in_progress", "in_progress"),
        ("completed", "in_progress", "completed"),
    ]
    assert done.history.count() >= 5


@pytest.mark.parametrize(
    ("moves", "refused", "message"),
    [
        ([], "agree", "requested cannot be agreed"),
        ([], "start", "requested cannot be in progress"),
        ([], "complete", "requested cannot be completed"),
        (["match"], "complete", "matched cannot be completed"),
        (["match", "agree", "start"], "decline", "in progress cannot be declined"),
        (["match", "agree", "start", "complete"], "start", "completed cannot be in progress"),
        (["decline"], "match", "declined cannot be matched"),
    ],
)
def test_moves_out_of_order_are_refused_and_change_nothing(
    moves, refused, message, wirral, sefton, wirral_lead, planning_group_member
) -> None:
    engagement = request(wirral, wirral_lead)
    by = planning_group_member
    actions = {
        "match": lambda: services.engagement_match(
            engagement=engagement, providers=[ProviderSpec(sefton, "buddy")], matched_by=by
        ),
        "agree": lambda: services.engagement_agree(engagement=engagement, agreed_by=by),
        "start": lambda: services.engagement_start(engagement=engagement, started_by=by),
        "complete": lambda: services.engagement_complete(engagement=engagement, completed_by=by),
        "decline": lambda: services.engagement_decline(
            engagement=engagement, reason="No capacity", declined_by=by
        ),
    }
    for move in moves:
        actions[move]()
    before = (Engagement.objects.get(pk=engagement.pk).status, engagement.events.count())
    with pytest.raises(SupportRefused, match=message):
        actions[refused]()
    assert (Engagement.objects.get(pk=engagement.pk).status, engagement.events.count()) == before


def test_declining_needs_a_reason_which_is_kept(wirral, wirral_lead) -> None:
    engagement = request(wirral, wirral_lead)
    with pytest.raises(SupportRefused, match="reason for declining"):
        services.engagement_decline(engagement=engagement, reason=" ", declined_by=wirral_lead)
    declined = services.engagement_decline(
        engagement=engagement, reason="Found help nationally", declined_by=wirral_lead
    )
    assert (declined.status, declined.decline_reason) == ("declined", "Found help nationally")
    assert declined.events.last().text == "Found help nationally"


def test_a_council_cannot_provide_to_itself_nor_twice(wirral, sefton, wirral_lead) -> None:
    engagement = request(wirral, wirral_lead)
    with pytest.raises(SupportRefused, match="cannot provide support to itself"):
        services.engagement_match(
            engagement=engagement, providers=[ProviderSpec(wirral, "buddy")], matched_by=wirral_lead
        )
    services.engagement_match(
        engagement=engagement, providers=[ProviderSpec(sefton, "buddy")], matched_by=wirral_lead
    )
    with pytest.raises(SupportRefused, match="Sefton is already providing"):
        services.engagement_match(
            engagement=engagement,
            providers=[ProviderSpec(sefton, "mentor")],
            matched_by=wirral_lead,
        )


def test_agreeing_needs_a_provider(wirral, wirral_lead) -> None:
    engagement = request(wirral, wirral_lead)
    Engagement.objects.filter(pk=engagement.pk).update(status="matched")
    with pytest.raises(SupportRefused, match="Match at least one providing council"):
        services.engagement_agree(engagement=engagement, agreed_by=wirral_lead)


def test_actual_days_wait_until_work_starts_and_planned_stop_at_completion(
    wirral, sefton, wirral_lead
) -> None:
    engagement = request(wirral, wirral_lead)
    [provider] = services.engagement_match(
        engagement=engagement, providers=[ProviderSpec(sefton, "buddy")], matched_by=wirral_lead
    )
    with pytest.raises(SupportRefused, match="once the engagement has started"):
        services.engagement_days_record(
            engagement=engagement, provider=provider, officer_days_actual=1, recorded_by=wirral_lead
        )
    services.engagement_days_record(
        engagement=engagement, provider=provider, officer_days_planned=2, recorded_by=wirral_lead
    )
    services.engagement_agree(engagement=engagement, agreed_by=wirral_lead)
    services.engagement_start(engagement=engagement, started_by=wirral_lead)
    services.engagement_days_record(
        engagement=engagement, officer_days_actual=1, recorded_by=wirral_lead
    )
    services.engagement_complete(engagement=engagement, completed_by=wirral_lead)
    with pytest.raises(SupportRefused, match="record the actual days"):
        services.engagement_days_record(
            engagement=engagement,
            provider=provider,
            officer_days_planned=3,
            recorded_by=wirral_lead,
        )
    assert Engagement.objects.get(pk=engagement.pk).officer_days_actual == Decimal("1.0")


@pytest.mark.parametrize(
    ("value", "message"),
    [(-1, "must be 0 or more"), ("1.25", "whole or half days"), ("lots", "a number of days")],
)
def test_days_must_be_whole_or_half_and_not_negative(
    value, message, wirral, sefton, wirral_lead
) -> None:
    engagement = request(wirral, wirral_lead)
    [provider] = services.engagement_match(
        engagement=engagement, providers=[ProviderSpec(sefton, "buddy")], matched_by=wirral_lead
    )
    with pytest.raises(SupportRefused, match=message):
        services.engagement_days_record(
            engagement=engagement,
            provider=provider,
            officer_days_planned=value,
            recorded_by=wirral_lead,
        )


def test_the_database_refuses_negative_days_and_a_second_provider_row(
    wirral, sefton, wirral_lead
) -> None:
    engagement = request(wirral, wirral_lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementProvider.objects.create(
            engagement=engagement,
            council=sefton,
            role="buddy",
            officer_days_planned=-1,
            added_by=wirral_lead,
        )
    EngagementProvider.objects.create(
        engagement=engagement, council=sefton, role="buddy", added_by=wirral_lead
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementProvider.objects.create(
            engagement=engagement, council=sefton, role="mentor", added_by=wirral_lead
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(status="declined")
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(
            starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 4, 1)
        )


def test_feedback_waits_until_work_starts_and_outcome_is_the_receivers(
    wirral, sefton, wirral_lead
) -> None:
    engagement = request(wirral, wirral_lead)
    with pytest.raises(SupportRefused, match="once the engagement has started"):
        services.engagement_feedback_record(
            engagement=engagement, feedback="x", recorded_by=wirral_lead
        )
    [provider] = services.engagement_match(
        engagement=engagement, providers=[ProviderSpec(sefton, "buddy")], matched_by=wirral_lead
    )
    with pytest.raises(SupportRefused, match="receiving council's to record"):
        services.engagement_feedback_record(
            engagement=engagement,
            provider=provider,
            feedback="x",
            outcome="y",
            recorded_by=wirral_lead,
        )


# Recommendations linked to a concern or risk assessment (MoU 2.1 i) --------------------------


def concern_about(council_, by) -> Concern:
    table2_load()
    return Concern.objects.create(
        council=council_,
        trigger=Trigger.objects.first(),
        title="Turnover of senior staff",
        raised_on=datetime.date(2025, 1, 10),
        raised_by=by,
    )


def concluded_assessment(council_, by, tier: str) -> RiskAssessment:
    return RiskAssessment.objects.create(
        council=council_,
        year=2024,
        assessor=by,
        discussed_on=datetime.date(2025, 2, 1),
        final_view=RiskView.MEDIUM,
        rationale="r",
        recommended_tier=tier,
    )


def test_the_planning_group_recommends_intervention_linked_to_a_concern(
    wirral, planning_group_member
) -> None:
    concern = concern_about(wirral, planning_group_member)
    engagement = services.engagement_recommend(
        council=wirral,
        offer=offer("intervention-peer-consultancy"),
        origin=Origin.PLANNING_GROUP,
        topic="Safeguarding",
        reasons="Concern about senior staff",
        concern=concern,
        recommended_by=planning_group_member,
    )
    assert (engagement.tier.key, engagement.concern, engagement.events.get().action) == (
        "intervention",
        concern,
        EngagementEvent.Action.RECOMMENDED,
    )


def test_a_recommendation_follows_the_risk_assessments_tier(wirral, sefton, risk_assessor) -> None:
    assessment = concluded_assessment(wirral, risk_assessor, SupportTier.TARGETED)
    with pytest.raises(SupportRefused, match="recommends Targeted Support"):
        services.engagement_recommend(
            council=wirral,
            offer=offer("intervention-lga-peer-review"),
            origin=Origin.BOARD,
            topic="x",
            reasons="y",
            risk_assessment=assessment,
            recommended_by=risk_assessor,
        )
    with pytest.raises(SupportRefused, match="risk assessment of this council"):
        services.engagement_recommend(
            council=sefton,
            offer=offer("targeted-peer-mentoring"),
            origin=Origin.BOARD,
            topic="x",
            reasons="y",
            risk_assessment=assessment,
            recommended_by=risk_assessor,
        )
    engagement = services.engagement_recommend(
        council=wirral,
        offer=offer("targeted-peer-mentoring"),
        origin=Origin.BOARD,
        topic="Leadership",
        reasons="y",
        risk_assessment=assessment,
        recommended_by=risk_assessor,
    )
    assert engagement.risk_assessment == assessment


def test_a_programme_activity_recommended_needs_a_tier(wirral, planning_group_member) -> None:
    kwargs = {
        "council": wirral,
        "offer": offer("programme-bespoke-support"),
        "origin": Origin.PLANNING_GROUP,
        "topic": "Commissioning",
        "reasons": "Market fragility",
        "recommended_by": planning_group_member,
    }
    with pytest.raises(SupportRefused, match="Choose the tier"):
        services.engagement_recommend(**kwargs)
    engagement = services.engagement_recommend(
        **kwargs, tier=Table1Tier.objects.get(key="targeted")
    )
    assert engagement.tier.key == "targeted"


def test_a_request_cannot_carry_a_concern(wirral, wirral_lead, planning_group_member) -> None:
    engagement = request(wirral, wirral_lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(
            concern=concern_about(wirral, planning_group_member)
        )
