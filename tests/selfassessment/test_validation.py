"""Checks on review files (every bad-file case, each problem with row, column, value and
message), links and evidence files."""

import io
import os
import time
import zipfile

import pytest

from selfassessment.services import DATA_DIR
from selfassessment.validation import (
    EVIDENCE_WRONG_TYPE,
    REVIEW_COLUMNS,
    check_evidence_file,
    check_level,
    parse_links,
    validate_review_file,
)
from sli_portal.attachments import MACROS, TOO_BIG
from tests.sli_portal.tables import csv_table, rezip, xlsx_table

HEADER = list(REVIEW_COLUMNS)


def row(code: str = "1.1", **cells: str) -> list[str]:
    values = {
        "Section": "Leadership",
        "Standard code": code,
        "Standard": f"Standard {code}",
        "Key element": "No",
        "Evidence prompts": "",
        "Level 1": "Minimum",
        "Level 2": "Good",
        "Level 3": "Very good",
        "Level 4": "Excellent",
    }
    values.update({k.replace("_", " "): v for k, v in cells.items()})
    return [values[h] for h in HEADER]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    return csv_table(header, rows)


def xlsx_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    return xlsx_table(header, rows)


def lines(content: bytes, name: str = "review.csv") -> list[str]:
    return [p.as_line() for p in validate_review_file(content=content, name=name).problems]


def test_a_good_file_gives_its_standards_in_order() -> None:
    checked = validate_review_file(
        content=csv_bytes([row("1.1", Key_element="Yes"), row("1.2", Section="Partnerships")]),
        name="review.csv",
    )

    assert checked.is_valid
    assert checked.max_level == 4
    assert [(s.row, s.code, s.section, s.is_key_element) for s in checked.standards] == [
        (2, "1.1", "Leadership", True),
        (3, "1.2", "Partnerships", False),
    ]
    assert checked.standards[0].descriptors == ("Minimum", "Good", "Very good", "Excellent")


def test_headers_in_any_order_and_case_are_read_and_level_4_may_be_left_out() -> None:
    header = ["standard CODE", "  Section", "Standard", "Level 3", "Level 2", "level 1"]
    content = csv_bytes([["1.1", "Leadership", "Std", "c", "b", "a"]], header)

    checked = validate_review_file(content=content, name="review.csv")

    assert checked.is_valid
    assert checked.max_level == 3
    assert checked.standards[0].descriptors == ("a", "b", "c")
    assert checked.standards[0].is_key_element is False


def test_the_wrong_type_of_file_is_refused() -> None:
    assert lines(b"%PDF-1.4", "review.pdf") == [
        "The selected file must be a CSV or Excel (.xlsx) file"
    ]
    assert lines(b"anything", "review.xls")[0].startswith(
        "The selected file is an older type of Excel"
    )
    assert lines(xlsx_bytes([row()]), "review.csv") == [
        "The selected file must be a CSV or Excel (.xlsx) file"
    ]


def test_wrong_columns_are_named() -> None:
    header = ["Section", "Code", "Standard", "Level 1", "Level 2", "Level 3", "Level 5"]
    problems = lines(csv_bytes([["A", "1.1", "S", "a", "b", "c", "e"]], header))

    assert problems == [
        "row 1, column B: Column B 'Code' is not one of the review file's columns. The columns "
        "are: Section, Standard code, Standard, Key element, Evidence prompts, Level 1, Level 2, "
        "Level 3, Level 4",
        "row 1, column G: Column G 'Level 5' is not one of the review file's columns. A review has "
        "Levels 1 to 4 only: name the level columns Level 1, Level 2, Level 3, Level 4",
        "row 1, column Standard code: The file is missing the column 'Standard code'. Export a "
        "review to see the columns a review file needs",
    ]


