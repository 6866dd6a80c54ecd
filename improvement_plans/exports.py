"""A plan out of the portal: as XLSX (or CSV) in the import layout, which imports back
unchanged, and as a PDF in the template's three-column layout (How is this to be achieved /
action | Expected evidence of improvement | timescale), grouped by heading and area.

References between actions are written with the actions' current numbers."""

from typing import Any

from accounts.access import AnyUser
from improvement_plans.models import Plan
from improvement_plans.selectors.plans import EvidenceView, PlanView, plan_structure
from improvement_plans.validation import COLUMNS
from sli_portal.pdf import render_pdf
from sli_portal.spreadsheets import write_csv, write_xlsx

PDF_TEMPLATE = "improvement_plans/plan_pdf.html"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
PDF_TYPE = "application/pdf"


def plan_rows(view: PlanView) -> list[tuple[object, ...]]:
    """The plan in the import layout: one row per item of expected evidence (one row for an
    action with none); heading and area on the first row of each, as in the printed template;
    the action's number on every row of the action and its text on the first."""
    rows: list[tuple[object, ...]] = []
    for heading in view.headings:
        heading_cell = heading.heading.title
        for area in heading.areas:
            area_cell = f"Improvement Area {area.number} – {area.area.title}"
            for action in area.actions:
                how_cell = action.how_plain
                items: list[EvidenceView | None] = [*action.evidence] or [None]
                for item in items:
                    rows.append(
                        (
                            heading_cell,
                            area_cell,
                            action.number,
                            how_cell,
                            item.plain if item else "",
                            item.evidence.timescale if item else "",
                        )
                    )
                    heading_cell = area_cell = how_cell = ""
    return rows


def _stem(plan: Plan) -> str:
    return f"{plan.council.slug}-improvement-plan-{plan.pk}"


def plan_xlsx(*, plan: Plan, fetched_by: AnyUser) -> tuple[str, bytes]:
    """File name and content of the plan as an Excel workbook in the import layout."""
    rows = plan_rows(plan_structure(plan=plan, fetched_by=fetched_by))
    return f"{_stem(plan)}.xlsx", write_xlsx(COLUMNS, rows, title="Improvement plan")


def plan_csv(*, plan: Plan, fetched_by: AnyUser) -> tuple[str, bytes]:
    """File name and content of the plan as CSV (UTF-8) in the import layout."""
    rows = plan_rows(plan_structure(plan=plan, fetched_by=fetched_by))
    return f"{_stem(plan)}.csv", write_csv(COLUMNS, rows)


def plan_pdf_context(view: PlanView) -> dict[str, Any]:
    return {"view": view, "plan": view.plan}


def plan_pdf(*, plan: Plan, fetched_by: AnyUser) -> bytes:
    """The plan as a tagged PDF in the template's three-column layout, through the portal's
    one ``render_pdf``."""
    view = plan_structure(plan=plan, fetched_by=fetched_by)
    return render_pdf(
        PDF_TEMPLATE, plan_pdf_context(view), title=f"{plan.council.name}: {plan.title}"
    )
