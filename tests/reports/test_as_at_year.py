"""The Account is computed as at the end of its year, never as at the day it is produced:
improvement plans as reported for the year's last quarter, milestones overdue on its last day;
rendering one year twice gives the same text, and the management command and the portal's job
produce the same document."""

import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from improvement_plans.models import (
    Action,
    ImprovementArea,
    Milestone,
    MilestoneKind,
    OutcomeHeading,
    Plan,
    PlanStatus,
    ProgressStatus,
    ProgressUpdate,
)
from reports.assembly import account_assemble, scope_resolve
from reports.services import regional_account_produce_now
from returns.services import period_ensure
from tests.reports.conftest import pdf_text
from tests.reports.regional_data import regional_data_fill

pytestmark = pytest.mark.django_db

# The cover's one line about this production (its version and when it was made).
PRODUCED = re.compile(r"(Version|Produced)\s+(\d+, produced )?\d{1,2} \w+ \d{4}, \d\d:\d\d")


def plan_reported_after_the_year(council: Any, by: Any) -> Plan:
    """A published plan with progress in 2023/24 Q3 and again in 2024/25 Q1, and a milestone
    due in January 2024 that was completed only in June 2024."""
    plan = Plan.objects.create(
        council=council,
        title="Plan QZX-AS-AT",
        status=PlanStatus.PUBLISHED,
        published_at=timezone.now(),
        created_by=by,
    )
    heading = OutcomeHeading.objects.create(plan=plan, order=1, title="Safeguarding Adults")
    area = ImprovementArea.objects.create(heading=heading, order=1, title="Case audits")
    action = Action.objects.create(area=area, order=1, how_achieved="Audit a sample monthly")
    Milestone.objects.create(
        action=action,
        kind=MilestoneKind.DATE,
        due_date=datetime.date(2024, 1, 15),
        completed_on=datetime.date(2024, 6, 1),
    )
    for year, quarter, status in [
        (2023, 3, ProgressStatus.AT_RISK),
        (2024, 1, ProgressStatus.COMPLETE),
    ]:
        ProgressUpdate.objects.create(
            action=action,
            period=period_ensure(year=year, quarter=quarter),
            status=status,
            recorded_by=by,
        )
    return plan


def test_plans_are_read_as_at_the_end_of_the_accounts_year(
    planning_group_member: Any, wirral: Any
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral])
    plan_reported_after_the_year(wirral, planning_group_member)
    section = account_assemble(scope=scope_resolve(year=2023)).sections["improvement-plans"]
    assert section.data.as_at == datetime.date(2024, 3, 31)
    [summary] = section.data.plans
    assert summary.period.label == "2023/24 Q3"
    assert summary.status_counts[ProgressStatus.AT_RISK] == 1
    assert summary.status_counts[ProgressStatus.COMPLETE] == 0
    # Due 15 January 2024, completed only in June 2024: overdue on 31 March 2024.
    assert summary.overdue_milestones == 1


def test_a_milestone_completed_by_the_year_end_is_not_overdue(
    planning_group_member: Any, wirral: Any
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral])
    plan = plan_reported_after_the_year(wirral, planning_group_member)
    Milestone.objects.filter(action__area__heading__plan=plan).update(
        completed_on=datetime.date(2024, 3, 31)
    )
    section = account_assemble(scope=scope_resolve(year=2023)).sections["improvement-plans"]
    assert section.data.plans[0].overdue_milestones == 0


def test_one_year_rendered_twice_and_by_the_command_and_the_job_reads_the_same(
    planning_group_member: Any, wirral: Any, sefton: Any, regional_admin: Any, tmp_path: Path
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    plan_reported_after_the_year(wirral, planning_group_member)
    output = tmp_path / "account.pdf"
    call_command(
        "render_regional_account",
        "--year",
        "2023-24",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    texts = [pdf_text(output.read_bytes())]
    account = regional_account_produce_now(year=2023, requested_by=regional_admin)
    with account.file.open("rb") as stored:
        texts.append(pdf_text(stored.read()))
    (tmp_path / "command.txt").write_text(texts[0])
    (tmp_path / "job.txt").write_text(texts[1])
    assert all(PRODUCED.search(text) for text in texts)
    command, job = (PRODUCED.sub("", text, count=1) for text in texts)
    assert "as at 31 March 2024" in command
    assert "2024/25" not in command
    assert command == job
