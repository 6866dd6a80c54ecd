"""Checks on an uploaded improvement plan: pure functions, no database access and no writes.

A plan file is a CSV or Excel (.xlsx) file in the template's layout (DOMAIN.md §7), one row per
item of expected evidence, with exactly these columns in this order::

    Heading, Improvement area, Action, How achieved, Expected evidence, Timescale

- Heading: the outcome heading ("Safeguarding Adults"); blank means the same as the row above.
- Improvement area: "Improvement Area 1 – Improve the practice…" or "1 – Improve the practice…";
  blank means the same as the row above.
- Action: the action's number in the plan (numbered across the whole plan), repeated on every
  row of the action; How achieved is given on its first row and is blank (or the same) after.
- Expected evidence: one paragraph; Timescale: as written ("June 2010", "Quarterly"…).

The file-level checks (type, size, zip bomb, XML entities through defusedxml, macros) are the
project's one reader's (:func:`sli_portal.uploads.read_table`). Every problem in the rows is reported,
each as ``row N, column C: message`` with the row as the spreadsheet shows it (the header is
row 1). A formula is a problem, never evaluated.
"""

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from improvement_plans.parsing import (
    ParsedMilestone,
    ParsedTarget,
    parse_targets,
    parse_timescale,
)
from sli_portal.uploads import FileRefused, Problem, TableKind, read_table

COLUMNS = (
    "Heading",
    "Improvement area",
    "Action",
    "How achieved",
    "Expected evidence",
    "Timescale",
)
HEADING, AREA, ACTION, HOW, EVIDENCE, TIMESCALE = COLUMNS
HEADING_MAX = 300

NO_ROWS = (
    "The file has no rows of the plan. Enter one row for each item of expected evidence under "
    "the header row"
)
PLAN_FILE = TableKind(
    document="an improvement plan",
    one_row_per="A plan has one row for each item of expected evidence",
    start_again="Copy your plan into a new file and upload that",
)
_AREA = re.compile(
    r"^\s*(?:improvement\s+area\s*)?(?P<number>\d+)\b\s*(?:[–—:.\-]\s*)?(?P<title>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ACTION = re.compile(r"^\s*(?:action\s*)?(?P<number>\d+)(?:\.0+)?\.?\s*$", re.IGNORECASE)
_FORMULA_ESCAPED = re.compile(r"^'[=+\-@\t\r]")


@dataclass
class ParsedEvidence:
    row: int
    text: str
    timescale: str
    milestones: list[ParsedMilestone] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)


@dataclass
class ParsedAction:
    row: int
    number: int
    how_achieved: str
    evidence: list[ParsedEvidence] = field(default_factory=list)


@dataclass
class ParsedArea:
    row: int
    number: int
    title: str
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedHeading:
    row: int
    title: str
    areas: list[ParsedArea] = field(default_factory=list)


@dataclass
class PlanParse:
    """The plan found in a file; ``headings`` is empty when there is any problem."""

    headings: list[ParsedHeading]
    problems: list[Problem]
    rows_read: int

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def areas(self) -> list[ParsedArea]:
        return [area for heading in self.headings for area in heading.areas]

    @property
    def actions(self) -> list[ParsedAction]:
        return [action for area in self.areas for action in area.actions]


def _whole_file(message: str) -> Problem:
    return Problem(row=None, column=None, column_letter=None, value="", message=message)


