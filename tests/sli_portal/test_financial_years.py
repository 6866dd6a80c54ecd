import datetime

import pytest

from sli_portal.financial_years import (
    NotAFinancialYear,
    financial_year_of,
    parse_year,
    quarter_bounds,
    quarter_label,
    quarter_of,
    year_bounds,
    year_label,
    year_slug,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2024, 3, 31), 2023),
        (datetime.date(2024, 4, 1), 2024),
        (datetime.date(2024, 12, 31), 2024),
        (datetime.date(2025, 1, 1), 2024),
    ],
)
def test_a_financial_year_starts_on_1_april(day: datetime.date, year: int) -> None:
    assert financial_year_of(day) == year


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (datetime.date(2024, 4, 1), (2024, 1)),
        (datetime.date(2024, 6, 30), (2024, 1)),
        (datetime.date(2024, 7, 1), (2024, 2)),
        (datetime.date(2024, 12, 31), (2024, 3)),
        (datetime.date(2025, 1, 1), (2024, 4)),
        (datetime.date(2025, 3, 31), (2024, 4)),
    ],
)
def test_quarter_1_is_april_to_june(day: datetime.date, quarter: tuple[int, int]) -> None:
    assert quarter_of(day) == quarter


def test_every_quarter_has_the_bounds_of_the_days_it_holds() -> None:
    day = datetime.date(2023, 4, 1)
    while day <= datetime.date(2025, 3, 31):
        first, last = quarter_bounds(*quarter_of(day))
        assert first <= day <= last
        day += datetime.timedelta(days=1)
    assert quarter_bounds(2024, 4) == (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


def test_a_year_runs_from_april_to_march_and_is_written_2012_13() -> None:
    assert year_bounds(2012) == (datetime.date(2012, 4, 1), datetime.date(2013, 3, 31))
    assert year_label(2012) == "2012/13"
    assert year_label(1999) == "1999/00"
    assert year_slug(2012) == "2012-13"
    assert quarter_label(2024, 1) == "2024/25 Q1"


@pytest.mark.parametrize("text", ["2023", "2023-24", "2023/24", " 2023 / 24 "])
def test_a_year_is_read_as_the_year_it_starts(text: str) -> None:
    assert parse_year(text) == 2023


@pytest.mark.parametrize(("text", "out_of_step"), [("2023-25", True), ("twenty", False)])
def test_anything_else_is_not_a_financial_year(text: str, out_of_step: bool) -> None:
    with pytest.raises(NotAFinancialYear) as refused:
        parse_year(text)
    assert refused.value.out_of_step is out_of_step
