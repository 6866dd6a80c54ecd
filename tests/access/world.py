"""One of everything a URL can address, for the role × URL matrix: a Wirral return with two
versions, a published scorecard, a Local Account with its document, a shared concern with a
file, a meeting, a shared risk assessment and a shared self-check."""

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.models import Domain, Measure, Period
from returns.services import return_upload_create
from scorecard.models import Judgement, LocalAccount, Rating
from tests.access.world_improvement_plans import build_improvement_plans_world
from tests.access.world_national import build_national_world
from tests.access.world_notifications import build_notifications_world
from tests.access.world_opendata import build_opendata_world
from tests.access.world_operations import build_operations_world
from tests.access.world_reports import build_reports_world
from tests.access.world_security import build_security_world
from tests.access.world_selfassessment import build_selfassessment_world
from tests.access.world_support import build_support_world
from tests.conftest import committed
from tests.returns.files import csv_upload
from triggers.models import (
    AgendaItem,
    Concern,
    ConcernFile,
    ConcernStatus,
    Meeting,
    RiskAssessment,
    SelfCheck,
    Trigger,
    Visibility,
)
from triggers.table2 import table2_load

YEAR = 2024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_world(wirral: Council, period: Period, lead: User, reviewer: User) -> dict[str, Any]:
    with committed():
        first = return_upload_create(
            council=wirral, period=period, file=csv_upload(wirral, period), uploaded_by=lead
        )
    with committed():
        return_upload_create(
            council=wirral,
            period=period,
            file=csv_upload(wirral, period, **{"2C": "499.0"}),
            uploaded_by=lead,
        )
    now = timezone.now()
    for domain in Domain:
        Judgement.objects.create(
            council=wirral,
            period=period,
            domain=domain,
            rating=Rating.GREEN,
            commentary="Public commentary",
            internal_commentary="Internal commentary",
            published_rating=Rating.GREEN,
            published_commentary="Public commentary",
            published_at=now,
            published_by=reviewer,
            written_by=reviewer,
        )
    account = LocalAccount(
        council=wirral,
        year=YEAR,
        assessment=LocalAccount.Assessment.PUBLISHED,
        recorded_by=reviewer,
    )
    account.document.save("local-account.pdf", ContentFile(PDF), save=False)
    account.save()
    table2_load()
    concern = Concern.objects.create(
        council=wirral,
        trigger=Trigger.objects.order_by("pk").first(),
        title="A concern",
        evidence="Confidential evidence",
        raised_on=datetime.date(2024, 6, 1),
        visibility=Visibility.SHARED,
        status=ConcernStatus.SHARED,
        raised_by=reviewer,
    )
    concern_file = ConcernFile(concern=concern, original_name="evidence.pdf", uploaded_by=reviewer)
    concern_file.file.save("evidence.pdf", ContentFile(PDF), save=False)
    concern_file.save()
    meeting = Meeting.objects.create(held_on=datetime.date(2024, 7, 1), created_by=reviewer)
    AgendaItem.objects.create(meeting=meeting, council=wirral)
    RiskAssessment.objects.create(
        council=wirral, year=YEAR, assessor=reviewer, shared_with_council_at=now
    )
    SelfCheck.objects.create(council=wirral, year=YEAR, updated_by=lead, shared_at=now)
    world = {
        "period": period,
        "upload": first.upload,
        "measure": Measure.objects.in_return().first(),
        "concern": concern,
        "concern_file": concern_file,
        "meeting": meeting,
        "year": YEAR,
        "wirral": wirral,
        "lead": lead,
        "reviewer": reviewer,
    }
    world.update(build_selfassessment_world(world))
    world.update(build_support_world(world))
    world.update(build_improvement_plans_world(world))
    world.update(build_reports_world(world))
    world.update(build_notifications_world(world))
    world.update(build_opendata_world(world))
    world.update(build_operations_world(world))
    world.update(build_national_world(world))
    world.update(build_security_world(world))
    return world
