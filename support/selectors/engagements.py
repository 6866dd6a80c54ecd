"""Reads for support engagements: the list and one engagement, each as the viewer may see it.
What lies behind a recommendation (the linked concern and risk assessment, and the reasons)
is cleared on the returned engagement unless the viewer may see it
(``accounts.access.may_see_linked_concern``), so a page cannot show it by mistake."""

import dataclasses
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts import access
from authorities.models import Council
from sli_portal.financial_years import year_bounds
from support.models import (
    Engagement,
    EngagementEvent,
    EngagementProvider,
)
from triggers.models import ConcernStatus
from triggers.selectors.concerns import SHARED_VISIBILITIES


@dataclass
class EngagementView:
    """An engagement as one user may see it. ``side`` is "receiver", "provider" or "reviewer";
    ``links_visible`` says whether the concern, risk assessment and reasons are shown (when
    not, they are cleared on ``engagement``)."""

    engagement: Engagement
    providers: list[EngagementProvider]
    side: str
    links_visible: bool
    concern_visible: bool
    risk_assessment_visible: bool
    events: list[EngagementEvent] = dataclasses.field(default_factory=list)


def _concern_shared(engagement: Engagement) -> bool:
    concern = engagement.concern
    return concern is not None and (
        concern.visibility in SHARED_VISIBILITIES and concern.status != ConcernStatus.RAISED
    )


def _view(user: access.AnyUser, engagement: Engagement) -> EngagementView:
    providers = list(engagement.providers.all())
    reviewer = access.council_ids_for(user, "view_engagement") is None
    own = access.councils_of(user)
    side = "reviewer" if reviewer else "receiver" if engagement.council_id in own else "provider"
    concern_ok = engagement.concern_id is None or access.may_see_linked_concern(
        user, council_id=engagement.council_id, shared_with_council=_concern_shared(engagement)
    )
    assessment = engagement.risk_assessment
    assessment_ok = assessment is None or access.may_see_linked_concern(
        user,
        council_id=engagement.council_id,
        shared_with_council=assessment.shared_with_council_at is not None,
    )
    # The reasons speak of what lies behind the recommendation: shown only when every linked
    # record is, and never to a provider.
    links_ok = side != "provider" and concern_ok and assessment_ok
    if not concern_ok:
        engagement.concern = None
    if not assessment_ok:
        engagement.risk_assessment = None
    if not links_ok:
        engagement.reasons = ""
    return EngagementView(
        engagement=engagement,
        providers=providers,
        side=side,
        links_visible=links_ok,
        concern_visible=concern_ok and engagement.concern_id is not None,
        risk_assessment_visible=assessment_ok and engagement.risk_assessment_id is not None,
    )


def _engagements(user: access.AnyUser) -> QuerySet[Engagement]:
    if not access.may_act_at_all(user, "view_engagement"):
        raise PermissionDenied
    return (
        access.scope_engagements(Engagement.objects.all(), user)
        .select_related(
            "council__sub_region",
            "offer",
            "tier",
            "measure",
            "concern",
            "risk_assessment",
        )
        .prefetch_related(
            Prefetch(
                "providers",
                queryset=EngagementProvider.objects.select_related("council").order_by(
                    "council__name"
                ),
            )
        )
    )


def engagement_list(
    *,
    fetched_by: access.AnyUser,
    council: Council | None = None,
    status: str = "",
    year: int | None = None,
) -> list[EngagementView]:
    """The engagements the user may see, newest first: for a council's users, those their
    council receives or provides. ``council`` narrows to one council on either side. 403 for
    a role that sees no engagements. Two queries (three on a user's first read)."""
    queryset = _engagements(fetched_by)
    if council is not None:
        queryset = queryset.filter(
            Q(council=council)
            | Q(pk__in=EngagementProvider.objects.filter(council=council).values("engagement"))
        )
    if status:
        queryset = queryset.filter(status=status)
    if year is not None:
        start, end = year_bounds(year)
        queryset = queryset.filter(
            Q(starts_on__range=(start, end))
            | Q(starts_on__isnull=True, created_at__date__range=(start, end))
        )
    return [_view(fetched_by, e) for e in queryset.order_by("-created_at", "-pk")]


def engagement_get(*, fetched_by: access.AnyUser, pk: int) -> EngagementView:
    """One engagement with its providers and its steps (who did what, when). 404 when the user
    may not see it (another council's), 403 for a role that sees no engagements. Three
    queries."""
    engagement = _engagements(fetched_by).filter(pk=pk).first()
    if engagement is None:
        raise Http404
    view = _view(fetched_by, engagement)
    view.events = list(
        EngagementEvent.objects.filter(engagement=engagement)
        .select_related("actor", "provider__council")
        .order_by("at", "pk")
    )
    return view
