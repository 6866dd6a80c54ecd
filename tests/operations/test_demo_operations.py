"""The demo audit trail: the administrator of the demo sees who viewed what, over weeks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog, User
from demo.operations import VIEWERS, WEEKS, operations_demo_load
from demo.users import users_ensure
from triggers.models import Concern, RiskAssessment, Trigger
from triggers.table2 import table2_load


@pytest.fixture
def demo_records(wirral, sefton) -> None:
    users_ensure()
    table2_load()
    planner = User.objects.get(email="planning.group@demo.nwsli.org.uk")
    for council in (wirral, sefton):
        Concern.objects.create(
            council=council,
            trigger=Trigger.objects.order_by("pk").first(),
            title=f"Waiting lists at {council.name}",
            evidence="Confidential evidence",
            raised_on=datetime.date(2025, 6, 1),
            raised_by=planner,
        )
        RiskAssessment.objects.create(council=council, year=2025, assessor=planner)


@pytest.mark.django_db
def test_demo_audit_trail_is_written_once_over_recent_weeks(demo_records, wirral) -> None:
    written = operations_demo_load()

    assert written > 0
    assert operations_demo_load() == 0
    entries = AccessLog.objects.all()
    assert entries.count() == written
    assert set(entries.values_list("user__email", flat=True)) <= set(VIEWERS)
    assert {"triggers.Concern", "triggers.RiskAssessment"} <= set(
        entries.values_list("record_type", flat=True)
    )
    assert entries.filter(council=wirral).exists()
    oldest = timezone.now() - datetime.timedelta(weeks=WEEKS, days=1)
    assert all(oldest < entry.at < timezone.now() for entry in entries)
    assert len({entry.at.date() for entry in entries}) > 3


@pytest.mark.django_db
def test_the_demo_administrator_sees_the_trail(demo_records, client_for) -> None:
    operations_demo_load()
    admin = User.objects.get(email="regional.admin@demo.nwsli.org.uk")

    response = client_for(admin).get(reverse("operations:access_log"))

    assert response.status_code == 200
    assert "Pat Planner" in response.content.decode()
    assert response.context["page"].paginator.count == AccessLog.objects.count()
