"""Checks on an uploaded quarterly return: pure functions, no database access and no writes.

A return is a CSV or Excel (.xlsx) file made from the template: one header row with the
:data:`TEMPLATE_COLUMNS` (in any order and case) and one row per measure. The file is read by the
project's one hardened reader (:func:`sli_portal.uploads.read_table`); this module checks what
its rows say. Every problem found is reported, each naming the row as the spreadsheet shows it
(the header is row 1) and the column. Nothing in a file is ever evaluated: a formula is a
problem, never a figure.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from openpyxl.utils import get_column_letter

from returns.item_checks import (
    LARGEST_FIGURE,
    NOT_A_NUMBER_BLANK_HINT,
    MeasureSpec,
    Parsed,
    months_mismatch,
    number_words,
    outside_range,
    parse_number,
    range_words,
    rule_words,
)
from returns.models import UNIT_MULTIPLIER, Period, QuarterRule, Unit
from sli_portal.figures import round_half_up
from sli_portal.financial_years import quarter_label
from sli_portal.uploads import FileRefused, Problem, TableKind, has_text, read_header, read_table

TEMPLATE_COLUMNS = (
    "council_code",
    "period",
    "measure_code",
    "measure_name",
    "unit",
    "value",
    "numerator",
    "denominator",
    "first_month",
    "second_month",
    "third_month",
    "tier",
    "section",
    "definition",
    "how_to_fill_in",
)
# Columns the template fills in for the reader; never checked, and a file may leave them out.
INFORMATIONAL_COLUMNS = ("measure_name", "unit", "tier", "section", "definition", "how_to_fill_in")
# The three months of the quarter, for a monthly or quarterly measure: checked where given, and
# a file may leave them out.
MONTH_COLUMNS = ("first_month", "second_month", "third_month")
REQUIRED_COLUMNS = tuple(
    c for c in TEMPLATE_COLUMNS if c not in INFORMATIONAL_COLUMNS and c not in MONTH_COLUMNS
)
NUMBER_COLUMNS = ("value", "numerator", "denominator")
# A CSV row whose first cell starts with this is a comment for the reader: the template's
# headings and notes. The checks skip it; the other rows keep their numbers in the file.
COMMENT_MARKER = "#"
PROGRESS_EVERY_ROWS = 50
__all__ = [
    "COMMENT_MARKER",
    "LARGEST_FIGURE",
    "NOT_A_NUMBER_BLANK_HINT",
    "MeasureSpec",
    "TEMPLATE_COLUMNS",
    "ValidatedValue",
    "ValidationResult",
    "validate_return",
]

NO_ROWS = "The file has no rows of figures. Enter one row for each measure under the header row"

_MULTIPLIERS: dict[str, Decimal] = {str(unit): m for unit, m in UNIT_MULTIPLIER.items()}

RETURN_FILE = TableKind(
    document="a return",
    one_row_per="A return has one row for each measure",
    start_again="Copy your figures into a new copy of the template and upload that",
)


@dataclass(frozen=True)
class ValidatedValue:
    """One measure's checked figures. ``source_row`` is None for a measure not in the file."""

    measure_code: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    source_row: int | None


@dataclass(frozen=True)
class ValidationResult:
    """``values`` has one entry per expected measure in catalogue order (value None when blank)
    and is empty when there is any problem; ``blank_measures`` lists the codes with no figure."""

    values: list[ValidatedValue]
    problems: list[Problem]
    blank_measures: list[str]
    rows_read: int

    @property
    def is_valid(self) -> bool:
        return not self.problems


def _normalise_header(text: str) -> str:
    return "_".join(text.split()).casefold()


