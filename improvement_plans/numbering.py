"""The one place a plan's area and action numbers are read. Numbers are computed from the live
headings', areas' and actions' order (see ``models``), never stored, so they are right after
every insert, move and removal."""

from dataclasses import dataclass, field

from improvement_plans.models import Action, ImprovementArea, Plan


@dataclass(frozen=True)
class PlanNumbers:
    """``areas`` maps a live area's id to its number across the plan, ``actions`` a live
    action's id to its number across the plan, and ``action_area`` a live action to its area."""

    areas: dict[int, int] = field(default_factory=dict)
    actions: dict[int, int] = field(default_factory=dict)
    action_area: dict[int, int] = field(default_factory=dict)

    def action_by_number(self) -> dict[int, int]:
        """Action id for each current action number."""
        return {number: pk for pk, number in self.actions.items()}

    def area_of_action(self, action_id: int) -> int | None:
        """The current number of the area holding the action (None if it is not live)."""
        area = self.action_area.get(action_id)
        return None if area is None else self.areas.get(area)


def plan_numbers(plan: Plan | int) -> PlanNumbers:
    """The current numbers of every live area and action of ``plan``, in two queries."""
    areas = (
        ImprovementArea.objects.filter(heading__plan=plan).numbered().values_list("pk", "number")
    )
    actions = Action.objects.in_plan(plan).numbered().values_list("pk", "number", "area_id")
    action_rows = list(actions)
    return PlanNumbers(
        areas=dict(areas),
        actions={pk: number for pk, number, _ in action_rows},
        action_area={pk: area for pk, _, area in action_rows},
    )
