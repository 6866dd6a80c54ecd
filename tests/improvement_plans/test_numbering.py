"""Numbers stay right when headings, areas and actions are added, moved or removed: areas are
numbered across the plan, actions across the whole plan, and references follow the actions."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import Action, ImprovementArea, OutcomeHeading, Plan
from improvement_plans.numbering import plan_numbers
from improvement_plans.selectors import plan_structure
from improvement_plans.services import (
    PlanRefused,
    action_add,
    action_move,
    action_remove,
    area_add,
    area_move,
    area_remove,
    evidence_add,
    evidence_update,
    heading_add,
    heading_move,
    heading_remove,
)
from tests.improvement_plans.conftest import build_plan, numbered

pytestmark = pytest.mark.django_db


def areas_numbered(plan: Plan) -> list[tuple[int, str]]:
    return [
        (a.number, a.title) for a in ImprovementArea.objects.filter(heading__plan=plan).numbered()
    ]  # type: ignore[attr-defined]


def action(plan: Plan, text: str) -> Action:
    return Action.objects.in_plan(plan).get(how_achieved=text)


def test_actions_are_numbered_across_the_whole_plan(sefton: Council) -> None:
    plan = build_plan(sefton, [[2, 1], [2]])
    assert numbered(plan) == [
        (1, "Action 1.1.1"),
        (2, "Action 1.1.2"),
        (3, "Action 1.2.1"),
        (4, "Action 2.1.1"),
        (5, "Action 2.1.2"),
    ]
    assert [n for n, _ in areas_numbered(plan)] == [1, 2, 3]


def test_an_action_added_between_two_others_takes_its_number(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[3], [1]])
    area = ImprovementArea.objects.get(heading__plan=plan, title="Area 1.1")
    action_add(area=area, how_achieved="New", position=2, by=sefton_lead)
    assert numbered(plan) == [
        (1, "Action 1.1.1"),
        (2, "New"),
        (3, "Action 1.1.2"),
        (4, "Action 1.1.3"),
        (5, "Action 2.1.1"),
    ]
    orders = list(area.actions.order_by("order").values_list("order", flat=True))
    assert orders == [1, 2, 3, 4]


def test_a_moved_action_is_renumbered_and_both_areas_close_up(sefton: Council) -> None:
    plan = build_plan(sefton, [[3, 2]])
    second_area = ImprovementArea.objects.get(heading__plan=plan, title="Area 1.2")
    action_move(action=action(plan, "Action 1.1.1"), area=second_area, position=2, by=None)
    assert numbered(plan) == [
        (1, "Action 1.1.2"),
        (2, "Action 1.1.3"),
        (3, "Action 1.2.1"),
        (4, "Action 1.1.1"),
        (5, "Action 1.2.2"),
    ]
    first_area = ImprovementArea.objects.get(heading__plan=plan, title="Area 1.1")
    assert list(first_area.actions.values_list("order", flat=True).order_by("order")) == [1, 2]
    action_move(action=action(plan, "Action 1.1.1"), position=1, by=None)
    assert numbered(plan)[2:4] == [(3, "Action 1.1.1"), (4, "Action 1.2.1")]


def test_a_removed_action_is_archived_and_later_actions_move_up(sefton: Council) -> None:
    plan = build_plan(sefton, [[3], [1]])
    removed = action(plan, "Action 1.1.2")
    action_remove(action=removed, by=None)
    removed.refresh_from_db()
    assert removed.archived_at is not None
    assert numbered(plan) == [(1, "Action 1.1.1"), (2, "Action 1.1.3"), (3, "Action 2.1.1")]
    assert removed.history.count() == 2


def test_adding_moving_and_removing_areas_renumbers_areas_and_actions(sefton: Council) -> None:
    plan = build_plan(sefton, [[1, 1], [1]])
    heading = OutcomeHeading.objects.get(plan=plan, title="Heading 1")
    new = area_add(heading=heading, title="Inserted", position=1, by=None)
    action_add(area=new, how_achieved="In the new area", by=None)
    assert areas_numbered(plan) == [
        (1, "Inserted"),
        (2, "Area 1.1"),
        (3, "Area 1.2"),
        (4, "Area 2.1"),
    ]
    assert numbered(plan)[0] == (1, "In the new area")
    second_heading = OutcomeHeading.objects.get(plan=plan, title="Heading 2")
    area_move(area=new, heading=second_heading, position=2, by=None)
    assert areas_numbered(plan) == [
        (1, "Area 1.1"),
        (2, "Area 1.2"),
        (3, "Area 2.1"),
        (4, "Inserted"),
    ]
    assert numbered(plan)[-1] == (4, "In the new area")
    area_remove(area=ImprovementArea.objects.get(heading__plan=plan, title="Area 1.1"), by=None)
    assert areas_numbered(plan) == [(1, "Area 1.2"), (2, "Area 2.1"), (3, "Inserted")]
    assert [n for n, _ in numbered(plan)] == [1, 2, 3]


def test_moving_and_removing_headings_renumbers_everything_under_them(sefton: Council) -> None:
    plan = build_plan(sefton, [[1], [2]])
    second = OutcomeHeading.objects.get(plan=plan, title="Heading 2")
    heading_move(heading=second, position=1, by=None)
    assert numbered(plan) == [(1, "Action 2.1.1"), (2, "Action 2.1.2"), (3, "Action 1.1.1")]
    heading_remove(heading=second, by=None)
    assert numbered(plan) == [(1, "Action 1.1.1")]
    added = heading_add(plan=plan, title="First", position=1, by=None)
    assert list(
        OutcomeHeading.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("order")
        .values_list("title", flat=True)
    ) == ["First", "Heading 1"]
    assert added.order == 1


def test_references_follow_the_action_when_numbers_change(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[2], [2]])
    referrer = action(plan, "Action 1.1.1")
    item = evidence_add(
        action=referrer, text="Reported as in Area 2 Actions 3 & 4 (see Area 2 Action 4).", by=None
    )
    area_1 = ImprovementArea.objects.get(heading__plan=plan, title="Area 1.1")
    action_add(area=area_1, how_achieved="Inserted", position=1, by=None)
    view = plan_structure(plan=plan, fetched_by=sefton_lead)
    plain = view.actions[1].evidence[0].plain
    assert plain == "Reported as in Area 2 Actions 4 & 5 (see Area 2 Action 5)."
    action_remove(action=action(plan, "Action 2.1.2"), by=None)
    view = plan_structure(plan=plan, fetched_by=sefton_lead)
    assert (
        view.actions[1].evidence[0].plain
        == "Reported as in Area 2 Actions 4 & [removed] (see Area 2 Action [removed])."
    )
    item.refresh_from_db()
    assert item.text == "Reported as in Area 2 Actions 3 & 4 (see Area 2 Action 4)."


def test_a_reference_regroups_when_its_actions_end_up_in_different_areas(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[1, 2]])
    evidence_add(action=action(plan, "Action 1.1.1"), text="See Area 2 Actions 2 & 3.", by=None)
    area_1 = ImprovementArea.objects.get(heading__plan=plan, title="Area 1.1")
    action_move(action=action(plan, "Action 1.2.2"), area=area_1, by=None)
    view = plan_structure(plan=plan, fetched_by=sefton_lead)
    assert view.actions[0].evidence[0].plain == "See Area 1 Action 2 and Area 2 Action 3."


def test_text_edited_after_renumbering_names_actions_by_their_current_numbers(
    sefton: Council,
) -> None:
    plan = build_plan(sefton, [[3]])
    area = ImprovementArea.objects.get(heading__plan=plan)
    item = evidence_add(action=action(plan, "Action 1.1.1"), text="See Area 1 Action 3.", by=None)
    action_add(area=area, how_achieved="New first", position=1, by=None)
    evidence_update(evidence=item, text="See Area 1 Action 4 again.", by=None)
    target = item.references.get().target
    assert target.how_achieved == "Action 1.1.3"


def test_positions_and_other_plans_are_refused(sefton: Council, wirral: Council) -> None:
    plan = build_plan(sefton, [[1]])
    other = build_plan(wirral, [[1]])
    with pytest.raises(PlanRefused):
        action_add(
            area=ImprovementArea.objects.get(heading__plan=plan),
            how_achieved="x",
            position=0,
            by=None,
        )
    with pytest.raises(PlanRefused):
        action_move(
            action=action(plan, "Action 1.1.1"),
            area=ImprovementArea.objects.get(heading__plan=other),
            by=None,
        )
    with pytest.raises(PlanRefused):
        action_add(area=ImprovementArea.objects.get(heading__plan=plan), how_achieved="  ", by=None)


def test_only_the_councils_own_users_edit_its_plan(
    sefton: Council, wirral_lead: User, planning_group_member: User
) -> None:
    plan = build_plan(sefton, [[1]])
    area = ImprovementArea.objects.get(heading__plan=plan)
    for user in (wirral_lead, planning_group_member):
        with pytest.raises(PermissionDenied):
            action_add(area=area, how_achieved="Not mine", by=user)
    assert plan_numbers(plan).actions.__len__() == 1
