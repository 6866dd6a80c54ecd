"""Plans for the improvement plan tests: the Sefton plan from the seed, and small plans built
through the services."""

from pathlib import Path

import pytest

from authorities.models import Council
from improvement_plans.models import Action, Plan
from improvement_plans.services import action_add, area_add, heading_add, plan_create, plan_import

SEFTON_CSV = (
    Path(__file__).resolve().parents[2] / "improvement_plans/data/sefton-improvement-plan.csv"
)
HEADER = "Heading,Improvement area,Action,How achieved,Expected evidence,Timescale\n"


@pytest.fixture
def sefton_csv() -> bytes:
    return SEFTON_CSV.read_bytes()


@pytest.fixture
def sefton_plan(sefton: Council, sefton_csv: bytes) -> Plan:
    return plan_import(
        council=sefton, content=sefton_csv, name="sefton-improvement-plan.csv", by=None
    ).plan


def build_plan(council: Council, shape: list[list[int]]) -> Plan:
    """A plan with one heading per item of ``shape``, each with an area per number there, each
    with that many actions ("Action A.N" text)."""
    plan = plan_create(council=council, title="Test plan", created_by=None)
    for h, areas in enumerate(shape, 1):
        heading = heading_add(plan=plan, title=f"Heading {h}", by=None)
        for a, count in enumerate(areas, 1):
            area = area_add(heading=heading, title=f"Area {h}.{a}", by=None)
            for n in range(1, count + 1):
                action_add(area=area, how_achieved=f"Action {h}.{a}.{n}", by=None)
    return plan


def numbered(plan: Plan) -> list[tuple[int, str]]:
    return [(a.number, a.how_achieved) for a in Action.objects.in_plan(plan).numbered()]  # type: ignore[attr-defined]
