"""The checks that suit each kind of item in the three-tier return: counts, rates and
percentages, months against the quarter, items published nationally, and the CSV template's
comment rows. Pure functions, no database."""

from decimal import Decimal

import pytest

from returns.models import QuarterRule, Unit
from returns.validation import (
    COMMENT_MARKER,
    TEMPLATE_COLUMNS,
    MeasureSpec,
    ValidationResult,
    validate_return,
)
from sli_portal.uploads import Problem
from tests.sli_portal.tables import csv_table, xlsx_table

COUNCIL = "E08000015"
PERIOD = "2024-25-Q1"
HEADER = list(TEMPLATE_COLUMNS[:11])  # to the third month

ADMISSIONS = MeasureSpec(
    code="NW-ADM",
    name="Permanent admissions to residential and nursing care, 65+",
    unit=Unit.COUNT.value,
    unit_label="people admitted",
    decimal_places=0,
    min_value=Decimal(0),
    max_value=None,
    collects_numerator_denominator=False,
    tier="nw",
    section="residential",
    periodicity="monthly",
    quarter_rule=QuarterRule.SUM.value,
)
WAITING = MeasureSpec(
    code="NW-WAIT",
    name="People waiting for an assessment at the month's end",
    unit=Unit.COUNT.value,
    unit_label="people waiting",
    decimal_places=0,
    min_value=Decimal(0),
    max_value=None,
    collects_numerator_denominator=False,
    tier="nw",
    section="access",
    periodicity="monthly",
    quarter_rule=QuarterRule.LAST.value,
)
REVIEWED = MeasureSpec(
    code="NW-REV",
    name="Proportion of people in long-term support reviewed in the year",
    unit=Unit.PERCENTAGE.value,
    unit_label="percent",
    decimal_places=1,
    min_value=Decimal(0),
    max_value=Decimal(100),
    collects_numerator_denominator=False,
    tier="nw",
    section="community",
    periodicity="monthly",
    quarter_rule=QuarterRule.MEAN.value,
)
ANNUAL = MeasureSpec(
    code="2C",
    name="Admissions to residential and nursing care homes, aged 65 and over",
    unit=Unit.RATE.value,
    unit_label="rate per 100,000 population aged 65 and over",
    decimal_places=1,
    min_value=Decimal(0),
    max_value=Decimal(100_000),
    collects_numerator_denominator=False,
)
MEASURES = [ANNUAL, ADMISSIONS, WAITING, REVIEWED]
NATIONAL = {"DTOC-SOCIAL-CARE": "NHS England delayed transfers of care"}


def row(code: str, value: object = "", *months: object) -> list[object]:
    return [COUNCIL, PERIOD, code, "", "", value, "", "", *months, *([""] * (3 - len(months)))]


def good_rows() -> list[list[object]]:
    return [
        row("2C", "512.3"),
        row("NW-ADM", "30", "10", "12", "8"),
        row("NW-WAIT", "41", "50", "45", "41"),
        row("NW-REV", "70.0", "69.5", "70.0", "70.5"),
    ]


def check(rows: list[list[object]], *, name: str = "return.csv") -> ValidationResult:
    content = xlsx_table(HEADER, rows) if name.endswith(".xlsx") else csv_table(HEADER, rows)
    return validate_return(
        content=content,
        name=name,
        measures=MEASURES,
        council_code=COUNCIL,
        period_slug=PERIOD,
        national=NATIONAL,
    )


def only_problem(result: ValidationResult) -> Problem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_a_full_return_with_months_that_make_each_quarter_is_valid():
    result = check(good_rows())
    assert result.is_valid, result.problems
    assert [v.value for v in result.values] == [
        Decimal("512.3"),
        Decimal(30),
        Decimal(41),
        Decimal("70.0"),
    ]


def test_the_months_may_be_left_out():
    rows = [row("2C", "512.3"), row("NW-ADM", "30"), row("NW-WAIT", "41"), row("NW-REV", "70")]
    assert check(rows).is_valid


def test_a_count_must_be_a_whole_number():
    rows = good_rows()
    rows[1] = row("NW-ADM", "30.5")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column, problem.column_letter) == (3, "value", "F")
    assert problem.row_label == "NW-ADM"
    assert problem.message.startswith("30.5 is not a whole number.")
    assert "people admitted" in problem.message


