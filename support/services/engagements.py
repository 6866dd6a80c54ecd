"""Writes for support engagements: a council asks for self help, or the Planning Group or the
Board recommends targeted support or intervention (MoU 2.1 i); providers are matched, the
engagement is agreed, started and completed, or declined with a reason; each side records the
days given (officer and member, planned and actual, MoU 2.1 f) and its feedback.

Status moves only along :data:`ALLOWED` (requested -> matched -> agreed -> in progress ->
completed, or declined from any step before work starts). Every change is recorded as an
:class:`~support.models.EngagementEvent` with who and when, and in the model's history.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Final

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.models import Domain, Measure
from support import validation
from support.models import (
    Engagement,
    EngagementEvent,
    EngagementProvider,
    EngagementStatus,
    Offer,
    Origin,
    ProviderRole,
    Table1Tier,
)
from support.services.common import SupportRefused, save
from triggers.models import Concern, RiskAssessment, SupportTier

S = EngagementStatus
ALLOWED: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.MATCHED, S.DECLINED}),
    S.MATCHED: frozenset({S.MATCHED, S.AGREED, S.DECLINED}),
    S.AGREED: frozenset({S.IN_PROGRESS, S.DECLINED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.DECLINED: frozenset(),
}
# Statuses in which work is under way or done: actual days and feedback belong to these.
UNDER_WAY = frozenset({S.IN_PROGRESS, S.COMPLETED})
CLOSED = frozenset({S.COMPLETED, S.DECLINED})


@dataclass(frozen=True)
class ProviderSpec:
    """A council to add as a provider, with its role and the days planned."""

    council: Council
    role: str
    officer_days_planned: Decimal = Decimal(0)
    member_days_planned: Decimal = Decimal(0)


def _refuse_move(engagement: Engagement, to: str) -> None:
    if to not in ALLOWED[engagement.status]:
        raise SupportRefused(
            f"An engagement that is {engagement.get_status_display().lower()} cannot be "
            f"{EngagementStatus(to).label.lower()}"
        )


def _log(
    engagement: Engagement,
    action: str,
    *,
    actor: User,
    from_status: str = "",
    text: str = "",
    provider: EngagementProvider | None = None,
) -> None:
    EngagementEvent.objects.create(
        engagement=engagement,
        action=action,
        from_status=from_status,
        to_status=engagement.status,
        provider=provider,
        actor=actor,
        text=text,
    )


def _lock(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update().select_related("tier").get(pk=engagement.pk)


def _area(measure: Measure | None, domain: str) -> str:
    if domain and domain not in Domain.values:
        raise SupportRefused("Choose a scorecard domain")
    return domain or (measure.scorecard_domain if measure else "")


def engagement_request(
    *,
    council: Council,
    offer: Offer,
    topic: str,
    description: str = "",
    measure: Measure | None = None,
    domain: str = "",
    requested_by: User,
) -> Engagement:
    """A council asks for support (self help) from Table 1's first column or the regional
    programme's activities (MoU 2.1 h). Targeted support and intervention are recommended by
    the Planning Group or the Board (:func:`engagement_recommend`), never requested."""
    if not topic.strip():
        raise SupportRefused("Enter what the support is about")
    if not offer.active:
        raise SupportRefused("That offer is no longer on the menu")
    if offer.tier is not None and offer.tier.key != SupportTier.SUPPORT:
        raise SupportRefused(
            "A council asks for self help; targeted support and intervention are recommended "
            "by the Planning Group or the Board"
        )
    tier = offer.tier if offer.tier is not None else Table1Tier.objects.get(key=SupportTier.SUPPORT)
    with transaction.atomic():
        engagement = Engagement(
            council=council,
            offer=offer,
            tier=tier,
            origin=Origin.REQUESTED,
            topic=topic.strip(),
            description=description.strip(),
            measure=measure,
            domain=_area(measure, domain),
            created_by=requested_by,
        )
        save(engagement, by=requested_by)
        _log(engagement, EngagementEvent.Action.REQUESTED, actor=requested_by)
    return engagement


def _check_links(
    council: Council,
    tier: Table1Tier,
    concern: Concern | None,
    risk_assessment: RiskAssessment | None,
) -> None:
    if concern is not None and concern.council_id != council.pk:
        raise SupportRefused("Choose a concern about this council")
    if risk_assessment is not None:
        if risk_assessment.council_id != council.pk:
            raise SupportRefused("Choose a risk assessment of this council")
        if not risk_assessment.final_view:
            raise SupportRefused("The risk assessment has no final view yet")
        wanted = risk_assessment.recommended_tier
        if wanted and wanted != tier.key:
            raise SupportRefused(
                f"The risk assessment recommends {risk_assessment.get_recommended_tier_display()}"
                f": choose an offer of that tier"
            )


def engagement_recommend(
    *,
    council: Council,
    offer: Offer,
    origin: str,
    topic: str,
    reasons: str,
    description: str = "",
    tier: Table1Tier | None = None,
    measure: Measure | None = None,
    domain: str = "",
    concern: Concern | None = None,
    risk_assessment: RiskAssessment | None = None,
    recommended_by: User,
) -> Engagement:
    """The Planning Group or the Board recommends support or intervention for ``council``
    (MoU 2.1 i), linked to the concern and/or annual risk assessment behind it.

    ``tier`` is needed only for a programme activity (which has no tier); a Table 1 offer
    brings its own. A linked risk assessment must be concluded and, if it names a tier, the
    offer must be from that tier. The reasons and the linked records are never shown to the
    providing councils, and to the receiving council only once the concern or assessment has
    been shared with it (``accounts.access.may_see_linked_concern``).
    """
    if origin not in (Origin.PLANNING_GROUP, Origin.BOARD):
        raise SupportRefused("Choose who recommends it: the Planning Group or the Board")
    if not topic.strip():
        raise SupportRefused("Enter what the support is about")
    if not reasons.strip():
        raise SupportRefused("Enter the reasons for the recommendation")
    if not offer.active:
        raise SupportRefused("That offer is no longer on the menu")
    if offer.tier is not None:
        if tier is not None and tier.pk != offer.tier_id:
            raise SupportRefused(f"{offer.name} is an offer of {offer.tier.name}")
        tier = offer.tier
    if tier is None:
        raise SupportRefused("Choose the tier of Table 1 for this activity")
    _check_links(council, tier, concern, risk_assessment)
    with transaction.atomic():
        engagement = Engagement(
            council=council,
            offer=offer,
            tier=tier,
            origin=origin,
            topic=topic.strip(),
            description=description.strip(),
            reasons=reasons.strip(),
            measure=measure,
            domain=_area(measure, domain),
            concern=concern,
            risk_assessment=risk_assessment,
            created_by=recommended_by,
        )
        save(engagement, by=recommended_by)
        _log(engagement, EngagementEvent.Action.RECOMMENDED, actor=recommended_by)
    return engagement


def engagement_match(
    *, engagement: Engagement, providers: Sequence[ProviderSpec], matched_by: User
) -> list[EngagementProvider]:
    """Add providing councils, each with a role and the days planned; the engagement becomes
    matched. Allowed while it is requested or matched. A council never provides to itself, and
    provides once per engagement."""
    if not providers:
        raise SupportRefused("Choose at least one council to provide the support")
    councils = [spec.council.pk for spec in providers]
    if len(set(councils)) != len(councils):
        raise SupportRefused("Choose each providing council once")
    for spec in providers:
        if spec.council.pk == engagement.council_id:
            raise SupportRefused("A council cannot provide support to itself")
        if spec.role not in ProviderRole.values:
            raise SupportRefused(f"Choose the role {spec.council.name} will take")
    planned = [
        (
            _days(spec.officer_days_planned, "Officer days planned"),
            _days(spec.member_days_planned, "Member days planned"),
        )
        for spec in providers
    ]
    with transaction.atomic():
        locked = _lock(engagement)
        _refuse_move(locked, S.MATCHED)
        present = set(locked.providers.values_list("council_id", flat=True))
        clash = [spec.council.name for spec in providers if spec.council.pk in present]
        if clash:
            raise SupportRefused(f"{clash[0]} is already providing this support")
        added = []
        for spec, (officer, member) in zip(providers, planned, strict=True):
            provider = EngagementProvider(
                engagement=locked,
                council=spec.council,
                role=spec.role,
                officer_days_planned=officer or Decimal(0),
                member_days_planned=member or Decimal(0),
                added_by=matched_by,
            )
            save(provider, by=matched_by)
            added.append(provider)
        before = locked.status
        locked.status = S.MATCHED
        save(locked, by=matched_by)
        _log(
            locked,
            EngagementEvent.Action.MATCHED,
            actor=matched_by,
            from_status=before,
            text=", ".join(spec.council.name for spec in providers),
        )
    return added


def _move(engagement: Engagement, to: str, action: str, *, by: User, text: str = "") -> Engagement:
    with transaction.atomic():
        locked = _lock(engagement)
        _refuse_move(locked, to)
        if to == S.AGREED and not locked.providers.exists():
            raise SupportRefused("Match at least one providing council before agreeing")
        today = timezone.localdate()
        if to == S.IN_PROGRESS and locked.starts_on is None:
            locked.starts_on = today
        if to == S.COMPLETED and locked.ends_on is None:
            locked.ends_on = max(today, locked.starts_on or today)
        if to == S.DECLINED:
            locked.decline_reason = text
        before = locked.status
        locked.status = to
        save(locked, by=by)
        _log(locked, action, actor=by, from_status=before, text=text)
    return locked


def engagement_agree(*, engagement: Engagement, agreed_by: User) -> Engagement:
    """The receiving and providing councils have agreed the engagement (matched -> agreed)."""
    return _move(engagement, S.AGREED, EngagementEvent.Action.AGREED, by=agreed_by)


def engagement_start(*, engagement: Engagement, started_by: User) -> Engagement:
    """Work has begun (agreed -> in progress); the start date is today unless already set."""
    return _move(engagement, S.IN_PROGRESS, EngagementEvent.Action.STARTED, by=started_by)


def engagement_complete(*, engagement: Engagement, completed_by: User) -> Engagement:
    """The engagement is finished (in progress -> completed); the end date is today unless
    already set."""
    return _move(engagement, S.COMPLETED, EngagementEvent.Action.COMPLETED, by=completed_by)


def engagement_decline(*, engagement: Engagement, reason: str, declined_by: User) -> Engagement:
    """Decline an engagement before work starts, with the reason (kept on the engagement and
    in its events)."""
    if not reason.strip():
        raise SupportRefused("Enter the reason for declining")
    return _move(
        engagement, S.DECLINED, EngagementEvent.Action.DECLINED, by=declined_by, text=reason.strip()
    )


def engagement_dates_set(
    *,
    engagement: Engagement,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    set_by: User,
) -> Engagement:
    """Set the planned start and end dates (either may be None) before the engagement closes.
    The ledger counts an engagement in the financial year of its start date."""
    if starts_on and ends_on and ends_on < starts_on:
        raise SupportRefused("The end date must be the same as or after the start date")
    with transaction.atomic():
        locked = _lock(engagement)
        if locked.status in CLOSED:
            raise SupportRefused("This engagement is closed, so its dates can no longer change")
        locked.starts_on, locked.ends_on = starts_on, ends_on
        save(locked, by=set_by)
    return locked


# A number of days as given: checked by :func:`support.validation.clean_days`.
DayFigure = Decimal | int | float | str | None


def _days(value: DayFigure, what: str) -> Decimal | None:
    try:
        return validation.clean_days(value, what=what)
    except ValueError as exc:
        raise SupportRefused(str(exc)) from exc


class Keep(Enum):
    """The type of :data:`KEEP`."""

    KEEP = "keep"


# Sentinel for "leave as it is": None means "not recorded" for an actual figure.
KEEP: Final = Keep.KEEP
DAY_FIGURES = {
    "officer_days_planned": "Officer days planned",
    "officer_days_actual": "Officer days actual",
    "member_days_planned": "Member days planned",
    "member_days_actual": "Member days actual",
}


def _day_figures(given: dict[str, DayFigure | Keep]) -> dict[str, Decimal | None]:
    """The figures given (not :data:`KEEP`), each checked; a planned figure is required."""
    values: dict[str, Decimal | None] = {}
    for name, value in given.items():
        if value is KEEP:
            continue
        what = DAY_FIGURES[name]
        days = _days(value, what)
        if name.endswith("planned") and days is None:
            raise SupportRefused(f"Enter the {what.lower()}, or 0")
        values[name] = days
    return values


def _check_days_open(
    engagement: Engagement, provider: EngagementProvider | None, names: Iterable[str]
) -> None:
    """Refuse days for another engagement's provider, a declined engagement, planned days
    once it is completed, and actual days before it has started."""
    names = list(names)
    if provider is not None and provider.engagement_id != engagement.pk:
        raise SupportRefused("That council is not providing this support")
    if engagement.status == S.DECLINED:
        raise SupportRefused("This engagement was declined, so no days can be recorded")
    if any(n.endswith("planned") for n in names) and engagement.status == S.COMPLETED:
        raise SupportRefused("This engagement is completed: record the actual days")
    if any(n.endswith("actual") for n in names) and engagement.status not in UNDER_WAY:
        raise SupportRefused("Record actual days once the engagement has started")


def engagement_days_record(
    *,
    engagement: Engagement,
    provider: EngagementProvider | None = None,
    officer_days_planned: DayFigure | Keep = KEEP,
    officer_days_actual: DayFigure | Keep = KEEP,
    member_days_planned: DayFigure | Keep = KEEP,
    member_days_actual: DayFigure | Keep = KEEP,
    recorded_by: User,
) -> Engagement | EngagementProvider:
    """Record days for one providing council (``provider``) or, with no provider, the
    receiving council's own time. An argument left out keeps its figure; an actual figure may
    be set back to None (not recorded). Planned days can change until the engagement closes;
    actual days only once it is in progress or completed. Returns the row written."""
    values = _day_figures(
        {
            "officer_days_planned": officer_days_planned,
            "officer_days_actual": officer_days_actual,
            "member_days_planned": member_days_planned,
            "member_days_actual": member_days_actual,
        }
    )
    with transaction.atomic():
        locked = _lock(engagement)
        _check_days_open(locked, provider, values)
        row: Engagement | EngagementProvider = (
            EngagementProvider.objects.select_for_update().get(pk=provider.pk)
            if provider is not None
            else locked
        )
        changed = {n: v for n, v in values.items() if getattr(row, n) != v}
        if not changed:
            return row
        for name, value in changed.items():
            setattr(row, name, value)
        save(row, by=recorded_by)
        whose = provider.council.name if provider is not None else locked.council.name
        _log(
            locked,
            EngagementEvent.Action.DAYS,
            actor=recorded_by,
            from_status=locked.status,
            provider=provider,
            text=f"{whose}: "
            + "; ".join(
                f"{DAY_FIGURES[n].lower()} {'not recorded' if v is None else v}"
                for n, v in changed.items()
            ),
        )
    return row


def engagement_feedback_record(
    *,
    engagement: Engagement,
    feedback: str,
    provider: EngagementProvider | None = None,
    outcome: str | None = None,
    recorded_by: User,
) -> Engagement | EngagementProvider:
    """Record feedback from a providing council (``provider``) or from the receiving council
    (no provider), which also records the outcome. Once the engagement is in progress or
    completed; a later record replaces the earlier one, the history keeps both."""
    if not feedback.strip():
        raise SupportRefused("Enter your feedback")
    if provider is not None and outcome is not None:
        raise SupportRefused("The outcome is the receiving council's to record")
    with transaction.atomic():
        locked = _lock(engagement)
        if provider is not None and provider.engagement_id != locked.pk:
            raise SupportRefused("That council is not providing this support")
        if locked.status not in UNDER_WAY:
            raise SupportRefused("Record feedback once the engagement has started")
        row: Engagement | EngagementProvider = (
            EngagementProvider.objects.select_for_update().get(pk=provider.pk)
            if provider is not None
            else locked
        )
        row.feedback = feedback.strip()
        if outcome is not None and isinstance(row, Engagement):
            row.outcome = outcome.strip()
        row.feedback_by = recorded_by
        row.feedback_at = timezone.now()
        save(row, by=recorded_by)
        whose = provider.council.name if provider is not None else locked.council.name
        _log(
            locked,
            EngagementEvent.Action.FEEDBACK,
            actor=recorded_by,
            from_status=locked.status,
            provider=provider,
            text=f"Feedback from {whose}",
        )
    return row