def test_a_missing_level_1_descriptor_says_level_1_is_the_minimum() -> None:
    checked = validate_review_file(content=csv_bytes([row(Level_1="")]), name="review.csv")

    (problem,) = checked.problems
    assert (problem.row, problem.column, problem.column_letter) == (2, "Level 1", "F")
    assert problem.message.startswith("Enter the Level 1 descriptor. Level 1 is the minimum")
    assert checked.standards == []


def test_a_level_missing_in_a_four_level_review_is_a_problem() -> None:
    problems = lines(csv_bytes([row("1.1"), row("1.2", Level_4="", Level_3="")]))

    assert problems == [
        "row 3, column Level 3: Enter the Level 3 descriptor. Every standard needs a descriptor "
        "for each level from 1 to 4",
        "row 3, column Level 4: Enter the Level 4 descriptor. Every standard needs a descriptor "
        "for each level from 1 to 4",
    ]


def test_bad_level_and_key_element_text_are_problems() -> None:
    problems = lines(csv_bytes([row("1.1", Key_element="Maybe", Level_2="x" * 4001)]))

    assert problems == [
        "row 2, column Key element: Enter Yes or No for whether this is a key element, not 'Maybe'",
        "row 2, column Level 2: The Level 2 descriptor must be 4,000 characters or fewer",
    ]


def test_duplicate_codes_name_the_first_row() -> None:
    problems = lines(csv_bytes([row("1.1"), row("1.2"), row("1.1")]))

    assert problems == [
        "row 4, column Standard code: Standard 1.1 is already in row 2. Each standard code must "
        "be used once: change one of them"
    ]


