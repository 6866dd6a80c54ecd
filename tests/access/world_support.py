"""One of everything the ``support`` app's URLs address, added to the access matrix's world."""

import datetime
from typing import Any

from django.utils import timezone

from authorities.models import Council
from support import services
from support.models import EventKind, Offer
from support.services import ProviderSpec
from support.table1 import table1_load


def _ledger_world(world: dict[str, Any]) -> dict[str, Any]:
    """The ledger, challenges and events: a Beacon event hosted by Wirral a month ahead, with
    a booking by Wirral's lead, and Wirral's open challenge to its share of time."""
    starts = timezone.now() + datetime.timedelta(days=30)
    event = services.event_create(
        kind=EventKind.BEACON,
        title="Beacon event: strengths-based practice",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        place="Wallasey Town Hall",
        capacity=10,
        host_council=world["wirral"],
        created_by=world["reviewer"],
    )
    booking = services.event_book(
        event=event, council=world["wirral"], places=2, booked_by=world["lead"]
    )
    challenge = services.share_challenge_lodge(
        council=world["wirral"],
        year=world["year"],
        reason="We gave more than twice the regional median.",
        lodged_by=world["lead"],
    )
    return {"support_event": event, "support_booking": booking, "support_challenge": challenge}


def _engagement_world(world: dict[str, Any]) -> dict[str, Any]:
    """The directory and engagements: Wirral's published directory entry, and Wirral's request
    for buddying with Knowsley matched as its buddy, agreed and in progress (Sefton takes no
    part, so its users see neither Wirral's drafts nor the engagement)."""
    table1_load()
    lead, reviewer = world["lead"], world["reviewer"]
    entry = services.strength_entry_create(
        council=world["wirral"],
        topic="Reablement after a hospital stay",
        description="Our reablement service and how we run it.",
        contact_role="Head of Reablement",
        created_by=lead,
    )
    services.strength_entry_publish(entry=entry, published_by=lead)
    engagement = services.engagement_request(
        council=world["wirral"],
        offer=Offer.objects.get(key="support-buddying"),
        topic="Carers' assessments",
        requested_by=lead,
    )
    [provider] = services.engagement_match(
        engagement=engagement,
        providers=[ProviderSpec(Council.objects.get(slug="knowsley"), "buddy")],
        matched_by=reviewer,
    )
    services.engagement_agree(engagement=engagement, agreed_by=reviewer)
    services.engagement_start(engagement=engagement, started_by=lead)
    return {
        "support_strength": entry,
        "support_engagement": engagement,
        "support_provider": provider,
    }


def build_support_world(world: dict[str, Any]) -> dict[str, Any]:
    """Records for the ``support`` URLs, built on the core world; returns the keys to add."""
    added: dict[str, Any] = {}
    added.update(_ledger_world(world))
    added.update(_engagement_world(world))
    return added