def _cell(raw: str) -> str:
    """A cell's text with line endings made one kind and the apostrophe the portal's exports
    put before text a spreadsheet would read as a formula taken off again."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text[1:] if _FORMULA_ESCAPED.match(text) else text


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_area(text: str) -> tuple[int, str] | None:
    """The number and title of "Improvement Area 1 – Improve…" or "1 – Improve…"."""
    match = _AREA.match(text)
    if match is None:
        return None
    return int(match["number"]), " ".join(match["title"].split())


def parse_action_number(text: str) -> int | None:
    match = _ACTION.match(text)
    return int(match["number"]) if match else None


def _header_problems(header: list[str]) -> list[Problem]:
    problems = []
    for index, expected in enumerate(COLUMNS):
        found = _cell(header[index]) if index < len(header) else ""
        if _normalise(found) == _normalise(expected):
            continue
        letter = get_column_letter(index + 1)
        message = (
            f"Column {letter} must be '{expected}'"
            + (f", not '{found}'" if found else "")
            + ". The columns are: "
            + ", ".join(COLUMNS)
        )
        problems.append(Problem(1, letter, letter, found, message))
    for index in range(len(COLUMNS), len(header)):
        if header[index].strip():
            letter = get_column_letter(index + 1)
            problems.append(
                Problem(
                    1,
                    letter,
                    letter,
                    header[index],
                    f"Column {letter} '{header[index].strip()}' is not one of the template's "
                    "columns. Delete it: the columns are " + ", ".join(COLUMNS),
                )
            )
    return problems


@dataclass
class _Reader:
    """Reads the rows of one file in order, collecting every problem."""

    headings: list[ParsedHeading] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    heading_rows: dict[str, int] = field(default_factory=dict)
    area_rows: dict[int, int] = field(default_factory=dict)
    action_places: dict[int, tuple[int, int]] = field(default_factory=dict)
    heading: ParsedHeading | None = None
    area: ParsedArea | None = None
    action: ParsedAction | None = None

    def add(self, row: int, column: str, value: str, message: str) -> None:
        letter = get_column_letter(COLUMNS.index(column) + 1)
        self.problems.append(Problem(row, column, letter, value, message))

    def read(self, row: int, raw: list[str]) -> None:
        for index in range(len(COLUMNS), len(raw)):
            if raw[index].strip():
                letter = get_column_letter(index + 1)
                self.problems.append(
                    Problem(
                        row,
                        letter,
                        letter,
                        raw[index],
                        f"Column {letter} has no heading in row 1. Delete what is in this cell, "
                        "or move it to the right column",
                    )
                )
        cells = dict(zip(COLUMNS, [_cell(c) for c in raw] + [""] * len(COLUMNS), strict=False))
        formulas = [c for c in COLUMNS if cells[c].startswith("=")]
        for column in formulas:
            self.add(
                row, column, cells[column], "The cell contains a formula. Type the text itself"
            )
        if formulas:
            return
        new_heading = self._heading(row, cells[HEADING])
        new_area = self._area(row, cells[AREA], new_heading)
        self._action(row, cells, new_area)

    def _heading(self, row: int, text: str) -> bool:
        if not text:
            if self.heading is None:
                self.add(row, HEADING, text, "Enter the outcome heading, like Safeguarding Adults")
            return False
        if self.heading is not None and _normalise(text) == _normalise(self.heading.title):
            return False
        if len(text) > HEADING_MAX:
            self.add(row, HEADING, text, f"The heading must be {HEADING_MAX} characters or fewer")
        key = _normalise(text)
        if key in self.heading_rows:
            self.add(
                row,
                HEADING,
                text,
                f"The heading '{text}' is already in row {self.heading_rows[key]}. Keep the rows "
                "of a heading together",
            )
        self.heading_rows.setdefault(key, row)
        self.heading = ParsedHeading(row=row, title=" ".join(text.split()))
        self.headings.append(self.heading)
        self.area = None
        return True

    def _area(self, row: int, text: str, new_heading: bool) -> bool:
        if not text:
            if self.area is None and self.heading is not None:
                self.add(
                    row,
                    AREA,
                    text,
                    "Enter the improvement area, like 'Improvement Area 1 – Improve the practice…'"
                    + (": a new heading starts a new improvement area" if new_heading else ""),
                )
                # Read the heading's later rows as this area's, so the problem is told once.
                self.area = ParsedArea(row=row, number=0, title="")
            return False
        parsed = parse_area(text)
        if parsed is None:
            self.add(
                row,
                AREA,
                text,
                f"'{_short(text)}' does not start with the improvement area's number. Write it "
                "like 'Improvement Area 1 – Improve the practice…'",
            )
            self.area = ParsedArea(row=row, number=0, title="")
            return False
        number, title = parsed
        if self.area is not None and number == self.area.number and not new_heading:
            if title and _normalise(title) != _normalise(self.area.title):
                self.add(
                    row,
                    AREA,
                    text,
                    f"Improvement area {number} has a different title in row {self.area.row}. "
                    "Use the same title, or leave the cell empty to mean the same as above",
                )
            return False
        if not title:
            self.add(
                row, AREA, text, f"Enter the title of improvement area {number} after its number"
            )
        if number in self.area_rows:
            self.add(
                row,
                AREA,
                text,
                f"Improvement area {number} is already in row {self.area_rows[number]}. Keep the "
                "rows of an improvement area together, and give each area its own number",
            )
        self.area_rows.setdefault(number, row)
        self.area = ParsedArea(row=row, number=number, title=title)
        if self.heading is not None:
            self.heading.areas.append(self.area)
        return True

    def _action(self, row: int, cells: dict[str, str], new_area: bool) -> None:
        number = self._action_number(row, cells[ACTION])
        if number is None:
            return
        evidence = ParsedEvidence(
            row=row,
            text=cells[EVIDENCE],
            timescale=cells[TIMESCALE],
            milestones=parse_timescale(cells[TIMESCALE]),
            targets=parse_targets(cells[EVIDENCE]),
        )
        how = cells[HOW]
        current = self.action
        if current is not None and number == current.number and not new_area:
            self._continue_action(row, current, how, evidence)
            return
        if number in self.action_places:
            self._action_placed_already(row, cells[ACTION], number)
            return
        if not how:
            self.add(row, HOW, how, f"Enter how action {number} is to be achieved")
        if self.area is None:
            return
        self.action_places[number] = (row, self.area.number)
        self.action = ParsedAction(row=row, number=number, how_achieved=how)
        if evidence.text or evidence.timescale:
            self.action.evidence.append(evidence)
        self.area.actions.append(self.action)

    def _action_number(self, row: int, text: str) -> int | None:
        """The row's action number, or None with the problem recorded."""
        if not text:
            self.add(
                row,
                ACTION,
                text,
                "Enter the action number. On a row that continues an action, repeat its number",
            )
            return None
        number = parse_action_number(text)
        if number is None:
            self.add(
                row,
                ACTION,
                text,
                f"'{_short(text)}' is not an action number. Enter the action's number in the "
                "plan, like 12",
            )
        return number

    def _continue_action(
        self, row: int, current: ParsedAction, how: str, evidence: ParsedEvidence
    ) -> None:
        """A row that adds evidence or a timescale to the action above it."""
        number = current.number
        if how and _normalise(how) != _normalise(current.how_achieved):
            self.add(
                row,
                HOW,
                how,
                f"This row continues action {number} (row {current.row}) but says something "
                "different in How achieved. Leave How achieved empty on the rows that "
                "continue an action",
            )
        if not evidence.text and not evidence.timescale:
            self.add(
                row,
                EVIDENCE,
                "",
                f"This row adds nothing to action {number}. Enter the expected evidence or "
                "the timescale, or delete the row",
            )
            return
        current.evidence.append(evidence)

    def _action_placed_already(self, row: int, text: str, number: int) -> None:
        first_row, area_number = self.action_places[number]
        where = (
            f"in row {first_row}"
            if self.area is not None and area_number == self.area.number
            else f"in improvement area {area_number} (row {first_row})"
        )
        self.add(
            row,
            ACTION,
            text,
            f"Action {number} is already {where}. Actions are numbered across the whole "
            "plan: give each action its own number and keep its rows together",
        )


def _short(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:57]}..."


def validate_plan(*, content: bytes, name: str) -> PlanParse:
    """The plan in an uploaded file, or every problem with it. Bad content never raises: a
    refused file is a single whole-file problem."""
    try:
        header, rows = read_table(content=content, name=name, kind=PLAN_FILE)
    except FileRefused as refused:
        return PlanParse(headings=[], problems=[refused.problem], rows_read=0)
    if not rows and not any(cell.strip() for cell in header):
        return PlanParse(headings=[], problems=[_whole_file(NO_ROWS)], rows_read=0)
    problems = _header_problems(header)
    if problems:
        return PlanParse(headings=[], problems=problems, rows_read=len(rows))
    if not rows:
        return PlanParse(headings=[], problems=[_whole_file(NO_ROWS)], rows_read=0)
    reader = _Reader()
    for number, cells in rows:
        reader.read(number, cells)
    if reader.problems:
        return PlanParse(headings=[], problems=reader.problems, rows_read=len(rows))
    return PlanParse(headings=reader.headings, problems=[], rows_read=len(rows))
