"""Financial years as the portal counts and writes them: a financial year runs from 1 April to
31 March and is named by the year it starts (2012 is 2012/13), as the MoU, ASCOF and the Board's
papers name them. Quarter 1 is April to June. Pure functions of dates and numbers.
"""

import datetime
import re

_YEAR = re.compile(r"^(\d{4})(?:\s*[-/]\s*(\d{2}))?$")


class NotAFinancialYear(ValueError):
    """Text that does not name a financial year. ``out_of_step`` when it names two years whose
    second does not follow the first (``2023-25``), so the message can say so."""

    def __init__(self, text: str, *, out_of_step: bool = False) -> None:
        super().__init__(f"{text!r} is not a financial year")
        self.out_of_step = out_of_step


def financial_year_of(day: datetime.date) -> int:
    """The year the financial year holding ``day`` starts."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: datetime.date) -> tuple[int, int]:
    """The financial year and quarter holding ``day``: 15 May 2024 is (2024, 1), 15 February
    2025 is (2024, 4)."""
    return financial_year_of(day), (day.month - 4) % 12 // 3 + 1


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the financial year starting in April of ``year``."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of quarter ``quarter`` (1 to 4) of the financial year ``year``."""
    month = 4 + 3 * (quarter - 1)
    start = datetime.date(year + (month > 12), (month - 1) % 12 + 1, 1)
    after = month + 3
    end = datetime.date(year + (after > 12), (after - 1) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def year_label(year: int) -> str:
    """The financial year as pages and papers write it: 2012 is ``2012/13``."""
    return f"{year}/{(year + 1) % 100:02d}"


def year_slug(year: int) -> str:
    """The financial year as file names, keys and addresses write it: 2012 is ``2012-13``."""
    return f"{year}-{(year + 1) % 100:02d}"


def quarter_label(year: int, quarter: int) -> str:
    """A quarter of a financial year as pages write it: ``2024/25 Q1``."""
    return f"{year_label(year)} Q{quarter}"


def parse_year(text: str) -> int:
    """``2023``, ``2023-24`` or ``2023/24`` (spaces around the dash or slash allowed) to 2023,
    the year the financial year starts. Raises :class:`NotAFinancialYear` for anything else."""
    match = _YEAR.match(text.strip())
    if match is None:
        raise NotAFinancialYear(text)
    year = int(match.group(1))
    if match.group(2) is not None and int(match.group(2)) != (year + 1) % 100:
        raise NotAFinancialYear(text, out_of_step=True)
    return year
