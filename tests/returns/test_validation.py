"""Unit tests of the return checks: pure functions, no database."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from returns.models import Measure, Unit
from returns.validation import (
    NO_ROWS,
    TEMPLATE_COLUMNS,
    MeasureSpec,
    ValidatedValue,
    ValidationResult,
    validate_return,
)
from sli_portal.uploads import MACRO_WORKBOOK, NOT_A_WORKBOOK, NOT_CSV_OR_XLSX, NOT_UTF8, Problem
from tests.sli_portal.tables import csv_table, rezip, xlsx_table

COUNCIL = "E08000015"
PERIOD = "2024-25-Q1"
HEADER = list(TEMPLATE_COLUMNS[:8])  # a file without the reading-only columns at the end
BLANK_HINT = "Leave the cell empty if you do not have the figure yet"

SCORE = MeasureSpec(
    code="1A",
    name="Social care-related quality of life",
    unit=Unit.SCORE.value,
    unit_label="score out of 24",
    decimal_places=1,
    min_value=Decimal(0),
    max_value=Decimal(24),
    collects_numerator_denominator=False,
)
RATE = MeasureSpec(
    code="2C",
    name="Admissions to residential and nursing care homes, aged 65 and over",
    unit=Unit.RATE.value,
    unit_label="rate per 100,000 population aged 65 and over",
    decimal_places=1,
    min_value=Decimal(0),
    max_value=Decimal(100_000),
    collects_numerator_denominator=False,
)
PERCENT = MeasureSpec(
    code="2D1",
    name="Proportion still at home 91 days after discharge",
    unit=Unit.PERCENTAGE.value,
    unit_label="percent",
    decimal_places=1,
    min_value=Decimal(0),
    max_value=Decimal(100),
    collects_numerator_denominator=False,
)
RATIO = MeasureSpec(
    code="X1",
    name="Proportion of carers who say they were included",
    unit=Unit.PERCENTAGE.value,
    unit_label="percent",
    decimal_places=1,
    min_value=Decimal(0),
    max_value=Decimal(100),
    collects_numerator_denominator=True,
)
MEASURES = [SCORE, RATE, PERCENT, RATIO]


def row(
    code: str,
    value: object = "",
    numerator: object = "",
    denominator: object = "",
    *,
    council: str = COUNCIL,
    period: str = PERIOD,
    name: str = "",
    unit: str = "",
) -> list[object]:
    return [council, period, code, name, unit, value, numerator, denominator]


def good_rows() -> list[list[object]]:
    return [row("1A", "19.2"), row("2C", "512.3"), row("2D1", "70.5"), row("X1", "30.0", 30, 100)]


def csv_bytes(
    rows: list[list[object]], header: list[str] | None = None, encoding: str = "utf-8"
) -> bytes:
    return csv_table(HEADER if header is None else header, rows, encoding=encoding)


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    return xlsx_table(
        HEADER if header is None else header, [[_as_number(c) for c in cells] for cells in rows]
    )


def _as_number(cell: object) -> object:
    if isinstance(cell, str):
        try:
            return int(cell) if cell.isdigit() else float(cell)
        except ValueError:
            return cell
    return cell


def check(content: bytes, name: str = "return.csv") -> ValidationResult:
    return validate_return(
        content=content, name=name, measures=MEASURES, council_code=COUNCIL, period_slug=PERIOD
    )


def only_problem(result: ValidationResult) -> Problem:
    assert len(result.problems) == 1, [p.as_line() for p in result.problems]
    assert not result.is_valid
    assert result.values == []
    return result.problems[0]


# Good files


def test_a_good_csv_is_valid_with_values_in_catalogue_order() -> None:
    rows = good_rows()
    rows.reverse()
    result = check(csv_bytes(rows))
    assert result.is_valid, [p.as_line() for p in result.problems]
    assert result.rows_read == 4
    assert result.blank_measures == []
    assert result.values == [
        ValidatedValue("1A", Decimal("19.2"), None, None, 5),
        ValidatedValue("2C", Decimal("512.3"), None, None, 4),
        ValidatedValue("2D1", Decimal("70.5"), None, None, 3),
        ValidatedValue("X1", Decimal("30.0"), Decimal(30), Decimal(100), 2),
    ]


def test_a_good_xlsx_is_valid_and_numbers_keep_their_written_form() -> None:
    rows = good_rows()
    rows[0][5] = 12
    result = check(xlsx_bytes(rows), "return.xlsx")
    assert result.is_valid, [p.as_line() for p in result.problems]
    assert [v.value for v in result.values] == [
        Decimal("12"),
        Decimal("512.3"),
        Decimal("70.5"),
        Decimal("30"),
    ]


def test_utf8_with_bom_is_read() -> None:
    content = b"\xef\xbb\xbf" + csv_bytes(good_rows())
    assert check(content).is_valid


def test_windows_1252_is_read() -> None:
    rows = good_rows()
    rows[0][3] = "Café spend £ per head"
    content = csv_bytes(rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert check(content).is_valid


def test_a_csv_in_neither_utf8_nor_windows_1252_is_refused() -> None:
    content = csv_bytes(good_rows()) + b"\x81\x8d"
    assert only_problem(check(content)).message == NOT_UTF8


def test_headers_in_other_case_order_and_spacing_are_accepted() -> None:
    header = [
        " Denominator",
        "NUMERATOR ",
        "Value",
        "unit",
        "Measure  Name",
        "Measure Code",
        "PERIOD",
        "Council_Code",
    ]
    rows = [list(reversed(cells)) for cells in good_rows()]
    result = check(csv_bytes(rows, header))
    assert result.is_valid, [p.as_line() for p in result.problems]
    assert result.values[3].numerator == Decimal(30)


def test_the_informational_columns_may_be_left_out() -> None:
    header = ["council_code", "period", "measure_code", "value", "numerator", "denominator"]
    rows = [cells[:3] + cells[5:] for cells in good_rows()]
    assert check(csv_bytes(rows, header)).is_valid


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers() -> None:
    lines = [
        ",".join(HEADER),
        f"{COUNCIL},{PERIOD},1A,,,19.2,,",
        ",,,,,,,",
        "",
        f'{COUNCIL},{PERIOD},2C,"Admissions,\nsplit over two lines",,512.3,,',
        f"{COUNCIL},{PERIOD},2D1,,,n/a,,",
    ]
    problem = only_problem(check("\r\n".join(lines).encode()))
    assert (problem.row, problem.column) == (6, "value")


def test_xlsx_rows_keep_their_spreadsheet_numbers() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row("1A", 19.2))
    for column, cell in enumerate(row("2D1", "ten"), start=1):
        sheet.cell(row=9, column=column, value=cell)
    out = io.BytesIO()
    workbook.save(out)
    problem = only_problem(check(out.getvalue(), "return.xlsx"))
    assert (problem.row, problem.column, problem.column_letter) == (9, "value", "F")


def test_blank_values_are_valid_but_listed_as_blank() -> None:
    rows = [row("1A", ""), row("2C", "  "), row("X1", "", "", "")]
    result = check(csv_bytes(rows))
    assert result.is_valid
    assert result.blank_measures == ["1A", "2C", "2D1", "X1"]
    assert [v.value for v in result.values] == [None, None, None, None]
    assert [v.source_row for v in result.values] == [2, 3, None, 4]


def test_spaces_around_figures_are_ignored() -> None:
    rows = good_rows()
    rows[0][5] = "  19.2 "
    result = check(csv_bytes(rows))
    assert result.is_valid
    assert result.values[0].value == Decimal("19.2")


def test_progress_is_reported() -> None:
    seen: list[int] = []
    rows = good_rows() + [row("1A", "1")] * 120
    validate_return(
        content=csv_bytes(rows),
        name="r.csv",
        measures=MEASURES,
        council_code=COUNCIL,
        period_slug=PERIOD,
        progress=seen.append,
    )
    assert seen == [40, 80, 100]


# Columns


def test_a_missing_column_is_a_problem() -> None:
    header = [c for c in HEADER if c != "value"]
    rows = [cells[:5] + cells[6:] for cells in good_rows()]
    problem = only_problem(check(csv_bytes(rows, header)))
    assert problem.message.startswith(
        "The file is missing the column 'value'. Download the template again"
    )
    assert (problem.row, problem.column) == (None, "value")
    assert problem.as_line() == problem.message


def test_an_unknown_column_is_a_problem() -> None:
    rows = [cells + ["checked"] for cells in good_rows()]
    problem = only_problem(check(csv_bytes(rows, HEADER + ["comments"])))
    assert problem.message.startswith("Column I 'comments' is not one of the template's columns")
    assert (problem.column_letter, problem.value) == ("I", "comments")


def test_a_repeated_column_is_a_problem() -> None:
    rows = [cells + [cells[5]] for cells in good_rows()]
    problem = only_problem(check(csv_bytes(rows, HEADER + ["Value"])))
    assert problem.message == (
        "The column 'value' is in the file twice, in columns F and I. Delete one of them"
    )
    assert (problem.column, problem.column_letter) == ("value", "I")


def test_a_figure_in_a_column_with_no_heading_is_a_problem() -> None:
    rows = good_rows()
    rows[1] = rows[1] + ["99"]
    problem = only_problem(check(xlsx_bytes(rows), "return.xlsx"))
    assert (problem.row, problem.column_letter, problem.value) == (3, "I", "99")
    assert problem.message.startswith("Column I has no heading in row 1")


def test_a_file_with_only_a_header_has_no_rows_of_figures() -> None:
    problem = only_problem(check(csv_bytes([])))
    assert problem.message == NO_ROWS
    assert problem.message.startswith("The file has no rows of figures")


def test_a_file_of_blank_lines_has_no_rows_of_figures() -> None:
    assert only_problem(check(b"\r\n\r\n  \r\n")).message == NO_ROWS


def test_a_row_with_more_cells_than_the_header_is_refused() -> None:
    content = csv_bytes(good_rows()) + f"{COUNCIL},{PERIOD},1A,,,1,,,extra\r\n".encode()
    problem = only_problem(check(content))
    assert problem.message.startswith("Row 6 has 9 cells but the header row has 8")


def test_a_semicolon_separated_file_is_refused() -> None:
    content = csv_bytes(good_rows()).replace(b",", b";")
    assert "separated by semicolons" in only_problem(check(content)).message


def test_more_rows_than_the_limit_are_refused(settings: object) -> None:
    settings.RETURN_UPLOAD_MAX_ROWS = 3  # type: ignore[attr-defined]
    for content, name in ((csv_bytes(good_rows()), "r.csv"), (xlsx_bytes(good_rows()), "r.xlsx")):
        assert only_problem(check(content, name)).message.startswith(
            "The file has more than 3 rows"
        )


# Rows


def test_an_unknown_measure_code_is_a_problem() -> None:
    problem = only_problem(check(csv_bytes(good_rows() + [row("9Z", "1")])))
    assert problem.message.startswith("'9Z' is not a measure in this return")
    assert (problem.row, problem.column, problem.column_letter) == (6, "measure_code", "C")


def test_a_measure_twice_is_a_problem_on_the_later_row() -> None:
    problem = only_problem(check(csv_bytes(good_rows() + [row("2d1", "71.0")])))
    assert problem.message.startswith("Measure 2D1 is already in row 4")
    assert (problem.row, problem.column) == (6, "measure_code")


@pytest.mark.parametrize("text", ["n/a", "NA", "N/A", "None", "-", "ten"])
def test_text_is_never_a_missing_figure(text: str) -> None:
    rows = good_rows()
    rows[2][5] = text
    problem = only_problem(check(csv_bytes(rows)))
    assert problem.message.startswith(f"'{text}' is not a number.")
    assert BLANK_HINT in problem.message
    assert (problem.row, problem.column, problem.column_letter, problem.value) == (
        4,
        "value",
        "F",
        text,
    )
    assert problem.as_line() == f"row 4 (2D1), column value: {problem.message}"


def test_n_a_has_the_blank_hint_alone() -> None:
    rows = good_rows()
    rows[2][5] = "n/a"
    assert only_problem(check(csv_bytes(rows))).message == f"'n/a' is not a number. {BLANK_HINT}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,5", "'12,5' is not a number. Use a full stop for decimals, like 12.5"),
        ("1,234", "'1,234' is not a number. Remove the comma: enter it as 1234"),
        ("£12", "'£12' is not a number. Remove the £ sign: enter it as 12"),
        ("45%", "'45%' is not a number. Remove the % sign: enter it as 45"),
        ("1e5", "'1e5' is not a number. Write the figure out in full, like 100000"),
        ("1 234", "'1 234' is not a number. Remove the spaces: enter it as 1234"),
    ],
)
def test_figures_written_the_wrong_way_get_a_hint(text: str, message: str) -> None:
    rows = good_rows()
    rows[1][5] = text
    problem = only_problem(check(csv_bytes(rows)))
    assert problem.message == message
    assert (problem.row, problem.column) == (3, "value")


@pytest.mark.parametrize("text", ["inf", "Infinity", "nan", "0x10", "1/2"])
def test_non_finite_and_odd_figures_are_not_numbers(text: str) -> None:
    rows = good_rows()
    rows[1][5] = text
    assert "is not a number" in only_problem(check(csv_bytes(rows))).message


def test_a_huge_figure_is_a_problem() -> None:
    rows = good_rows()
    rows[1][5] = "1" * 20
    assert "is too large" in only_problem(check(csv_bytes(rows))).message


def test_an_out_of_range_percentage_is_a_problem() -> None:
    rows = good_rows()
    rows[2][5] = "140"
    problem = only_problem(check(csv_bytes(rows)))
    assert (
        problem.message == "140 is outside the range for this measure: a percentage from 0 to 100"
    )
    assert (problem.row, problem.column) == (4, "value")


def test_an_out_of_range_score_and_rate_name_their_unit() -> None:
    rows = good_rows()
    rows[0][5] = "25"
    rows[1][5] = "-3"
    first, second = check(csv_bytes(rows)).problems
    assert first.message == "25 is outside the range for this measure: a score from 0 to 24"
    assert second.message == (
        "-3 is outside the range for this measure: a rate per 100,000 population aged 65 and "
        "over from 0 to 100,000"
    )


def test_a_numerator_above_the_denominator_is_a_problem() -> None:
    rows = good_rows()
    rows[3][5:8] = ["100.0", "120", "100"]
    problem = only_problem(check(csv_bytes(rows)))
    assert (
        problem.message
        == "The numerator 120 must not be more than the denominator 100 for a percentage"
    )
    assert (problem.row, problem.column, problem.column_letter) == (5, "numerator", "G")


def test_a_value_not_matching_numerator_and_denominator_is_a_problem() -> None:
    rows = good_rows()
    rows[3][5] = "45.0"
    problem = only_problem(check(csv_bytes(rows)))
    assert problem.message.startswith(
        "The value 45.0 does not match numerator 30 ÷ denominator 100 = 30.0"
    )
    assert (problem.row, problem.column) == (5, "value")


def test_a_value_rounded_to_the_measures_decimal_places_matches() -> None:
    rows = good_rows()
    rows[3][5:8] = ["33.3", "1", "3"]
    assert check(csv_bytes(rows)).is_valid
    rows[3][5] = "33.4"
    assert "= 33.3" in only_problem(check(csv_bytes(rows))).message


def test_a_value_needs_its_numerator_and_denominator() -> None:
    rows = good_rows()
    rows[3][6:8] = ["", ""]
    problems = check(csv_bytes(rows)).problems
    assert [(p.row, p.column) for p in problems] == [(5, "numerator"), (5, "denominator")]
    assert problems[0].message.startswith("Enter the numerator")


def test_a_numerator_without_a_value_is_a_problem() -> None:
    rows = good_rows()
    rows[3][5] = ""
    problem = only_problem(check(csv_bytes(rows)))
    assert problem.message.startswith(
        "Enter the value worked out from the numerator and denominator"
    )


def test_a_zero_denominator_is_a_problem() -> None:
    rows = good_rows()
    rows[3][7] = "0"
    problem = only_problem(check(csv_bytes(rows)))
    assert (problem.column, problem.message) == (
        "denominator",
        "The denominator must be more than 0",
    )


def test_a_numerator_for_a_measure_that_does_not_collect_it_is_a_problem() -> None:
    rows = good_rows()
    rows[2][6] = "30"
    problem = only_problem(check(csv_bytes(rows)))
    assert problem.message == "Leave numerator empty: this measure does not collect it"
    assert (problem.row, problem.column) == (4, "numerator")


def test_another_councils_row_is_a_problem() -> None:
    rows = good_rows()
    rows[3][0] = "E08000014"
    problem = only_problem(check(csv_bytes(rows)))
    assert problem.message == "This row is for E08000014 but this return is for E08000015"
    assert (problem.row, problem.column, problem.column_letter) == (5, "council_code", "A")


def test_another_periods_row_is_a_problem() -> None:
    rows = good_rows()
    rows[0][1] = "2024-25-Q2"
    problem = only_problem(check(csv_bytes(rows)))
    assert problem.message == "This row is for 2024/25 Q2 but this return is for 2024/25 Q1"
    assert (problem.row, problem.column) == (2, "period")


def test_a_period_in_label_form_is_accepted_and_nonsense_is_not() -> None:
    rows = good_rows()
    rows[0][1] = "2024/25 q1"
    assert check(csv_bytes(rows)).is_valid
    rows[0][1] = "Q1"
    assert (
        only_problem(check(csv_bytes(rows))).message
        == "'Q1' is not a period. Enter it like 2024-25-Q1"
    )


def test_every_problem_is_reported_not_just_the_first() -> None:
    rows = good_rows()
    rows[0][0] = "E08000014"
    rows[0][5] = "n/a"
    rows[2][5] = "140"
    rows.append(row("9Z", "x"))
    lines = [p.as_line() for p in check(csv_bytes(rows)).problems]
    assert [line.split(":")[0] for line in lines] == [
        "row 2 (1A), column council_code",
        "row 2 (1A), column value",
        "row 4 (2D1), column value",
        "row 6 (9Z), column measure_code",
        "row 6 (9Z), column value",
    ]


# Formulas


def test_a_formula_cell_in_xlsx_is_a_problem_and_is_not_evaluated() -> None:
    content = xlsx_bytes(good_rows())
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    workbook.active["F2"] = "=1+1"
    out = io.BytesIO()
    workbook.save(out)
    problem = only_problem(check(out.getvalue(), "return.xlsx"))
    assert (problem.row, problem.column, problem.column_letter, problem.value) == (
        2,
        "value",
        "F",
        "=1+1",
    )
    assert problem.as_line() == (
        "row 2 (1A), column value: The cell contains a formula. Type the figure itself, not a formula"
    )


def test_an_array_formula_in_xlsx_is_a_problem() -> None:
    content = xlsx_bytes(good_rows())
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    workbook.active["G5"] = ArrayFormula("G5", "=SUM(1,1)")
    out = io.BytesIO()
    workbook.save(out)
    problem = only_problem(check(out.getvalue(), "return.xlsx"))
    assert (problem.row, problem.column, problem.value) == (5, "numerator", "=SUM(1,1)")
    assert "contains a formula" in problem.message


def test_a_formula_in_an_informational_column_is_still_a_problem() -> None:
    rows = good_rows()
    rows[0][3] = '=HYPERLINK("http://x")'
    problem = only_problem(check(xlsx_bytes(rows), "return.xlsx"))
    assert (problem.column, problem.message) == (
        "measure_name",
        "The cell contains a formula. Type the text itself, not a formula",
    )


def test_formula_text_in_csv_is_a_problem() -> None:
    rows = good_rows()
    rows[3][6] = " =SUM(A1:A9)"
    problem = only_problem(check(csv_bytes(rows)))
    assert (problem.row, problem.column) == (5, "numerator")
    assert "contains a formula" in problem.message


def test_dates_and_true_false_in_xlsx_figures_are_not_numbers() -> None:
    rows = good_rows()
    rows[0][5] = datetime.date(2024, 4, 1)
    rows[1][5] = True
    first, second = check(xlsx_bytes(rows), "return.xlsx").problems
    assert first.message.startswith("'2024-04-01' is not a number")
    assert second.message.startswith("'TRUE' is not a number")


# Files the reader refuses (each kind is tested in tests/sli_portal/test_uploads.py)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "return.csv", "The selected file is empty"),
        (b"x", "return.xlsm", MACRO_WORKBOOK),
        (b"PK\x03\x04" + bytes(100), "return.csv", NOT_CSV_OR_XLSX),
        (csv_bytes(good_rows()), "return.xlsx", None),
        (xlsx_bytes(good_rows())[:2000], "return.xlsx", NOT_A_WORKBOOK),
        (
            rezip(xlsx_bytes(good_rows()), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
            "return.xlsx",
            MACRO_WORKBOOK,
        ),
    ],
)
def test_a_file_the_reader_refuses_is_one_problem_with_the_whole_file(
    content: bytes, name: str, message: str | None
) -> None:
    problem = only_problem(check(content, name))
    assert (problem.row, problem.column) == (None, None)
    if message is None:
        assert problem.message.startswith("The selected file is not a real Excel file")
    else:
        assert problem.message == message


def test_a_return_too_large_to_unpack_is_named_a_return(settings: object) -> None:
    settings.RETURN_UPLOAD_MAX_UNPACKED_BYTES = 100_000  # type: ignore[attr-defined]
    content = rezip(xlsx_bytes(good_rows()), add={"xl/media/noise.bin": bytes(120_000)})
    assert only_problem(check(content, "return.xlsx")).message == (
        "The file unpacks to more than 0.1 MB, which is far larger than a return. Copy your "
        "figures into a new copy of the template and upload that"
    )


# MeasureSpec


def test_measure_spec_is_built_from_a_measure() -> None:
    measure = Measure(
        code="2D1",
        name="Home after 91 days",
        unit=Unit.PERCENTAGE,
        unit_label="percent",
        decimal_places=1,
        min_value=Decimal("0.0000"),
        max_value=Decimal("100.0000"),
        collects_numerator_denominator=False,
    )
    spec = MeasureSpec.from_measure(measure)
    assert spec == MeasureSpec(
        code="2D1",
        name="Home after 91 days",
        unit="percentage",
        unit_label="percent",
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(100),
        collects_numerator_denominator=False,
        tier="ascof",
    )
    assert type(spec.unit) is str