def test_a_count_cannot_be_negative():
    rows = good_rows()
    rows[1] = row("NW-ADM", "-3")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column) == (3, "value")
    assert problem.message == "-3 is less than 0. A count cannot be negative"


def test_a_months_count_is_checked_as_a_count():
    rows = good_rows()
    rows[1] = row("NW-ADM", "30", "10", "-2", "22")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column, problem.column_letter) == (3, "second_month", "J")
    assert "cannot be negative" in problem.message


def test_a_percentage_must_be_within_its_bounds_in_the_quarter_and_in_each_month():
    rows = good_rows()
    rows[3] = row("NW-REV", "100.5")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column) == (5, "value")
    assert problem.message == (
        "100.5 is outside the range for this measure: a percentage from 0 to 100"
    )
    rows[3] = row("NW-REV", "70.0", "69.5", "140.5", "0")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column) == (5, "second_month")


def test_summed_months_must_add_up_to_the_quarter():
    rows = good_rows()
    rows[1] = row("NW-ADM", "31", "10", "12", "8")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column, problem.value) == (3, "value", "31")
    assert problem.message == (
        "The quarter's figure 31 does not match its months: 10 + 12 + 8 = 30. The quarter is "
        "the sum of the three months. Check the four figures"
    )


def test_the_quarter_of_a_mean_is_the_mean_of_the_months_to_its_decimal_places():
    rows = good_rows()
    rows[3] = row("NW-REV", "70.1", "69.5", "70.0", "70.5")
    problem = only_problem(check(rows))
    assert "(69.5 + 70.0 + 70.5) ÷ 3 = 70.0" in problem.message
    assert "the mean of the three months" in problem.message


def test_the_quarter_of_a_last_month_rule_is_the_third_month():
    rows = good_rows()
    rows[2] = row("NW-WAIT", "50", "50", "45", "41")
    problem = only_problem(check(rows))
    assert problem.message.startswith("The quarter's figure 50 must equal the third month's, 41")


def test_a_summed_quarter_needs_all_three_months_where_any_is_given():
    rows = good_rows()
    rows[1] = row("NW-ADM", "30", "10", "", "8")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column) == (3, "second_month")
    assert problem.message.startswith("Enter all three months")


def test_months_need_the_quarter_figure_too():
    rows = good_rows()
    rows[1] = row("NW-ADM", "", "10", "12", "8")
    problem = only_problem(check(rows))
    assert (problem.column, problem.message) == (
        "value",
        "Enter the quarter's figure in 'value' as well as the months",
    )


def test_an_annual_item_takes_no_months():
    rows = good_rows()
    rows[0] = row("2C", "512.3", "500")
    problem = only_problem(check(rows))
    assert (problem.row, problem.column) == (2, "first_month")
    assert (
        problem.message
        == "Leave first month empty: 2C is collected for the quarter only, in 'value'"
    )


def test_an_item_published_nationally_is_refused_with_where_it_comes_from():
    rows = [*good_rows(), row("dtoc-social-care", "120")]
    problem = only_problem(check(rows))
    assert (problem.row, problem.column, problem.value) == (6, "measure_code", "dtoc-social-care")
    assert problem.message.startswith(
        "dtoc-social-care comes from national data (NHS England delayed transfers of care)"
    )
    assert problem.message.endswith("Delete this row")


def test_comment_rows_are_skipped_and_the_other_rows_keep_their_numbers_in_the_file():
    rows = good_rows()
    comment = [f"{COMMENT_MARKER} NW benchmarking: Residential and Nursing"]
    with_comments = [[f"{COMMENT_MARKER} notes"], rows[0], comment, rows[1], rows[2], rows[3]]
    with_comments[3] = row("NW-ADM", "-1")
    result = check(with_comments)
    problem = only_problem(result)
    assert problem.row == 5  # header 1, comment 2, 2C 3, comment 4, NW-ADM 5
    assert result.rows_read == 4  # rows of figures: the comment rows are not counted


def test_a_file_of_only_comment_rows_has_no_rows_of_figures():
    result = check([[f"{COMMENT_MARKER} only a note"]])
    assert not result.is_valid
    assert result.problems[0].row is None


@pytest.mark.parametrize("name", ["return.csv", "return.xlsx"])
def test_the_checks_are_the_same_for_csv_and_excel(name):
    rows = good_rows()
    rows[1] = row("NW-ADM", "30", "10", "12", "9")
    problem = only_problem(check(rows, name=name))
    assert (problem.row, problem.column) == (3, "value")
