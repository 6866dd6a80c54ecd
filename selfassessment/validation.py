"""Checks for thematic review files, answers and evidence files: pure functions, no database.

A review file (CSV or Excel .xlsx) has one header row with the columns of :data:`REVIEW_COLUMNS`
(any order, any case) and one row per standard. The file-level checks (type, size, encoding,
zip bombs, XML entity attacks through defusedxml, macro workbooks, too many rows) are the
project's one reader, :func:`sli_portal.uploads.read_table`; this module checks the rows. Every problem
names the spreadsheet row (the header is row 1), the column, the value and what to do.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from openpyxl.utils import get_column_letter

from sli_portal.attachments import DOCUMENTS, check_attachment
from sli_portal.uploads import FileRefused, Problem, TableKind, read_header, read_table

REVIEW_FILE = TableKind(
    document="a review file",
    one_row_per="A review file has one row per standard",
    start_again="Export the review again and upload that",
)

# The one declared layout of a review file: what export writes and import reads.
SECTION = "Section"
CODE = "Standard code"
TITLE = "Standard"
KEY = "Key element"
PROMPTS = "Evidence prompts"
LEVEL_COLUMNS = ("Level 1", "Level 2", "Level 3", "Level 4")
REVIEW_COLUMNS = (SECTION, CODE, TITLE, KEY, PROMPTS, *LEVEL_COLUMNS)
REQUIRED_COLUMNS = (SECTION, CODE, TITLE, "Level 1", "Level 2", "Level 3")

SECTION_MAX = 200
TITLE_MAX = 300
CODE_MAX = 20
TEXT_MAX = 4000
MAX_STANDARDS = 200
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*")
YES = frozenset({"yes", "y", "true"})
NO = frozenset({"no", "n", "false", ""})
# What the export's escaping put in front of text that a spreadsheet would take for a formula
# (sli_portal.spreadsheets.escape_cell); taken off again on import so a file round-trips.
_ESCAPED = re.compile(r"'(?=[=+\-@\t\r])")
_LEVEL_HEADING = re.compile(r"level\s*(\S+)", re.IGNORECASE)

EVIDENCE_WRONG_TYPE = (
    "The selected file must be a PDF, Word document (.docx), Excel spreadsheet (.xlsx), "
    "or a PNG or JPEG image"
)

_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class StandardRow:
    """One valid row of a review file."""

    row: int
    section: str
    code: str
    title: str
    is_key_element: bool
    evidence_prompts: str
    descriptors: tuple[str, ...]  # Level 1 first, up to the review's highest level


@dataclass(frozen=True)
class ReviewFile:
    """A checked review file: its standards in file order, the review's highest level (4 if any
    row describes Level 4, otherwise 3), and every problem. ``standards`` is empty when there
    is any problem."""

    standards: list[StandardRow]
    max_level: int
    problems: list[Problem]
    rows_read: int

    @property
    def is_valid(self) -> bool:
        return not self.problems


def _whole_file(message: str, value: str = "") -> Problem:
    return Problem(row=None, column=None, column_letter=None, value=value, message=message)


def _heading(text: str) -> str:
    return " ".join(text.split()).casefold()


_KNOWN = {_heading(c): c for c in REVIEW_COLUMNS}


def _header(header: list[str]) -> tuple[list[Problem], dict[str, int], set[int]]:
    """Problems with the header row, where each column is, and the columns with no heading."""
    found = read_header(
        header,
        columns=_KNOWN,
        required=REQUIRED_COLUMNS,
        normalise=_heading,
        row=1,
        unknown=_unknown_column,
        missing=lambda column: (
            f"The file is missing the column '{column}'. Export a review to see the columns a "
            "review file needs"
        ),
    )
    return found.problems, found.positions, found.unnamed


def _unknown_column(letter: str, raw: str, key: str) -> str:
    hint = (
        f"A review has Levels 1 to 4 only: name the level columns {', '.join(LEVEL_COLUMNS)}"
        if _LEVEL_HEADING.fullmatch(key)
        else f"The columns are: {', '.join(REVIEW_COLUMNS)}"
    )
    return f"Column {letter} '{raw.strip()}' is not one of the review file's columns. {hint}"


def unescape(text: str) -> str:
    """Text as written before the export escaped it (a leading apostrophe before = + - @)."""
    return _ESCAPED.sub("", text, count=1) if text.startswith("'") else text


@dataclass
class _Rows:
    positions: dict[str, int]
    unnamed: set[int]
    width: int
    max_level: int
    problems: list[Problem] = field(default_factory=list)
    first_row_of_code: dict[str, int] = field(default_factory=dict)
    standards: list[StandardRow] = field(default_factory=list)

    def add(self, row: int, column: str | None, value: str, message: str) -> None:
        letter = get_column_letter(self.positions[column] + 1) if column in self.positions else None
        self.problems.append(Problem(row, column, letter, value, message))

    def cells(self, raw: list[str]) -> dict[str, str]:
        return {
            column: raw[index] if index < len(raw) else ""
            for column, index in self.positions.items()
        }

    def check(self, number: int, raw: list[str]) -> None:
        for index, cell in enumerate(raw):
            if cell.strip() and (index in self.unnamed or index >= self.width):
                letter = get_column_letter(index + 1)
                self.problems.append(
                    Problem(
                        number,
                        None,
                        letter,
                        cell,
                        f"Column {letter} has no heading in row 1. Delete what is in this cell, "
                        "or move it to the right column",
                    )
                )
        cells = self.cells(raw)
        before = len(self.problems)
        for column, value in cells.items():
            if value.strip().startswith("="):
                self.add(
                    number,
                    column,
                    value,
                    "The cell contains a formula. Type the text itself, not a formula",
                )
        if len(self.problems) > before:
            return
        texts = {column: unescape(value.strip()) for column, value in cells.items()}
        section = self._text(number, texts, SECTION, SECTION_MAX, "Enter the section")
        code = self._code(number, texts.get(CODE, ""))
        title = self._text(number, texts, TITLE, TITLE_MAX, "Enter the standard")
        key = self._key(number, texts.get(KEY, ""))
        prompts = self._text(number, texts, PROMPTS, TEXT_MAX, None)
        descriptors = self._levels(number, texts)
        if len(self.problems) == before:
            self.standards.append(
                StandardRow(
                    row=number,
                    section=section,
                    code=code,
                    title=title,
                    is_key_element=key,
                    evidence_prompts=prompts,
                    descriptors=descriptors,
                )
            )

    def _text(
        self, number: int, texts: dict[str, str], column: str, limit: int, missing: str | None
    ) -> str:
        text = texts.get(column, "")
        if not text and missing:
            self.add(number, column, "", missing)
        elif len(text) > limit:
            self.add(
                number,
                column,
                text[:60],
                f"The {column.lower()} must be {limit:,} characters or fewer (it has {len(text):,})",
            )
        return text

    def _code(self, number: int, text: str) -> str:
        if not text:
            self.add(number, CODE, "", "Enter the standard code, like 1.2")
        elif len(text) > CODE_MAX or not CODE_PATTERN.fullmatch(text):
            self.add(
                number,
                CODE,
                text,
                f"'{text[:40]}' is not a standard code. Use letters, digits, full stops and "
                f"hyphens only, up to {CODE_MAX} characters, like 1.2",
            )
        elif text.casefold() in self.first_row_of_code:
            first = self.first_row_of_code[text.casefold()]
            self.add(
                number,
                CODE,
                text,
                f"Standard {text} is already in row {first}. Each standard code must be used "
                "once: change one of them",
            )
        else:
            self.first_row_of_code[text.casefold()] = number
        return text

    def _key(self, number: int, text: str) -> bool:
        lowered = text.casefold()
        if lowered in YES:
            return True
        if lowered not in NO:
            self.add(
                number,
                KEY,
                text,
                f"Enter Yes or No for whether this is a key element, not '{text[:40]}'",
            )
        return False

    def _levels(self, number: int, texts: dict[str, str]) -> tuple[str, ...]:
        descriptors: list[str] = []
        for level in range(1, self.max_level + 1):
            column = LEVEL_COLUMNS[level - 1]
            text = texts.get(column, "")
            if not text:
                message = (
                    "Enter the Level 1 descriptor. Level 1 is the minimum standard every council "
                    "is expected to meet"
                    if level == 1
                    else f"Enter the Level {level} descriptor. Every standard needs a descriptor "
                    f"for each level from 1 to {self.max_level}"
                )
                self.add(number, column, "", message)
            elif len(text) > TEXT_MAX:
                self.add(
                    number,
                    column,
                    text[:60],
                    f"The Level {level} descriptor must be {TEXT_MAX:,} characters or fewer",
                )
            descriptors.append(text)
        return tuple(descriptors)


def _highest_level(positions: dict[str, int], rows: list[tuple[int, list[str]]]) -> int:
    """4 if any row describes Level 4, otherwise 3."""
    index = positions.get("Level 4")
    if index is None:
        return 3
    return 4 if any(index < len(cells) and cells[index].strip() for _, cells in rows) else 3


def validate_review_file(*, content: bytes, name: str) -> ReviewFile:
    """Check a review file. Bad content never raises: a refused file is one whole-file problem.
    Every problem in the rows is reported, not just the first."""
    try:
        header, rows = read_table(content=content, name=name, kind=REVIEW_FILE)
    except FileRefused as refused:
        return ReviewFile([], 3, [refused.problem], 0)
    problems, positions, unnamed = _header(header)
    if not rows:
        problems.append(
            _whole_file(
                "The file has no standards. Enter one row for each standard under the header row"
            )
        )
    if len(rows) > MAX_STANDARDS:
        problems.append(
            _whole_file(
                f"A review can have at most {MAX_STANDARDS} standards; the file has {len(rows):,}"
            )
        )
    if problems:
        return ReviewFile([], 3, problems, len(rows))
    checker = _Rows(
        positions=positions,
        unnamed=unnamed,
        width=len(header),
        max_level=_highest_level(positions, rows),
    )
    for number, cells in rows:
        checker.check(number, cells)
    standards = [] if checker.problems else checker.standards
    return ReviewFile(standards, checker.max_level, checker.problems, len(rows))


# --- Answers -----------------------------------------------------------------------------------


def check_level(level: int | None, *, max_level: int) -> str | None:
    """Why ``level`` cannot be claimed (or moderated) on a review with ``max_level``, or None.
    0 means "Not yet at Level 1"; None means not answered yet."""
    if level is None or 0 <= level <= max_level:
        return None
    return f"Choose a level from Level 1 to Level {max_level}, or Not yet at Level 1"


def parse_links(text: str) -> tuple[list[str], list[str]]:
    """The web addresses in ``text`` (one a line, blank lines ignored) and a message for each
    line that is not an http:// or https:// address."""
    links: list[str] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        link = line.strip()
        if not link:
            continue
        try:
            _url(link)
        except ValidationError:
            problems.append(
                f"Line {number} of the links, '{link[:60]}', is not a web address. Enter each "
                "link on its own line, starting with https://"
            )
            continue
        links.append(link)
    return links, problems


# --- Evidence files ----------------------------------------------------------------------------


def check_evidence_file(*, name: str, size: int, content: bytes) -> str | None:
    """Why a file may not be attached as evidence, or None: a PDF, Word (.docx), Excel (.xlsx),
    PNG or JPEG file smaller than 10 MB whose content matches its name, without macros
    (:func:`sli_portal.attachments.check_attachment`)."""
    return check_attachment(
        name=name, size=size, content=content, allowed=DOCUMENTS, wrong_type=EVIDENCE_WRONG_TYPE
    )


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    return [problem.as_line() for problem in problems]
