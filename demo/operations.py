"""Demonstration audit trail: who viewed confidential material, who changed what.

The Planning Group member, the risk assessor and the administrator of the demo have opened,
listed and downloaded the named councils' concerns and risk assessments over the last six
weeks, so the administrator's audit log has something to show. The history of changes already
exists: every demo record was written through the services, which keep it."""

import datetime
import random

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from accounts.models import AccessLog, User
from demo.users import ADMIN, ASSESSOR, PLANNER
from triggers.models import Concern, ConcernFile, RiskAssessment

VIEWERS = [PLANNER, ASSESSOR, ADMIN]
WEEKS = 6


def _when(rng: random.Random, now: datetime.datetime) -> datetime.datetime:
    """A working-hours moment in the last few weeks, on a weekday."""
    while True:
        day = timezone.localdate(now) - datetime.timedelta(days=rng.randint(1, WEEKS * 7))
        if day.weekday() < 5:
            break
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)))
    return timezone.make_aware(moment)


@transaction.atomic
def operations_demo_load() -> int:
    """Write the demo audit trail once; running it again adds nothing. Returns rows written."""
    viewers = list(User.objects.filter(email__in=VIEWERS).order_by("email"))
    if not viewers:
        return 0
    earlier = timezone.now() - datetime.timedelta(days=1)
    if AccessLog.objects.filter(user__in=viewers, at__lt=earlier).exists():
        return 0
    rng = random.Random(2026)
    now = timezone.now()
    seen: list[tuple[User, str, Model, int | None]] = []
    concerns = list(Concern.objects.order_by("pk")[:12])
    for concern in concerns:
        for viewer in rng.sample(viewers, k=rng.randint(1, len(viewers))):
            seen.append((viewer, "viewed", concern, concern.council_id))
    for attached in ConcernFile.objects.select_related("concern").order_by("pk")[:8]:
        seen.append((rng.choice(viewers), "downloaded", attached, attached.concern.council_id))
    for assessment in RiskAssessment.objects.order_by("pk")[:12]:
        for viewer in rng.sample(viewers, k=rng.randint(1, 2)):
            seen.append((viewer, "viewed", assessment, assessment.council_id))
    for viewer in viewers:
        for concern in rng.sample(concerns, k=min(4, len(concerns))):
            seen.append((viewer, "listed", concern, concern.council_id))
    entries = AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=viewer,
                action=action,
                record_type=record._meta.label,
                record_id=str(record.pk),
                council_id=council_id,
            )
            for viewer, action, record, council_id in seen
        ]
    )
    # ``at`` is stamped on creation; the demo's views happened over the last weeks.
    for entry in entries:
        entry.at = _when(rng, now)
    AccessLog.objects.bulk_update(entries, ["at"])
    return len(entries)