@dataclass
class _Checker:
    """Checks the rows of one file, collecting every problem."""

    specs: dict[str, MeasureSpec]
    council_code: str
    period: tuple[int, int]
    period_slug: str
    letters: dict[str, str]
    positions: dict[str, int]
    unnamed: set[int]
    width: int
    problems: list[Problem] = field(default_factory=list)
    first_rows: dict[str, int] = field(default_factory=dict)
    found: dict[str, ValidatedValue] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)
    row_codes: dict[int, str] = field(default_factory=dict)
    national: dict[str, str] = field(default_factory=dict)

    def cells(self, cells: list[str]) -> dict[str, str]:
        """The row's cell for each template column ("" for an optional column not in the file)."""
        found = {c: cells[i] if i < len(cells) else "" for c, i in self.positions.items()}
        return {column: found.get(column, "") for column in TEMPLATE_COLUMNS}

    def add(self, row: int, column: str, value: str, message: str) -> None:
        self.problems.append(
            Problem(
                row=row,
                column=column,
                column_letter=self.letters.get(column),
                value=value,
                message=message,
            )
        )

    def check(self, number: int, raw: list[str]) -> None:
        self._stray(number, raw)
        cells = self.cells(raw)
        code = cells["measure_code"].strip()
        if code and not code.startswith("="):
            spec_named = self.specs.get(code.upper())
            self.row_codes[number] = spec_named.code if spec_named else code
        formulas = {c for c, v in cells.items() if v.strip().startswith("=")}
        for column in sorted(formulas, key=TEMPLATE_COLUMNS.index):
            kind = "figure" if column in NUMBER_COLUMNS + MONTH_COLUMNS else "text"
            self.add(
                number,
                column,
                cells[column],
                f"The cell contains a formula. Type the {kind} itself, not a formula",
            )
        if "council_code" not in formulas:
            self._council(number, cells["council_code"])
        if "period" not in formulas:
            self._period(number, cells["period"])
        spec, first = None, True
        if "measure_code" not in formulas:
            spec, first = self._measure(number, cells["measure_code"])
        figures = self._figures(number, cells, formulas, spec)
        if spec is not None and first:
            self._record(number, spec, figures)

    def _stray(self, number: int, raw: list[str]) -> None:
        for index, cell in enumerate(raw):
            if cell.strip() and (index in self.unnamed or index >= self.width):
                letter = get_column_letter(index + 1)
                self.problems.append(
                    Problem(
                        row=number,
                        column=None,
                        column_letter=letter,
                        value=cell,
                        message=f"Column {letter} has no heading in row 1. Delete what is in this "
                        "cell, or move it to the right column",
                    )
                )

    def _council(self, number: int, raw: str) -> None:
        text = raw.strip()
        if not text:
            self.add(number, "council_code", raw, f"Enter the council code, {self.council_code}")
        elif text.upper() != self.council_code.upper():
            self.add(
                number,
                "council_code",
                raw,
                f"This row is for {text} but this return is for {self.council_code}",
            )

    def _period(self, number: int, raw: str) -> None:
        text = raw.strip()
        parsed = Period.parse_slug(text) if text else None
        if not text:
            self.add(number, "period", raw, f"Enter the period, {self.period_slug}")
        elif parsed is None:
            self.add(
                number, "period", raw, f"'{text}' is not a period. Enter it like {self.period_slug}"
            )
        elif parsed != self.period:
            self.add(
                number,
                "period",
                raw,
                f"This row is for {quarter_label(*parsed)} but this return is for "
                f"{quarter_label(*self.period)}",
            )

    def _measure(self, number: int, raw: str) -> tuple[MeasureSpec | None, bool]:
        text = raw.strip()
        spec = self.specs.get(text.upper())
        if not text:
            self.add(number, "measure_code", raw, "Enter the measure code")
        elif spec is None and text.upper() in self.national:
            self.add(
                number,
                "measure_code",
                raw,
                f"{text} comes from national data ({self.national[text.upper()]}): councils do "
                "not type it, and the return's page shows the published figure. Delete this row",
            )
        elif spec is None:
            self.add(
                number,
                "measure_code",
                raw,
                f"'{text}' is not a measure in this return. Check the code against the template",
            )
        elif spec.code in self.first_rows:
            self.add(
                number,
                "measure_code",
                raw,
                f"Measure {spec.code} is already in row {self.first_rows[spec.code]}. "
                "Each measure must be in only one row: delete one of them",
            )
            return spec, False
        else:
            self.first_rows[spec.code] = number
        return spec, True

    def _figures(
        self, number: int, cells: dict[str, str], formulas: set[str], spec: MeasureSpec | None
    ) -> dict[str, Parsed]:
        figures: dict[str, Parsed] = {}
        for column in NUMBER_COLUMNS:
            raw = cells[column]
            if column in formulas:
                figures[column] = Parsed(raw.strip(), None, False)
            elif column != "value" and spec and not spec.collects_numerator_denominator:
                figures[column] = self._not_collected(number, column, raw)
            else:
                figures[column] = self._number(number, column, raw)
        if spec is not None:
            figures["value"] = self._kind(number, "value", spec, figures["value"])
            self._value_range(number, spec, figures)
        if spec is not None and spec.collects_numerator_denominator:
            self._ratio(number, spec, figures)
        months = [self._month(number, c, cells[c], formulas, spec) for c in MONTH_COLUMNS]
        if spec is not None and any(month.text for month in months):
            self._months_match(number, spec, figures["value"], months)
        return figures

    def _kind(self, number: int, column: str, spec: MeasureSpec, figure: Parsed) -> Parsed:
        """A count is a whole number, never negative."""
        if spec.unit != Unit.COUNT or figure.value is None:
            return figure
        if figure.value < 0:
            message = f"{figure.text} is less than 0. A count cannot be negative"
        elif figure.value != figure.value.to_integral_value():
            whole = figure.value.to_integral_value()
            message = (
                f"{figure.text} is not a whole number. This measure counts "
                f"{spec.unit_label or 'people'}: enter a whole number, like {whole}"
            )
        else:
            return figure
        self.add(number, column, figure.text, message)
        return Parsed(figure.text, figure.value, False)

    def _month(
        self, number: int, column: str, raw: str, formulas: set[str], spec: MeasureSpec | None
    ) -> Parsed:
        """One month's figure, checked as the quarter's is (a month of a summed count is not
        held to the quarter's range)."""
        if column in formulas:
            return Parsed(raw.strip(), None, False)
        if spec is not None and not spec.takes_months and raw.strip():
            self.add(
                number,
                column,
                raw,
                f"Leave {column.replace('_', ' ')} empty: {spec.code} is collected for the "
                "quarter only, in 'value'",
            )
            return Parsed(raw.strip(), None, False)
        figure = self._number(number, column, raw)
        if spec is None or figure.value is None:
            return figure
        figure = self._kind(number, column, spec, figure)
        if figure.value is None or not figure.ok or spec.quarter_rule == QuarterRule.SUM:
            return figure
        if outside_range(spec, figure.value):
            self.add(
                number,
                column,
                figure.text,
                f"{figure.text} is outside the range for this measure: {range_words(spec)}",
            )
            return Parsed(figure.text, figure.value, False)
        return figure

    def _months_match(
        self, number: int, spec: MeasureSpec, value: Parsed, months: list[Parsed]
    ) -> None:
        """Where the months and the quarter are both given, the months make the quarter as the
        measure's rule says (sum, mean or last month)."""
        if not all(month.ok for month in months) or not value.ok:
            return
        needed = [2] if spec.quarter_rule == QuarterRule.LAST else [0, 1, 2]
        missing = [i for i in needed if months[i].value is None]
        if missing:
            self.add(
                number,
                MONTH_COLUMNS[missing[0]],
                "",
                f"Enter {rule_words(spec)}, or leave the months empty",
            )
            return
        if value.value is None:
            self.add(
                number, "value", "", "Enter the quarter's figure in 'value' as well as the months"
            )
            return
        message = months_mismatch(spec, value, months)
        if message:
            self.add(number, "value", value.text, message)

    def _not_collected(self, number: int, column: str, raw: str) -> Parsed:
        if not raw.strip():
            return Parsed("", None, True)
        self.add(number, column, raw, f"Leave {column} empty: this measure does not collect it")
        return Parsed(raw.strip(), None, False)

    def _number(self, number: int, column: str, raw: str) -> Parsed:
        value, message = parse_number(raw)
        if message is not None:
            self.add(number, column, raw, message)
        return Parsed(raw.strip(), value, message is None)

    def _value_range(self, number: int, spec: MeasureSpec, figures: dict[str, Parsed]) -> None:
        figure = figures["value"]
        if figure.value is None:
            return
        if figure.ok and outside_range(spec, figure.value):
            self.add(
                number,
                "value",
                figure.text,
                f"{figure.text} is outside the range for this measure: {range_words(spec)}",
            )
            figures["value"] = Parsed(figure.text, figure.value, False)

    def _ratio(self, number: int, spec: MeasureSpec, figures: dict[str, Parsed]) -> None:
        value, top, bottom = figures["value"], figures["numerator"], figures["denominator"]
        if value.blank:
            if top.text or bottom.text:
                self.add(
                    number,
                    "value",
                    "",
                    "Enter the value worked out from the numerator and denominator, or "
                    "leave all three empty if you do not have the figures yet",
                )
            return
        if self._ratio_parts(number, spec, top, bottom) and value.ok:
            self._ratio_matches(number, spec, value, top, bottom)

    def _ratio_parts(self, number: int, spec: MeasureSpec, top: Parsed, bottom: Parsed) -> bool:
        for column, part in (("numerator", top), ("denominator", bottom)):
            if part.blank:
                self.add(
                    number,
                    column,
                    "",
                    f"Enter the {column}. This measure needs the numerator and denominator "
                    "as well as the value",
                )
        if top.value is None or bottom.value is None:
            return False
        ok = True
        if top.value < 0:
            self.add(number, "numerator", top.text, "The numerator must be 0 or more")
            ok = False
        if bottom.value <= 0:
            self.add(number, "denominator", bottom.text, "The denominator must be more than 0")
            ok = False
        if ok and spec.unit == Unit.PERCENTAGE and top.value > bottom.value:
            self.add(
                number,
                "numerator",
                top.text,
                f"The numerator {top.text} must not be more than the denominator "
                f"{bottom.text} for a percentage",
            )
            ok = False
        return ok

    def _ratio_matches(
        self, number: int, spec: MeasureSpec, value: Parsed, top: Parsed, bottom: Parsed
    ) -> None:
        if value.value is None or top.value is None or bottom.value is None:
            return
        multiplier = _MULTIPLIERS.get(spec.unit, Decimal(1))
        exact = top.value / bottom.value * multiplier
        step = Decimal(1).scaleb(-spec.decimal_places)
        if abs(value.value - exact) <= step / 2:
            return
        shown = format(round_half_up(exact, spec.decimal_places), "f")
        times = (
            ""
            if spec.unit == Unit.PERCENTAGE or multiplier == 1
            else (f" × {number_words(multiplier)}")
        )
        self.add(
            number,
            "value",
            value.text,
            f"The value {value.text} does not match numerator {top.text} ÷ denominator "
            f"{bottom.text}{times} = {shown}. Check the three figures",
        )

    def _record(self, number: int, spec: MeasureSpec, figures: dict[str, Parsed]) -> None:
        if figures["value"].blank:
            self.blank.add(spec.code)
        self.found[spec.code] = ValidatedValue(
            measure_code=spec.code,
            value=figures["value"].value,
            numerator=figures["numerator"].value,
            denominator=figures["denominator"].value,
            source_row=number,
        )


