"""Writes for challenges to a disproportionate share of time (MoU 2.1 g): a council that
believes it is asked to give too much officer and member time challenges it; the regional
administrator records the relevant sub-regional DASS's resolution. Any council may challenge,
flagged by the ledger or not: the MoU leaves it to the council's belief."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from support.models import ChallengeOutcome, ShareChallenge
from support.services.common import SupportRefused, save


def share_challenge_lodge(
    *, council: Council, year: int, reason: str, lodged_by: User
) -> ShareChallenge:
    """Lodge ``council``'s challenge for the financial year starting in ``year``. One open
    challenge per council and year."""
    if not reason.strip():
        raise SupportRefused("Enter why the share of time asked of your council is too much")
    with transaction.atomic():
        if ShareChallenge.objects.filter(
            council=council, year=year, resolved_at__isnull=True
        ).exists():
            raise SupportRefused("Your council already has an open challenge for this year")
        challenge = ShareChallenge(
            council=council, year=year, reason=reason.strip(), lodged_by=lodged_by
        )
        save(challenge, by=lodged_by)
    return challenge


def share_challenge_resolve(
    *, challenge: ShareChallenge, outcome: str, resolution: str, resolved_by: User
) -> ShareChallenge:
    """Record how an open challenge was resolved: upheld or not upheld, and why."""
    if outcome not in ChallengeOutcome.values:
        raise SupportRefused("Choose whether the challenge is upheld")
    if not resolution.strip():
        raise SupportRefused("Enter the resolution")
    with transaction.atomic():
        locked = ShareChallenge.objects.select_for_update().get(pk=challenge.pk)
        if locked.resolved_at is not None:
            raise SupportRefused("This challenge has already been resolved")
        locked.outcome = outcome
        locked.resolution = resolution.strip()
        locked.resolved_by = resolved_by
        locked.resolved_at = timezone.now()
        save(locked, by=resolved_by)
    return locked