def test_a_bad_code_and_missing_text_are_problems() -> None:
    problems = lines(csv_bytes([row("1 1", Section="", Standard="")]))

    assert problems == [
        "row 2, column Section: Enter the section",
        "row 2, column Standard code: '1 1' is not a standard code. Use letters, digits, full "
        "stops and hyphens only, up to 20 characters, like 1.2",
        "row 2, column Standard: Enter the standard",
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    problems = lines(csv_bytes([row("1.1", Level_1=""), row("1.1"), row("", Key_element="?")]))

    assert len(problems) == 4


def test_formulas_are_refused_in_csv_and_xlsx_and_never_evaluated() -> None:
    formula = '=HYPERLINK("http://evil.example","Click")'
    assert lines(csv_bytes([row(Standard=formula)])) == [
        "row 2, column Standard: The cell contains a formula. Type the text itself, not a formula"
    ]
    cells: list[object] = row()
    cells[5] = "=1+1"
    assert lines(xlsx_bytes([cells]), "review.xlsx") == [
        "row 2, column Level 1: The cell contains a formula. Type the text itself, not a formula"
    ]


def test_text_beginning_with_a_minus_or_plus_is_kept_as_text() -> None:
    checked = validate_review_file(
        content=csv_bytes([row(Evidence_prompts="- board minutes", Level_2="'+ more")]),
        name="review.csv",
    )

    assert checked.standards[0].evidence_prompts == "- board minutes"
    assert checked.standards[0].descriptors[1] == "+ more"


def test_a_value_in_a_column_with_no_heading_is_a_problem() -> None:
    content = csv_bytes([[*row(), "stray"]], [*HEADER, ""])

    assert lines(content) == [
        "row 2, column J: Column J has no heading in row 1. Delete what is in this cell, or move "
        "it to the right column"
    ]


def test_an_empty_file_and_a_header_only_file_have_no_standards() -> None:
    assert lines(csv_bytes([])) == [
        "The file has no standards. Enter one row for each standard under the header row"
    ]


def test_a_zip_bomb_is_refused_before_parsing(settings) -> None:
    settings.RETURN_UPLOAD_MAX_UNPACKED_BYTES = 100_000
    content = rezip(xlsx_bytes([row()]), add={"xl/media/noise.bin": os.urandom(120_000)})

    (problem,) = lines(content, "review.xlsx")

    assert problem.startswith(
        "The file unpacks to more than 0.1 MB, which is far larger than a review file"
    )


def test_a_highly_compressed_member_is_refused_quickly() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(60):
                member.write(bytes(1024 * 1024))
    started = time.monotonic()

    (problem,) = lines(out.getvalue(), "review.xlsx")

    assert problem.startswith("The file unpacks to more than")
    assert time.monotonic() - started < 1


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol5;</t></is></c></row></sheetData></worksheet>
"""


def test_an_xml_entity_bomb_is_refused_without_expanding() -> None:
    content = rezip(xlsx_bytes([row()]), replace={"xl/worksheets/sheet1.xml": LAUGHS})
    started = time.monotonic()

    (problem,) = lines(content, "review.xlsx")

    assert problem.startswith("The file could not be read as an Excel workbook")
    assert time.monotonic() - started < 2


def test_a_macro_workbook_is_refused() -> None:
    content = rezip(xlsx_bytes([row()]), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})

    assert lines(content, "review.xlsx") == [
        "Macro-enabled workbooks cannot be uploaded. Save the file as an Excel Workbook (.xlsx) "
        "or CSV UTF-8 and upload that"
    ]


def test_too_many_rows_are_refused(settings) -> None:
    settings.RETURN_UPLOAD_MAX_ROWS = 5

    (problem,) = lines(csv_bytes([row(f"1.{i}") for i in range(6)]))

    assert problem.startswith("The file has more than 5 rows.")
    assert "A review file has one row per standard" in problem


def test_a_file_over_the_size_limit_is_refused(settings) -> None:
    settings.RETURN_UPLOAD_MAX_BYTES = 100

    (problem,) = lines((DATA_DIR / "icbo.csv").read_bytes())

    assert problem.startswith("The selected file must be smaller than")


@pytest.mark.parametrize(
    ("level", "ok"), [(None, True), (0, True), (1, True), (4, True), (5, False), (-1, False)]
)
def test_levels_are_0_to_the_reviews_highest(level, ok) -> None:
    assert (check_level(level, max_level=4) is None) is ok
    if level == 4:
        assert check_level(4, max_level=3) == (
            "Choose a level from Level 1 to Level 3, or Not yet at Level 1"
        )


def test_links_are_web_addresses_one_a_line() -> None:
    links, problems = parse_links(
        "https://wirral.gov.uk/report\n\n  http://example.org/a  \nfile:///etc/passwd\nnot a link"
    )

    assert links == ["https://wirral.gov.uk/report", "http://example.org/a"]
    assert problems == [
        "Line 4 of the links, 'file:///etc/passwd', is not a web address. Enter each link on its "
        "own line, starting with https://",
        "Line 5 of the links, 'not a link', is not a web address. Enter each link on its own "
        "line, starting with https://",
    ]


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.7 ...", None),
        ("photo.png", b"\x89PNG\r\n\x1a\n...", None),
        ("photo.JPG", b"\xff\xd8\xff\xe0...", None),
        ("minutes.docx", docx(), None),
        ("book.xlsx", xlsx_bytes([row()]), None),
        ("virus.exe", b"MZ...", EVIDENCE_WRONG_TYPE),
        ("notes.txt", b"text", EVIDENCE_WRONG_TYPE),
        (
            "renamed.pdf",
            b"MZ\x90\x00",
            "The selected file is not a real PDF: its contents do not match its name (.pdf). Check the file and upload it again",
        ),
        ("macro.docx", docx({"word/vbaProject.bin": b"x"}), MACROS),
        (
            "fake.docx",
            xlsx_bytes([row()]),
            "The selected file is not a real Word document: its contents do not match its name (.docx). Check the file and upload it again",
        ),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_evidence_files_are_checked_by_type_and_content(name, content, message) -> None:
    assert check_evidence_file(name=name, size=len(content), content=content) == message


def test_an_evidence_file_of_10_mb_or_more_is_refused() -> None:
    assert check_evidence_file(name="big.pdf", size=10 * 1024 * 1024, content=b"%PDF-") == TOO_BIG