def _header_problems(header: list[str]) -> tuple[list[Problem], dict[str, int], set[int]]:
    """Problems with the header row, where each template column is, and the unnamed columns."""
    found = read_header(
        header,
        columns={column: column for column in TEMPLATE_COLUMNS},
        required=REQUIRED_COLUMNS,
        normalise=_normalise_header,
        row=None,
        unknown=lambda letter, raw, _key: (
            f"Column {letter} '{raw.strip()}' is not one of the template's columns. Delete the "
            "column, or download the template again"
        ),
        missing=lambda column: (
            f"The file is missing the column '{column}'. Download the template again and copy "
            "your figures into it"
        ),
    )
    return found.problems, found.positions, found.unnamed


def validate_return(
    *,
    content: bytes,
    name: str,
    measures: Sequence[MeasureSpec],
    council_code: str,
    period_slug: str,
    progress: Callable[[int], None] | None = None,
    national: Mapping[str, str] | None = None,
) -> ValidationResult:
    """Check a council's return for one period against the measures expected in it, in the
    order given. Bad content never raises: a refused file is a single whole-file problem.
    ``progress``, if given, is called with a percentage every 50 rows and with 100 once the rows
    are checked. ``national`` maps the code of each measure published nationally (never typed)
    to where it is published; a row typing one is a problem. A CSV row whose first cell starts
    with :data:`COMMENT_MARKER` is skipped. Raises ValueError only for a malformed ``period_slug`` (the caller's mistake)."""
    period = Period.parse_slug(period_slug)
    if period is None:
        raise ValueError(f"not a period slug: {period_slug!r}")
    try:
        header, rows = read_table(content=content, name=name, kind=RETURN_FILE)
    except FileRefused as refused:
        return ValidationResult(
            values=[], problems=[refused.problem], blank_measures=[], rows_read=0
        )
    rows = [(number, cells) for number, cells in rows if not _is_comment(cells)]
    if not rows and not has_text(header):
        return ValidationResult(
            values=[], problems=[Problem.whole_file(NO_ROWS)], blank_measures=[], rows_read=0
        )
    problems, positions, unnamed = _header_problems(header)
    if not rows:
        problems.append(Problem.whole_file(NO_ROWS))
    if any(problem.column is not None for problem in problems):
        return ValidationResult(
            values=[], problems=problems, blank_measures=[], rows_read=len(rows)
        )
    checker = _Checker(
        specs={spec.code.upper(): spec for spec in measures},
        council_code=council_code,
        period=period,
        period_slug=period_slug,
        letters={c: get_column_letter(i + 1) for c, i in positions.items()},
        positions=positions,
        unnamed=unnamed,
        width=len(header),
        problems=problems,
        national={code.upper(): words for code, words in (national or {}).items()},
    )
    for done, (number, cells) in enumerate(rows, start=1):
        checker.check(number, cells)
        if progress is not None and done % PROGRESS_EVERY_ROWS == 0:
            progress(min(99, done * 100 // len(rows)))
    if progress is not None:
        progress(100)
    return _result(checker, measures, len(rows))


def _is_comment(cells: list[str]) -> bool:
    return bool(cells) and cells[0].lstrip().startswith(COMMENT_MARKER)


def _result(checker: _Checker, measures: Sequence[MeasureSpec], rows_read: int) -> ValidationResult:
    blank = [s.code for s in measures if s.code not in checker.found or s.code in checker.blank]
    values = (
        []
        if checker.problems
        else [
            checker.found.get(s.code)
            or ValidatedValue(
                measure_code=s.code, value=None, numerator=None, denominator=None, source_row=None
            )
            for s in measures
        ]
    )
    problems = [
        replace(p, row_label=checker.row_codes[p.row])
        if p.row is not None and p.row in checker.row_codes
        else p
        for p in checker.problems
    ]
    return ValidationResult(
        values=values, problems=problems, blank_measures=blank, rows_read=rows_read
    )
