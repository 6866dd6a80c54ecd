"""The one writer of the spreadsheets the portal gives out: nothing written can run as a formula
in the reader's spreadsheet, and codes stay text."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sli_portal.spreadsheets import escape_cell, write_csv, write_xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\x00x", "'x"),
        ("a\x00b", "ab"),
        ("Wirral", "Wirral"),
        ("", ""),
        (-1, -1),
        (12.5, 12.5),
        (Decimal("-3.5"), Decimal("-3.5")),
        (None, None),
    ],
)
def test_escape_cell(value: object, expected: object) -> None:
    assert escape_cell(value) == expected


def test_values_written_out_are_formula_safe() -> None:
    text = write_csv(["name"], [["=HYPERLINK(1)"], ["+1"], ["@SUM"], ["\tx"]]).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "'+1" in text
    sheet = load_workbook(
        io.BytesIO(write_xlsx(["name"], [["=HYPERLINK(1)"], [-3]], title="t"))
    ).active
    assert sheet["A2"].value == "'=HYPERLINK(1)"
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].value == -3


def test_a_csv_has_a_bom_for_excel_and_empty_cells_for_none() -> None:
    content = write_csv(["code", "value"], [["1A", None], ["2C", 12.5]])
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig") == "code,value\r\n1A,\r\n2C,12.5\r\n"


def test_a_workbook_has_a_frozen_header_and_text_columns() -> None:
    content = write_xlsx(
        ["code", "value"],
        [["E08000015", 1], ["2024-25-Q1", None]],
        title="A" * 40,
        text_columns=(0,),
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "A" * 31
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert [sheet["A2"].number_format, sheet["A3"].number_format] == ["@", "@"]
    assert sheet["B2"].number_format == "General"
    assert sheet["B3"].value is None
