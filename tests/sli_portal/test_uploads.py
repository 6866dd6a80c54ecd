"""The one hardened reader of uploaded tables: what it accepts, how it numbers rows, and every
kind of hostile or mistaken file it refuses with one message for the council officer."""

import datetime
import io
import json
import os
import time
import zipfile

import openpyxl
import pytest
from defusedxml import DefusedXmlException
from openpyxl.worksheet.formula import ArrayFormula

from sli_portal.uploads import (
    MACRO_WORKBOOK,
    NOT_A_WORKBOOK,
    NOT_CSV_OR_XLSX,
    NOT_UTF8,
    FileRefused,
    Problem,
    Rows,
    TableKind,
    check_upload,
    has_text,
    read_header,
    read_table,
)
from tests.sli_portal.tables import csv_table, rezip, xlsx_table

HEADER = ["code", "name", "value"]
KIND = TableKind(
    document="a list of measures",
    one_row_per="A list of measures has one row for each measure",
    start_again="Make the list again and upload that",
)


def good_rows() -> list[list[object]]:
    return [
        ["1A", "Quality of life", "19.2"],
        ["2C", "Admissions", "512.3"],
        ["X1", "Carers", "30"],
    ]


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    return csv_table(HEADER, rows, encoding=encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    return xlsx_table(HEADER, rows)


def read(content: bytes, name: str = "table.csv") -> tuple[list[str], Rows]:
    return read_table(content=content, name=name, kind=KIND)


def refused(content: bytes, name: str = "table.csv") -> str:
    """The one message the reader refuses ``content`` with, checked to be about the whole file."""
    with pytest.raises(FileRefused) as caught:
        read(content, name)
    problem = caught.value.problem
    assert (problem.row, problem.column, problem.column_letter) == (None, None, None)
    return problem.message


def causes(error: BaseException | None) -> list[BaseException]:
    found = []
    while error is not None:
        found.append(error)
        error = error.__cause__ or error.__context__
    return found


# check_upload


@pytest.mark.parametrize("name", ["return.csv", "Wirral Q1.XLSX", r"C:\fakepath\return.xlsx"])
def test_check_upload_accepts_csv_and_xlsx(name: str) -> None:
    assert check_upload(name=name, size=1000) is None


@pytest.mark.parametrize("name", ["return.txt", "return", "return.ods", "return.csv.exe"])
def test_check_upload_refuses_other_types(name: str) -> None:
    problem = check_upload(name=name, size=1000)
    assert problem is not None
    assert problem.message == NOT_CSV_OR_XLSX
    assert (problem.row, problem.column) == (None, None)


@pytest.mark.parametrize("name", ["return.xlsm", "return.XLTM"])
def test_check_upload_refuses_macro_workbooks(name: str) -> None:
    problem = check_upload(name=name, size=1000)
    assert problem is not None
    assert problem.message.startswith("Macro-enabled workbooks cannot be uploaded")


def test_check_upload_refuses_old_excel_files() -> None:
    problem = check_upload(name="return.xls", size=1000)
    assert problem is not None
    assert "older type of Excel file (.xls)" in problem.message
    assert "save it as .xlsx or CSV" in problem.message


def test_check_upload_refuses_an_empty_file() -> None:
    problem = check_upload(name="return.csv", size=0)
    assert problem is not None
    assert problem.message == "The selected file is empty"


def test_check_upload_refuses_a_file_over_5_mb() -> None:
    assert check_upload(name="return.csv", size=5 * 1024 * 1024) is None
    problem = check_upload(name="return.csv", size=5 * 1024 * 1024 + 1)
    assert problem is not None
    assert problem.message == "The selected file must be smaller than 5 MB"


def test_read_table_makes_the_same_checks_by_name_and_size() -> None:
    assert refused(b"", "table.csv") == "The selected file is empty"
    assert refused(b"x", "table.xlsm") == MACRO_WORKBOOK


# What is read


def test_a_csv_is_read_as_its_header_and_numbered_rows_of_text() -> None:
    header, data = read(csv_bytes(good_rows()))
    assert header == HEADER
    assert data == [
        (2, ["1A", "Quality of life", "19.2"]),
        (3, ["2C", "Admissions", "512.3"]),
        (4, ["X1", "Carers", "30"]),
    ]


def test_an_empty_csv_has_no_header_and_no_rows() -> None:
    assert read(b"\r\n\r\n") == ([], [])


def test_xlsx_numbers_keep_their_written_form() -> None:
    _, data = read(xlsx_bytes([["1A", "x", 12], ["2C", "y", 512.3], ["X1", "z", 30.0]]), "t.xlsx")
    assert [cells[2] for _, cells in data] == ["12", "512.3", "30"]


def test_utf8_with_bom_is_read() -> None:
    header, _ = read(b"\xef\xbb\xbf" + csv_bytes(good_rows()))
    assert header[0] == "code"


def test_windows_1252_is_read() -> None:
    rows = good_rows()
    rows[0][1] = "Café spend £ per head"
    content = csv_bytes(rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    _, data = read(content)
    assert data[0][1][1] == "Café spend £ per head"


def test_a_csv_in_neither_utf8_nor_windows_1252_is_refused() -> None:
    assert refused(csv_bytes(good_rows()) + b"\x81\x8d") == NOT_UTF8


def test_a_utf16_csv_is_refused() -> None:
    assert refused("code,name\r\n1A,x\r\n".encode("utf-16")) == NOT_UTF8


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers() -> None:
    lines = [
        ",".join(HEADER),
        "1A,Quality of life,19.2",
        ",,",
        "",
        '2C,"Admissions,\nsplit over two lines",512.3',
        "2D1,Home after 91 days,n/a",
    ]
    header, data = read("\r\n".join(lines).encode())
    assert header == HEADER
    assert [number for number, _ in data] == [2, 5, 6]
    assert data[1][1][1] == "Admissions,\nsplit over two lines"


def test_xlsx_rows_keep_their_spreadsheet_numbers() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["1A", "Quality of life", 19.2])
    for column, cell in enumerate(["2D1", "Home", "ten"], start=1):
        sheet.cell(row=9, column=column, value=cell)
    out = io.BytesIO()
    workbook.save(out)
    _, data = read(out.getvalue(), "table.xlsx")
    assert data == [(2, ["1A", "Quality of life", "19.2"]), (9, ["2D1", "Home", "ten"])]


def test_has_text_ignores_cells_of_spaces() -> None:
    assert not has_text(["", "  ", "\t"])
    assert has_text(["", " x "])


# Formulas and other cells that are not plain text


def test_a_formula_cell_in_xlsx_comes_back_as_its_text_never_evaluated() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(good_rows())))
    workbook.active["C2"] = "=1+1"
    out = io.BytesIO()
    workbook.save(out)
    _, data = read(out.getvalue(), "table.xlsx")
    assert data[0][1][2] == "=1+1"


