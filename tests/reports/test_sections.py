"""The sections drawn from the other apps appear only with published data behind them: a
published improvement plan, the year's events; an unpublished (draft) plan never appears."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from improvement_plans.models import Plan, PlanStatus
from reports.assembly import account_assemble, scope_resolve
from reports.services import TEMPLATE
from sli_portal.pdf import render_pdf_html
from support.models import Event, EventKind
from tests.reports.regional_data import regional_data_fill

pytestmark = pytest.mark.django_db


def html_for(year: int = 2023) -> tuple[str, Any]:
    data = account_assemble(scope=scope_resolve(year=year))
    html = render_pdf_html(
        TEMPLATE,
        {"account": data, "version_number": 1, "generated_at": timezone.now()},
        title=data.title,
    )
    return html, data


def test_sections_without_data_are_left_out(planning_group_member: Any, wirral: Any) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral])
    html, data = html_for()
    assert data.sections == {}
    assert "Improvement plan progress" not in html
    assert "Thematic self-assessment findings" not in html
    assert "Support and reciprocity" not in html


def test_published_plans_and_the_years_events_appear_and_drafts_do_not(
    planning_group_member: Any, wirral: Any, sefton: Any, regional_admin: Any
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    Plan.objects.create(
        council=wirral,
        title="Wirral improvement plan QZX-PUBLISHED",
        status=PlanStatus.PUBLISHED,
        published_at=timezone.now(),
        created_by=regional_admin,
    )
    Plan.objects.create(council=sefton, title="Sefton QZX-DRAFT-PLAN", created_by=regional_admin)
    Event.objects.create(
        kind=EventKind.values[0],
        title="Beacon event QZX-EVENT",
        starts_at=timezone.make_aware(datetime.datetime(2023, 10, 3, 10)),
        ends_at=timezone.make_aware(datetime.datetime(2023, 10, 3, 16)),
        place="Liverpool",
        capacity=40,
        host_council=wirral,
        created_by=regional_admin,
    )
    html, data = html_for()
    assert list(data.sections) == ["support", "improvement-plans"]
    assert "Wirral: Wirral improvement plan QZX-PUBLISHED" in html
    assert "QZX-DRAFT-PLAN" not in html
    assert "QZX-EVENT" not in html
    assert "Events held in 2023/24 by kind" in html
    assert '<a href="#improvement-plans">Improvement plan progress</a>' in html
    assert data.manifest["sections"]["support"]["events"] == [[EventKind.labels[0], 1]]
