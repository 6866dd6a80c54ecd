"""The demonstration's published Regional Account (demo/reports.py) shows every section:
the thematic self-assessment findings, support and reciprocity in counts, and
improvement plan progress, because the self-assessment and support demonstrations put a
published regional report, completed engagements and past events in the Account's year."""

from decimal import Decimal

import pytest

from accounts.models import User
from demo.improvement_plans import improvement_plans_demo_load
from demo.reports import demo_account_year, reports_demo_load
from demo.selfassessment import selfassessment_demo_load
from demo.support import support_demo_load
from demo.users import users_ensure
from reports.models import RegionalAccount, Status
from support.ledger import ledger_for_year
from tests.reports.conftest import pdf_text
from tests.reports.regional_data import regional_data_fill

pytestmark = pytest.mark.django_db


def section_start(text: str, heading: str) -> int:
    """Where a section begins: its heading's second appearance, after the contents (the
    running header repeats it on the section's later pages)."""
    return text.index(heading, text.index(heading) + len(heading))


def test_the_demo_account_shows_every_section() -> None:
    users_ensure()
    # The published ratings the full demonstration makes from the national figures (too slow
    # to import here): the Account's year is the latest with published ratings.
    year = demo_account_year()
    regional_data_fill(by=User.objects.get(email="planning.group@demo.nwsli.org.uk"), year=year)
    selfassessment_demo_load()
    support_demo_load()
    improvement_plans_demo_load()
    reports_demo_load()
    account = RegionalAccount.objects.get(status=Status.PUBLISHED)
    assert account.year == year
    with account.file.open("rb") as stored:
        # Words only: a table cell's text wraps over lines.
        text = " ".join(pdf_text(stored.read()).split())
    # Each heading appears twice: in the contents and at the section itself.
    for heading in (
        "Thematic self-assessment findings",
        "Support and reciprocity",
        "Improvement plan progress",
    ):
        assert text.count(heading) >= 2, heading

    findings = text[
        section_start(text, "Thematic self-assessment findings") : section_start(
            text, "Support and reciprocity"
        )
    ]
    assert "Integrated Commissioning for Better Outcomes" in findings

    support = text[
        section_start(text, "Support and reciprocity") : section_start(
            text, "Improvement plan progress"
        )
    ]
    label = f"{year}/{(year + 1) % 100:02d}"
    assert f"Officer and member days given and received across the region, {label}" in support
    ledger = ledger_for_year(year=year)
    givers = [row for row in ledger.rows if row.given.total]
    assert len(givers) >= 12
    given = sum((row.given.total for row in ledger.rows), Decimal(0))
    assert f" {given} days " in support
    assert f"Councils giving days {len(givers)} councils" in support
    assert [row.council.name for row in ledger.flagged] == ["Stockport"]
    assert f"Events held in {label} by kind" in support
    assert "Beacon event" in support
    # Counts only: no council is named in the support section.
    for row in ledger.rows:
        assert row.council.name not in support, row.council.name

    plans = text[section_start(text, "Improvement plan progress") :]
    assert "Sefton: Adult social care improvement plan (demonstration)" in plans
