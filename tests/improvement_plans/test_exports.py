"""Exports: XLSX (and CSV) in the import layout that imports back unchanged, and the PDF in the
template's three-column layout."""

import pytest

from accounts.models import User
from authorities.models import Council
from improvement_plans.exports import plan_csv, plan_pdf, plan_rows, plan_xlsx
from improvement_plans.models import ImprovementArea, Plan
from improvement_plans.selectors import plan_structure
from improvement_plans.services import action_add, evidence_add, plan_import
from improvement_plans.validation import PlanParse, validate_plan
from tests.improvement_plans.conftest import build_plan

pytestmark = pytest.mark.django_db


def structure(parsed: PlanParse) -> list[object]:
    return [
        (
            h.title,
            [
                (
                    a.number,
                    a.title,
                    [
                        (x.number, x.how_achieved, [(e.text, e.timescale) for e in x.evidence])
                        for x in a.actions
                    ],
                )
                for a in h.areas
            ],
        )
        for h in parsed.headings
    ]


def test_import_export_import_gives_the_same_plan(
    sefton_csv: bytes, sefton_plan: Plan, sefton_lead: User, wirral: Council
) -> None:
    name, content = plan_xlsx(plan=sefton_plan, fetched_by=sefton_lead)
    assert name.endswith(".xlsx")
    original = validate_plan(content=sefton_csv, name="sefton.csv")
    exported = validate_plan(content=content, name=name)
    assert exported.problems == []
    assert structure(exported) == structure(original)
    _, csv_content = plan_csv(plan=sefton_plan, fetched_by=sefton_lead)
    assert structure(validate_plan(content=csv_content, name="plan.csv")) == structure(original)
    again = plan_import(council=wirral, content=content, name=name, by=None)
    assert again.created is True
    _, twice = plan_xlsx(plan=again.plan, fetched_by=sefton_lead)
    assert structure(validate_plan(content=twice, name="again.xlsx")) == structure(original)


def test_text_that_looks_like_a_formula_survives_the_round_trip(
    sefton: Council, sefton_lead: User
) -> None:
    plan = build_plan(sefton, [[1]])
    action = plan.headings.get().areas.get().actions.get()
    evidence_add(
        action=action, text="-5% on last year; =not a formula", timescale="+ quarterly", by=None
    )
    _, content = plan_xlsx(plan=plan, fetched_by=sefton_lead)
    parsed = validate_plan(content=content, name="plan.xlsx")
    assert parsed.problems == []
    item = parsed.actions[0].evidence[0]
    assert (item.text, item.timescale) == ("-5% on last year; =not a formula", "+ quarterly")


def test_the_export_uses_current_numbers_after_an_insert(
    sefton_plan: Plan, sefton_lead: User
) -> None:
    first_area = ImprovementArea.objects.filter(heading__plan=sefton_plan).numbered()[0]
    action_add(area=first_area, how_achieved="A new first action.", position=1, by=sefton_lead)
    rows = plan_rows(plan_structure(plan=sefton_plan, fetched_by=sefton_lead))
    assert rows[0][2:4] == (1, "A new first action.")
    assert rows[-1][2] == 54
    texts = " ".join(str(row[4]) for row in rows)
    assert "see Area 3 Action 12" in texts
    assert "Area 1 Actions 2 & 3 and Area 2 Actions 7 & 8" in texts
    parsed = validate_plan(
        content=plan_xlsx(plan=sefton_plan, fetched_by=sefton_lead)[1], name="p.xlsx"
    )
    assert len(parsed.actions) == 54


def test_the_plan_is_produced_as_a_pdf(sefton_plan: Plan, sefton_lead: User) -> None:
    content = plan_pdf(plan=sefton_plan, fetched_by=sefton_lead)
    assert content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )
    assert "How is this to be achieved / action" in text
    assert "Improvement Area 19" in text
