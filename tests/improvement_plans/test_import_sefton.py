"""The Sefton plan from the seed (improvement_plans/data/sefton-improvement-plan.csv) comes in
as its 5 headings, 19 areas and 53 actions, with its references as links."""

import hashlib
from decimal import Decimal

import pytest

from authorities.models import Council
from improvement_plans.models import (
    Action,
    ActionReference,
    ExpectedEvidence,
    ImprovementArea,
    Milestone,
    OutcomeHeading,
    Plan,
    PlanStatus,
    Target,
)
from improvement_plans.selectors import plan_structure
from improvement_plans.services import plan_import

pytestmark = pytest.mark.django_db


def test_sefton_plan_has_its_headings_areas_and_actions(sefton_plan: Plan) -> None:
    headings = list(OutcomeHeading.objects.filter(plan=sefton_plan).order_by("order"))
    areas = list(ImprovementArea.objects.filter(heading__plan=sefton_plan).numbered())
    actions = list(Action.objects.in_plan(sefton_plan).numbered())
    assert [h.title for h in headings] == [
        "Safeguarding Adults",
        "Improved quality of life for older people",
        "Increased choice and control for older people",
        "Providing Leadership",
        "Commissioning and use of resources",
    ]
    assert [a.number for a in areas] == list(range(1, 20))  # type: ignore[attr-defined]
    assert [a.number for a in actions] == list(range(1, 54))  # type: ignore[attr-defined]
    assert areas[0].title.startswith("Improve the practice in relation to identification")
    assert areas[18].title.startswith("Use value for money approach")
    assert actions[0].how_achieved == "Streamline and clarify risk assessment documentation."
    assert actions[52].area_id == areas[18].pk
    assert sefton_plan.status == PlanStatus.DRAFT


def test_every_row_is_an_item_of_expected_evidence_with_its_timescale(sefton_plan: Plan) -> None:
    evidence = ExpectedEvidence.objects.filter(action__area__heading__plan=sefton_plan)
    assert evidence.count() == 98
    first = evidence.get(action__order=1, action__area__order=1, action__area__heading__order=1)
    assert first.timescale.startswith("New documentation completed June 2010")


def test_file_name_size_and_sha256_are_recorded(sefton_plan: Plan, sefton_csv: bytes) -> None:
    assert sefton_plan.source_name == "sefton-improvement-plan.csv"
    assert sefton_plan.source_size == len(sefton_csv)
    assert sefton_plan.source_sha256 == hashlib.sha256(sefton_csv).hexdigest()


def test_a_second_copy_of_the_same_file_is_recognised(
    sefton_plan: Plan, sefton: Council, sefton_csv: bytes
) -> None:
    again = plan_import(council=sefton, content=sefton_csv, name="copy.csv", by=None)
    assert again.created is False
    assert again.plan == sefton_plan
    assert Plan.objects.filter(council=sefton).count() == 1


def test_targets_are_read_from_the_evidence(sefton_plan: Plan) -> None:
    targets = Target.objects.filter(action__area__heading__plan=sefton_plan)
    fewer = targets.get(description__startswith="A target of fewer than 5%")
    assert (fewer.direction, fewer.target_value, fewer.unit) == (
        "fewer_than",
        Decimal(5),
        "percent",
    )
    review = targets.get(description__contains="review within 28 days")
    assert (review.direction, review.target_value) == ("at_least", Decimal(70))
    attendees = targets.filter(description__contains="80% of attendees")
    assert attendees.exists()
    assert all(t.description for t in targets)


def test_milestones_are_read_from_the_timescales(sefton_plan: Plan) -> None:
    milestones = Milestone.objects.filter(action__area__heading__plan=sefton_plan)
    first = milestones.filter(raw_text__startswith="New documentation completed June 2010")
    assert first.filter(kind="month", description="New documentation completed").exists()
    assert milestones.filter(kind="recurring", recurrence="quarterly").exists()
    assert milestones.filter(kind="completed").exists()
    ongoing = milestones.get(raw_text="Ongoing from March 2010", kind="recurring")
    assert (ongoing.recurrence, str(ongoing.due_date)) == ("ongoing", "2010-03-01")


def test_references_between_actions_are_links(sefton_plan: Plan, sefton_lead: object) -> None:
    numbers = {a.pk: a.number for a in Action.objects.in_plan(sefton_plan).numbered()}  # type: ignore[attr-defined]
    targets = {
        numbers[r.target_id]
        for r in ActionReference.objects.filter(source_action__area__heading__plan=sefton_plan)
    }
    # "see Area 3 Action 11", "Area 1 Actions 1 & 2 and Area 2 Actions 6 & 7",
    # "(for example see Area 3 Actions 16 & 17", "Area 2 Action 6", "Area 2 Action 9".
    assert {11, 1, 2, 6, 7, 16, 17, 9} <= targets
    view = plan_structure(plan=sefton_plan, fetched_by=sefton_lead)
    action_9 = view.actions[8]
    html = " ".join(item.html for item in action_9.evidence)
    assert 'aria-label="Action 11">11</a>' in html
    plain = " ".join(item.plain for item in action_9.evidence)
    assert "Area 1 Actions 1 & 2 and Area 2 Actions 6 & 7" in plain
