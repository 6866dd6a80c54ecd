"""Writes for a plan as a whole: creating it, publishing it and what it cites."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import (
    CITED_RECORDS,
    Citation,
    ImprovementArea,
    Plan,
    PlanStatus,
)
from improvement_plans.services.common import (
    PlanRefused,
    check_may_edit,
    clean_text,
    lock_plan,
    save,
)
from returns.models import Domain

TITLE_MAX = 200


@transaction.atomic
def plan_create(
    *, council: Council, title: str, period_covered: str = "", created_by: User | None
) -> Plan:
    """Start a draft plan for ``council``; nobody outside the region sees it until published."""
    plan = Plan(
        council=council,
        title=clean_text(title, field="title", label="the plan's title"),
        period_covered=period_covered.strip(),
        created_by=created_by,
    )
    if len(plan.title) > TITLE_MAX:
        raise PlanRefused(f"The title must be {TITLE_MAX} characters or fewer", field="title")
    check_may_edit(created_by, plan)
    return save(plan, created_by)


@transaction.atomic
def plan_update(
    *, plan: Plan, title: str, period_covered: str = "", updated_by: User | None
) -> Plan:
    """Change the plan's title and the period it covers. An archived plan is not changed: it
    is kept as it was when the council stopped using it."""
    check_may_edit(updated_by, plan)
    plan = lock_plan(plan)
    if plan.archived_at is not None:
        raise PlanRefused("This plan has been archived")
    text = clean_text(title, field="title", label="the plan's title")
    if len(text) > TITLE_MAX:
        raise PlanRefused(f"The title must be {TITLE_MAX} characters or fewer", field="title")
    plan.title = text
    plan.period_covered = period_covered.strip()
    return save(plan, updated_by, update_fields=["title", "period_covered", "updated_at"])


@transaction.atomic
def plan_publish(*, plan: Plan, by: User | None) -> Plan:
    """Publish the plan: the public can then see it."""
    check_may_edit(by, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.archived_at is not None:
        raise PlanRefused("This plan has been archived")
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = by
    return save(plan, by)


@transaction.atomic
def plan_unpublish(*, plan: Plan, by: User | None) -> Plan:
    """Take the plan back to draft: the public no longer sees it. When it was published and by
    whom stay in its history."""
    check_may_edit(by, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.status = PlanStatus.DRAFT
    plan.published_at = None
    plan.published_by = None
    return save(plan, by)


@transaction.atomic
def plan_archive(*, plan: Plan, by: User | None) -> Plan:
    """Archive a plan the council no longer uses (kept, with its history and progress)."""
    check_may_edit(by, plan)
    plan.archived_at = timezone.now()
    plan.archived_by = by
    return save(plan, by)


@transaction.atomic
def citation_add(
    *,
    plan: Plan,
    area: ImprovementArea | None = None,
    domain: str = "",
    note: str = "",
    by: User | None,
    **record: object,
) -> Citation:
    """Record what prompted the plan (or one of its areas), or a support engagement serving
    it: exactly one of ``domain`` (a scorecard domain) or a record passed by name —
    ``concern``, ``risk_assessment`` (and, where installed, ``thematic_review``,
    ``standard``, ``engagement``). A cited record must be about the plan's council."""
    check_may_edit(by, plan)
    unknown = set(record) - set(CITED_RECORDS)
    if unknown:
        raise TypeError(f"citation_add() cannot cite {', '.join(sorted(unknown))}")
    given = {name: value for name, value in record.items() if value is not None}
    if len(given) + bool(domain) != 1:
        raise PlanRefused("Choose one thing the plan cites", field="cited")
    if domain and domain not in Domain.values:
        raise PlanRefused("Choose a scorecard domain", field="domain")
    if area is not None and area.heading.plan_id != plan.pk:
        raise PlanRefused("Choose an improvement area of this plan", field="area")
    for name, value in given.items():
        council_id = _council_of(value)
        if council_id is not None and council_id != plan.council_id:
            raise PlanRefused(
                f"The {name.replace('_', ' ')} must be about {plan.council}", field=name
            )
    citation = Citation(plan=plan, area=area, domain=domain, note=note.strip(), created_by=by)
    for name, value in given.items():
        setattr(citation, name, value)
    return save(citation, by)


def _council_of(record: object) -> int | None:
    """The council a cited record is about, if it is about one council."""
    for attribute in ("council_id", "receiving_council_id"):
        value = getattr(record, attribute, None)
        if isinstance(value, int):
            return value
    return None


@transaction.atomic
def citation_remove(*, citation: Citation, by: User | None) -> None:
    check_may_edit(by, citation.plan)
    citation.archived_at = timezone.now()
    save(citation, by)
