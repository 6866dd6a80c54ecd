"""Importing a council's existing plan from a CSV or XLSX file in the template's columns
(``improvement_plans.validation``): parse, check every row, then write everything or nothing in
one transaction, recording the file's name, size and SHA-256. A second copy of a file already
imported for the council is recognised and imports nothing."""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import (
    Action,
    ExpectedEvidence,
    ImprovementArea,
    Milestone,
    OutcomeHeading,
    Plan,
    Target,
)
from improvement_plans.services.common import PlanRefused, check_may_edit, save
from improvement_plans.services.details import milestone_from_parsed, target_from_parsed
from improvement_plans.services.structure import refresh_references
from improvement_plans.validation import PlanParse, validate_plan
from sli_portal.uploads import Problem


class PlanImportRefused(PlanRefused):
    """The file has problems; ``problems`` lists every one. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].as_line() if problems else "The file could not be imported")
        self.problems = problems


@dataclass(frozen=True)
class ImportOutcome:
    """``created`` is False when the same file was already imported for the council:
    ``plan`` is then that earlier plan."""

    plan: Plan
    created: bool
    parsed: PlanParse | None


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def plan_for_file(*, council: Council, content: bytes) -> Plan | None:
    """The council's live plan imported from a file with these exact bytes, if any."""
    return (
        Plan.objects.live()
        .filter(council=council, source_sha256=sha256_of(content))
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def plan_import(
    *,
    council: Council,
    content: bytes,
    name: str,
    by: User | None,
    title: str = "",
    period_covered: str = "",
) -> ImportOutcome:
    """Create a draft plan for ``council`` from an uploaded file. Raises
    :class:`PlanImportRefused` with every problem (and writes nothing) for a bad file."""
    check_may_edit(by, Plan(council=council))
    earlier = plan_for_file(council=council, content=content)
    if earlier is not None:
        return ImportOutcome(plan=earlier, created=False, parsed=None)
    parsed = validate_plan(content=content, name=name)
    if not parsed.is_valid:
        raise PlanImportRefused(parsed.problems)
    plan = save(
        Plan(
            council=council,
            title=(title.strip() or f"{council.name} improvement plan")[:200],
            period_covered=period_covered.strip(),
            created_by=by,
            source_name=name[-255:],
            source_size=len(content),
            source_sha256=sha256_of(content),
        ),
        by,
    )
    _write(plan, parsed, by)
    return ImportOutcome(plan=plan, created=True, parsed=parsed)


def _write(plan: Plan, parsed: PlanParse, by: User | None) -> None:
    headings = bulk_create_with_history(
        [
            OutcomeHeading(plan=plan, order=i, title=h.title)
            for i, h in enumerate(parsed.headings, 1)
        ],
        OutcomeHeading,
        default_user=by,
    )
    areas_in = [
        (heading, order, area)
        for heading, parsed_heading in zip(headings, parsed.headings, strict=True)
        for order, area in enumerate(parsed_heading.areas, 1)
    ]
    areas = bulk_create_with_history(
        [ImprovementArea(heading=h, order=o, title=a.title) for h, o, a in areas_in],
        ImprovementArea,
        default_user=by,
    )
    actions_in = [
        (area, order, action)
        for area, (_, _, parsed_area) in zip(areas, areas_in, strict=True)
        for order, action in enumerate(parsed_area.actions, 1)
    ]
    actions = bulk_create_with_history(
        [Action(area=a, order=o, how_achieved=p.how_achieved) for a, o, p in actions_in],
        Action,
        default_user=by,
    )
    evidence_in = [
        (action, order, item)
        for action, (_, _, parsed_action) in zip(actions, actions_in, strict=True)
        for order, item in enumerate(parsed_action.evidence, 1)
    ]
    evidence = bulk_create_with_history(
        [
            ExpectedEvidence(action=a, order=o, text=e.text, timescale=e.timescale)
            for a, o, e in evidence_in
        ],
        ExpectedEvidence,
        default_user=by,
    )
    targets: list[Target] = []
    milestones: list[Milestone] = []
    for item, (action, _, parsed_item) in zip(evidence, evidence_in, strict=True):
        targets += [
            target_from_parsed(t, action=action, evidence=item) for t in parsed_item.targets
        ]
        milestones += [
            milestone_from_parsed(m, action=action, evidence=item, raw=item.timescale)
            for m in parsed_item.milestones
        ]
    bulk_create_with_history(targets, Target, default_user=by)
    bulk_create_with_history(milestones, Milestone, default_user=by)
    # References in the file name actions by their numbers in the source plan.
    by_source_number = {p.number: a.pk for a, (_, _, p) in zip(actions, actions_in, strict=True)}
    for action in actions:
        refresh_references(action=action, action_by_number=by_source_number)
