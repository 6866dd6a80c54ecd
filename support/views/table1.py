"""The support landing page: Table 1 of the MoU with every offer and its description, the
regional programme's activities, and the way into the directory, the user's council's
engagements, the ledger and events (MoU Table 1 and 2.1 c-g; DOMAIN.md 5)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts import access
from authorities.models import Council
from support import selectors
from support.models import EngagementStatus, Offer, Table1Tier

# The landing page lists the newest few; the engagement list has them all.
SHOWN = 10


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    active = Offer.objects.filter(active=True).order_by("order")
    tiers = list(Table1Tier.objects.prefetch_related(Prefetch("offers", queryset=active)))
    programme = list(active.filter(tier__isnull=True))
    councils = list(Council.objects.filter(pk__in=access.councils_of(user)).order_by("name"))
    reviewer = access.council_ids_for(user, "view_engagement") is None
    mine = awaiting = None
    if access.may_act_at_all(user, "view_engagement"):
        if reviewer:
            awaiting = selectors.engagement_list(fetched_by=user, status=EngagementStatus.REQUESTED)
        else:
            mine = selectors.engagement_list(fetched_by=user)
    own_ids = {c.pk for c in councils}
    return render(
        request,
        "support/index.html",
        {
            "tiers": tiers,
            "programme": programme,
            "councils": councils,
            "requesting": [c for c in councils if access.can_request_support(user, c)],
            "publishing": [c for c in councils if access.can_publish_strength(user, c)],
            "received": None if mine is None else [v for v in mine if v.side == "receiver"],
            "providing": None
            if mine is None
            else [v for v in mine if v.engagement.council_id not in own_ids],
            "awaiting": awaiting,
            "shown": SHOWN,
            "can_broker": access.can_broker_support(user),
            "sees_engagements": access.may_act_at_all(user, "view_engagement"),
        },
    )
