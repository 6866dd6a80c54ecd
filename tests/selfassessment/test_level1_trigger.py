"""Below Level 1 on a key element raises an automatic concern under Table 2 "Other
intelligence" through the triggers mechanism, after the submission commits; and
``selfassessment`` imports nothing from ``triggers`` (or any app to its right)."""

import ast
from pathlib import Path

import pytest

from returns.services import period_ensure
from selfassessment.services import answer_moderate
from sli_portal.financial_years import year_label, year_slug
from tests.conftest import committed
from tests.selfassessment.helpers import FY, submitted
from triggers.automatic.evaluation import triggers_evaluate
from triggers.models import Automatic, Concern, ConcernStatus, Visibility
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

APP = Path(__file__).resolve().parents[2] / "selfassessment"
RIGHT_OF_SELFASSESSMENT = {"triggers", "support", "improvement_plans", "reports", "pages", "demo"}


@pytest.fixture
def table2(db: None) -> None:
    table2_load()


def test_submitting_below_level_1_on_a_key_element_raises_a_concern_after_commit(
    table2, review, wirral, wirral_lead
) -> None:
    period_ensure(year=FY, quarter=1)

    with committed():
        submitted(review, wirral, wirral_lead, level=2, levels={"3.1": 0, "1.3": 0})

    concern = Concern.objects.get(
        council=wirral, trigger__automatic=Automatic.SELF_ASSESSMENT_LEVEL1
    )
    # One flag per council per Table 2 trigger; the key element is in its evidence.
    assert concern.automatic_key == Automatic.SELF_ASSESSMENT_LEVEL1
    [item] = concern.evidence_items
    assert item["key"] == f"self_assessment_level1:{review.slug}:3.1:{year_slug(FY)}"
    assert item["subject"] == item["key"]
    assert item["period"] == year_label(FY)
    assert concern.trigger.quadrant.name == "Other Intelligence"
    assert concern.trigger.name.startswith("Failure to meet minimum standards (i.e. Level 1)")
    assert concern.title == (
        "Below Level 1 on key element 3.1 of Integrated Commissioning for Better Outcomes"
    )
    assert concern.reasons.startswith(
        "Wirral's submitted self-assessment for the thematic review 'Integrated Commissioning "
        "for Better Outcomes'"
    )
    assert "below level 1 on key element 3.1 Leaders set a clear vision" in concern.reasons
    assert concern.visibility == Visibility.PLANNING_GROUP
    assert concern.status == ConcernStatus.RAISED
    assert concern.raised_by is None
    # 1.3 is not a key element: no evidence for it (the single item above is 3.1), and no
    # other concern.
    assert Concern.objects.filter(trigger__automatic=Automatic.SELF_ASSESSMENT_LEVEL1).count() == 1


def test_moderation_above_level_1_clears_the_flag_and_a_second_evaluation_raises_nothing(
    table2, review, wirral, wirral_lead, planning_group_member
) -> None:
    period = period_ensure(year=FY, quarter=1)
    with committed():
        sa = submitted(review, wirral, wirral_lead, level=2, levels={"3.1": 0})

    with committed():
        answer_moderate(
            answer=sa.answers.get(standard__code="3.1"),
            level=1,
            reasons="The joint strategy was agreed in March",
            moderated_by=planning_group_member,
        )

    concern = Concern.objects.get(
        council=wirral, trigger__automatic=Automatic.SELF_ASSESSMENT_LEVEL1
    )
    assert concern.condition_cleared_on is not None
    assert concern.status == ConcernStatus.RAISED
    again = triggers_evaluate(period=period)
    assert again.raised == []


def test_without_a_quarter_of_that_year_nothing_is_evaluated_yet(
    table2, review, wirral, wirral_lead
) -> None:
    from returns.models import Period

    Period.objects.filter(year=FY).delete()

    with committed():
        submitted(review, wirral, wirral_lead, level=2, levels={"3.1": 0})

    assert not Concern.objects.exists()
    triggers_evaluate(period=period_ensure(year=FY, quarter=2))
    assert Concern.objects.filter(trigger__automatic=Automatic.SELF_ASSESSMENT_LEVEL1).count() == 1


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_selfassessment_imports_nothing_from_triggers_or_later_apps() -> None:
    files = sorted(APP.rglob("*.py"))
    assert files

    offending = {
        str(path.relative_to(APP)): sorted(imported_modules(path) & RIGHT_OF_SELFASSESSMENT)
        for path in files
        if imported_modules(path) & RIGHT_OF_SELFASSESSMENT
    }

    assert offending == {}