def test_an_array_formula_in_xlsx_comes_back_as_its_text() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(good_rows())))
    workbook.active["C4"] = ArrayFormula("C4", "=SUM(1,1)")
    out = io.BytesIO()
    workbook.save(out)
    _, data = read(out.getvalue(), "table.xlsx")
    assert data[2][1][2] == "=SUM(1,1)"


def test_dates_and_true_false_in_xlsx_come_back_as_text() -> None:
    rows = good_rows()
    rows[0][2] = datetime.date(2024, 4, 1)
    rows[1][2] = True
    _, data = read(xlsx_bytes(rows), "table.xlsx")
    assert [cells[2] for _, cells in data[:2]] == ["2024-04-01", "TRUE"]


# Files laid out wrongly


def test_a_row_with_more_cells_than_the_header_is_refused() -> None:
    content = csv_bytes(good_rows()) + b"2D1,Home,70.5,extra\r\n"
    assert refused(content).startswith("Row 5 has 4 cells but the header row has 3")


def test_an_unclosed_quotation_mark_is_refused() -> None:
    content = csv_bytes(good_rows()) + b'2D1,"Home,70.5\r\n'
    assert refused(content) == (
        'Row 5 has a quotation mark (") that is not closed. Remove it and try again'
    )


def test_a_semicolon_separated_file_is_refused() -> None:
    assert "separated by semicolons" in refused(csv_bytes(good_rows()).replace(b",", b";"))


def test_more_rows_than_the_limit_are_refused_naming_what_the_file_is(settings: object) -> None:
    settings.RETURN_UPLOAD_MAX_ROWS = 2  # type: ignore[attr-defined]
    for content, name in ((csv_bytes(good_rows()), "t.csv"), (xlsx_bytes(good_rows()), "t.xlsx")):
        assert refused(content, name) == (
            "The file has more than 2 rows. A list of measures has one row for each measure: "
            "check you have selected the right file"
        )


def test_a_workbook_with_no_worksheets_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    content = xlsx_bytes(good_rows())
    monkeypatch.setattr(openpyxl.Workbook, "worksheets", property(lambda self: []))
    assert refused(content, "table.xlsx") == (
        "The workbook has no worksheets. Download the template again"
    )


# Hostile files


def test_a_zip_bomb_is_refused_before_parsing(settings: object) -> None:
    settings.RETURN_UPLOAD_MAX_UNPACKED_BYTES = 100_000  # type: ignore[attr-defined]
    content = rezip(xlsx_bytes(good_rows()), add={"xl/media/noise.bin": os.urandom(120_000)})
    assert refused(content, "table.xlsx") == (
        "The file unpacks to more than 0.1 MB, which is far larger than a list of measures. "
        "Make the list again and upload that"
    )


