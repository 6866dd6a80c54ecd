"""Checking an uploaded plan: every bad file is refused with row-and-column problems a council
officer understands, and nothing is written."""

import pytest

from authorities.models import Council
from improvement_plans.models import Plan
from improvement_plans.services import PlanImportRefused, plan_import
from improvement_plans.validation import COLUMNS, validate_plan
from tests.sli_portal.tables import csv_table, rezip, xlsx_table

GOOD = [
    [
        "Safeguarding Adults",
        "Improvement Area 1 – Improve practice",
        "1",
        "Streamline documents.",
        "A target of fewer than 5% poor.",
        "June 2010",
    ],
    ["", "", "1", "", "Audit monthly.", "Monthly from July 2010"],
    ["", "2 – Strengthen recording", "2", "New pro-forma.", "See Area 1 Action 1.", "Completed"],
    ["Providing Leadership", "Improvement Area 3 – Lead", "3", "Refresh strategy.", "", ""],
]


def csv_bytes(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    return csv_table(header or list(COLUMNS), rows)


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    return xlsx_table(header or list(COLUMNS), rows)


def lines(content: bytes, name: str = "plan.csv") -> list[str]:
    result = validate_plan(content=content, name=name)
    assert not result.headings
    return [problem.as_line() for problem in result.problems]


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_a_good_file_gives_headings_areas_and_actions(make: object) -> None:
    name = "plan.csv" if make is csv_bytes else "plan.xlsx"
    result = validate_plan(content=make(GOOD), name=name)  # type: ignore[operator]
    assert result.problems == []
    assert [h.title for h in result.headings] == ["Safeguarding Adults", "Providing Leadership"]
    assert [(a.number, a.title) for a in result.areas] == [
        (1, "Improve practice"),
        (2, "Strengthen recording"),
        (3, "Lead"),
    ]
    assert [(a.number, len(a.evidence)) for a in result.actions] == [(1, 2), (2, 1), (3, 0)]
    assert result.actions[0].evidence[0].targets[0].direction == "fewer_than"
    assert result.actions[0].evidence[1].milestones[0].recurrence == "monthly"


def test_an_action_number_as_an_excel_number_is_read() -> None:
    rows = [[*row[:2], float(row[2]), *row[3:]] for row in GOOD]
    result = validate_plan(content=xlsx_bytes(rows), name="plan.xlsx")
    assert [a.number for a in result.actions] == [1, 2, 3]


def test_the_wrong_type_of_file_is_refused() -> None:
    assert lines(b"hello", "plan.txt") == ["The selected file must be a CSV or Excel (.xlsx) file"]
    assert lines(b"\xd0\xcf\x11\xe0", "plan.xls")[0].startswith(
        "The selected file is an older type of Excel file"
    )
    assert lines(csv_bytes(GOOD), "plan.xlsx")[0].startswith(
        "The selected file is not a real Excel file"
    )


def test_wrong_columns_are_named() -> None:
    header = [
        "Heading",
        "Area",
        "Action",
        "How achieved",
        "Expected evidence",
        "Timescale",
        "Owner",
    ]
    assert lines(csv_bytes([row + [""] for row in GOOD], header)) == [
        "row 1, column B: Column B must be 'Improvement area', not 'Area'. The columns are: "
        "Heading, Improvement area, Action, How achieved, Expected evidence, Timescale",
        "row 1, column G: Column G 'Owner' is not one of the template's columns. Delete it: the "
        "columns are Heading, Improvement area, Action, How achieved, Expected evidence, Timescale",
    ]


def test_an_action_number_that_is_not_a_number() -> None:
    rows = [row[:] for row in GOOD]
    rows[2][2] = "two"
    assert lines(csv_bytes(rows)) == [
        "row 4, column Action: 'two' is not an action number. Enter the action's number in the plan, like 12"
    ]


def test_a_continuation_row_without_an_action() -> None:
    rows = [row[:] for row in GOOD]
    rows[1][2] = ""
    assert lines(csv_bytes(rows)) == [
        "row 3, column Action: Enter the action number. On a row that continues an action, repeat its number"
    ]


def test_duplicate_action_numbers_in_different_areas() -> None:
    rows = [row[:] for row in GOOD]
    rows[3][2] = "1"
    assert lines(csv_bytes(rows)) == [
        "row 5, column Action: Action 1 is already in improvement area 1 (row 2). Actions are "
        "numbered across the whole plan: give each action its own number and keep its rows together"
    ]


def test_other_row_problems_are_each_reported() -> None:
    rows = [
        ["", "Improvement Area 1 – A", "1", "Do it.", "x", ""],
        ["H", "Area one", "2", "", "y", ""],
        ["", "", "2", "Something else", "z", ""],
        ["", "", "2", "", "", ""],
        ["", "2 – B", "3", "Act.", "", ""],
        ["", "Improvement Area 1 – A again", "4", "Act.", "", ""],
    ]
    assert lines(csv_bytes(rows)) == [
        "row 2, column Heading: Enter the outcome heading, like Safeguarding Adults",
        "row 3, column Improvement area: 'Area one' does not start with the improvement area's "
        "number. Write it like 'Improvement Area 1 – Improve the practice…'",
        "row 3, column How achieved: Enter how action 2 is to be achieved",
        "row 4, column How achieved: This row continues action 2 (row 3) but says something "
        "different in How achieved. Leave How achieved empty on the rows that continue an action",
        "row 5, column Expected evidence: This row adds nothing to action 2. Enter the expected "
        "evidence or the timescale, or delete the row",
        "row 7, column Improvement area: Improvement area 1 is already in row 2. Keep the rows of "
        "an improvement area together, and give each area its own number",
    ]


def test_an_empty_file() -> None:
    assert lines(b"", "plan.csv") == ["The selected file is empty"]
    assert lines(csv_bytes([])) == [
        "The file has no rows of the plan. Enter one row for each item of expected evidence "
        "under the header row"
    ]


def test_a_huge_file_is_refused_before_parsing(settings: object) -> None:
    content = csv_bytes(GOOD) + b"x" * (settings.RETURN_UPLOAD_MAX_BYTES)  # type: ignore[attr-defined]
    assert lines(content) == ["The selected file must be smaller than 5 MB"]


def test_a_zip_bomb_is_refused(settings: object) -> None:
    settings.RETURN_UPLOAD_MAX_UNPACKED_BYTES = 100_000  # type: ignore[attr-defined]
    content = rezip(xlsx_bytes(GOOD), add={"xl/media/noise.bin": bytes(2_000_000)})
    assert lines(content, "plan.xlsx") == [
        "The file unpacks to more than 0.1 MB, which is far larger than an improvement plan. "
        "Copy your plan into a new file and upload that"
    ]


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def test_an_xml_entity_is_refused_without_expanding() -> None:
    content = rezip(xlsx_bytes(GOOD), replace={"xl/worksheets/sheet1.xml": LAUGHS})
    assert lines(content, "plan.xlsx")[0].startswith(
        "The file could not be read as an Excel workbook"
    )


def test_a_macro_workbook_is_refused() -> None:
    content = rezip(xlsx_bytes(GOOD), add={"xl/vbaProject.bin": b"macro"})
    assert lines(content, "plan.xlsx")[0].startswith(
        "Macro-enabled workbooks cannot be uploaded. Save the file as"
    )


def test_a_formula_cell_is_refused() -> None:
    rows: list[list[object]] = [row[:] for row in GOOD]
    rows[1][4] = '=HYPERLINK("http://example.com")'
    assert lines(xlsx_bytes(rows), "plan.xlsx") == [
        "row 3, column Expected evidence: The cell contains a formula. Type the text itself"
    ]
    assert lines(csv_bytes(rows)) == [
        "row 3, column Expected evidence: The cell contains a formula. Type the text itself"
    ]


@pytest.mark.django_db
def test_a_bad_file_imports_nothing(sefton: Council) -> None:
    rows = [row[:] for row in GOOD]
    rows[3][2] = "1"
    with pytest.raises(PlanImportRefused) as refused:
        plan_import(council=sefton, content=csv_bytes(rows), name="plan.csv", by=None)
    assert refused.value.problems[0].row == 5
    assert not Plan.objects.exists()
