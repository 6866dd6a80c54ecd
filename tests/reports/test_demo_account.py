"""The demonstration's published Regional Account (demo/reports.py) shows every section:
the thematic self-assessment findings, support and reciprocity in counts, and
improvement plan progress, because the self-assessment and support demonstrations put a
published regional report, completed engagements and past events in the Account's year."""

from decimal import Decimal

import pytest

from accounts.models import User
from demo.improvement_plans import improvement_plans_demo_load
from demo.meetings import meetings_demo_load
from demo.reports import demo_account_year, reports_demo_load
from demo.review import review_demo_load
from demo.selfassessment import selfassessment_demo_load
from demo.support import support_demo_load
from demo.triggers import triggers_demo_load
from demo.users import users_ensure
from reports.models import RegionalAccount, Status
from scorecard.models import Judgement, Narrative
from support.ledger import ledger_for_year
from tests.reports.conftest import pdf_text
from tests.reports.regional_data import regional_data_fill
from triggers.models import (
    AgendaItem,
    Concern,
    ConcernEvent,
    Meeting,
    MeetingAction,
    MeetingCorrection,
    ReviewPriority,
    RiskAssessment,
    SelfCheckAnswer,
)

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


# Every field the demonstration writes that only the Planning Group (or the council concerned)
# may read: concerns and their history, meetings, the review's priorities, risk assessments,
# internal commentary and judgements or narratives not yet published.
CONFIDENTIAL_FIELDS = {
    Concern: ("title", "evidence", "reasons"),
    ConcernEvent: ("text",),
    Meeting: ("minutes", "other_attendees"),
    MeetingAction: ("text",),
    MeetingCorrection: ("text",),
    AgendaItem: ("reasons",),
    ReviewPriority: ("reason",),
    RiskAssessment: (
        "discussion_participants",
        "discussion_record",
        "council_position",
        "rationale",
        "recommendation",
        "council_response",
    ),
    SelfCheckAnswer: ("notes",),
    Judgement: ("internal_commentary",),
}


def _confidential_texts() -> set[str]:
    """Every confidential text in the database long enough to be recognised (a phrase, not a
    word that public text may share)."""
    texts: set[str] = set()
    for model, fields in CONFIDENTIAL_FIELDS.items():
        for row in model.objects.values_list(*fields):
            texts.update(value for value in row if value)
    drafts = Judgement.objects.exclude(commentary="").values_list(
        "commentary", "published_commentary"
    )
    texts.update(draft for draft, published in drafts if draft != published)
    narratives = Narrative.objects.values_list("text", "published_text")
    texts.update(draft for draft, published in narratives if draft and draft != published)
    return {" ".join(text.split()) for text in texts if len(text.strip()) >= 20}


def test_no_confidential_text_of_the_demo_database_is_in_the_published_account() -> None:
    users_ensure()
    year = demo_account_year()
    regional_data_fill(by=User.objects.get(email="planning.group@demo.nwsli.org.uk"), year=year)
    triggers_demo_load()
    review_demo_load()
    meetings_demo_load()
    selfassessment_demo_load()
    support_demo_load()
    improvement_plans_demo_load()
    reports_demo_load()
    secrets = _confidential_texts()
    assert Concern.objects.exists()
    assert Meeting.objects.exists()
    assert len(secrets) >= 20
    account = RegionalAccount.objects.get(status=Status.PUBLISHED)
    with account.file.open("rb") as stored:
        text = " ".join(pdf_text(stored.read()).split())
    found = [secret for secret in secrets if secret in text]
    assert not found, found