def test_a_highly_compressed_member_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(60):
                member.write(bytes(1024 * 1024))
    content = out.getvalue()
    assert len(content) < 200_000
    started = time.monotonic()
    assert refused(content, "table.xlsx").startswith("The file unpacks to more than 50 MB")
    assert time.monotonic() - started < 1


def test_a_zip_of_too_many_parts_is_refused() -> None:
    content = rezip(xlsx_bytes(good_rows()), add={f"xl/media/{i}.txt": b"x" for i in range(1001)})
    assert refused(content, "table.xlsx").startswith("The file unpacks to more than")


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_an_xml_entity_bomb_is_refused_without_expanding(member: str) -> None:
    content = xlsx_bytes(good_rows())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        original = archive.read(member)
    body = SHEET if member.endswith("sheet1.xml") else original.split(b"?>")[-1]
    content = rezip(content, replace={member: LAUGHS + body})
    started = time.monotonic()
    with pytest.raises(FileRefused) as caught:
        read(content, "table.xlsx")
    assert time.monotonic() - started < 2
    assert caught.value.problem.message == NOT_A_WORKBOOK
    assert caught.value.problem.message.startswith(
        "The file could not be read as an Excel workbook"
    )
    assert any(isinstance(cause, DefusedXmlException) for cause in causes(caught.value))


def test_a_macro_workbook_named_xlsx_is_refused() -> None:
    content = rezip(xlsx_bytes(good_rows()), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    message = refused(content, "table.xlsx")
    assert message == MACRO_WORKBOOK
    assert message.startswith("Macro-enabled workbooks cannot be uploaded")


def test_a_macro_enabled_content_type_is_refused() -> None:
    content = xlsx_bytes(good_rows())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"spreadsheetml.sheet.main+xml", b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    )
    content = rezip(content, replace={"[Content_Types].xml": types})
    assert refused(content, "table.xlsx") == MACRO_WORKBOOK


def test_a_password_protected_or_old_excel_file_named_xlsx_is_refused() -> None:
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert refused(content, "table.xlsx").startswith("The selected file is not a real Excel file")


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04" + bytes(100), b"council_code,period\x00\x01\x02\r\n1,2\r\n"]
)
def test_a_csv_that_is_really_binary_is_refused(content: bytes) -> None:
    assert refused(content, "table.csv") == NOT_CSV_OR_XLSX


def test_an_xlsx_of_real_excel_renamed_csv_is_refused() -> None:
    assert refused(xlsx_bytes(good_rows()), "table.csv") == (
        "The selected file must be a CSV or Excel (.xlsx) file"
    )


def test_a_text_file_named_xlsx_is_refused() -> None:
    message = refused(csv_bytes(good_rows()), "table.xlsx")
    assert message.startswith("The selected file is not a real Excel file")


def test_a_broken_zip_named_xlsx_is_refused() -> None:
    assert refused(xlsx_bytes(good_rows())[:2000], "table.xlsx") == NOT_A_WORKBOOK


# Problem


def test_a_problem_round_trips_through_json() -> None:
    problem = Problem(row=14, column="value", column_letter="F", value="n/a", message="Bad")
    assert Problem.from_dict(json.loads(json.dumps(problem.as_dict()))) == problem
    assert problem.as_line() == "row 14, column value: Bad"
    whole = Problem(row=None, column=None, column_letter=None, value="", message="Whole file")
    assert whole.as_line() == "Whole file"
    assert Problem.whole_file("Whole file") == whole


def test_a_problem_without_a_column_name_is_placed_by_its_letter() -> None:
    stray = Problem(row=3, column=None, column_letter="J", value="x", message="No heading")
    assert stray.as_line() == "row 3, column J: No heading"
    assert Problem(3, None, None, "", "Odd row").as_line() == "row 3: Odd row"


def test_a_refusal_given_as_words_is_a_whole_file_problem() -> None:
    assert FileRefused("Not today").problem == Problem.whole_file("Not today")
    assert str(FileRefused("Not today")) == "Not today"


def test_a_header_is_matched_in_any_order_with_each_problem_worded_by_the_upload() -> None:
    found = read_header(
        ["Value", "", " code ", "colour", "CODE"],
        columns={"code": "code", "name": "name", "value": "value"},
        required=["code", "name"],
        normalise=lambda text: text.strip().casefold(),
        row=1,
        unknown=lambda letter, raw, key: f"{letter}: {raw} ({key}) is unknown",
        missing=lambda column: f"{column} is missing",
    )

    assert found.positions == {"value": 0, "code": 2}
    assert found.unnamed == {1}
    assert found.problems == [
        Problem(1, None, "D", "colour", "D: colour (colour) is unknown"),
        Problem(
            1,
            "code",
            "E",
            "CODE",
            "The column 'code' is in the file twice, in columns C and E. Delete one of them",
        ),
        Problem(1, "name", None, "", "name is missing"),
    ]
