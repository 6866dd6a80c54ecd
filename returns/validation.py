"""Checks on an uploaded quarterly return: pure functions, no database access and no writes.

A return is a CSV or Excel (.xlsx) file made from the template: one header row with the
:data:`TEMPLATE_COLUMNS` (in any order and case) and one row per measure. Every problem found is
reported, each naming the row as the spreadsheet shows it (the header is row 1) and the column.
Nothing in a file is ever evaluated: a formula is a problem, never a figure.
"""

import csv
import datetime
import io
import math
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException
from django.conf import settings
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from returns.models import UNIT_MULTIPLIER, Period, Unit

TEMPLATE_COLUMNS = (
    "council_code",
    "period",
    "measure_code",
    "measure_name",
    "unit",
    "value",
    "numerator",
    "denominator",
)
INFORMATIONAL_COLUMNS = ("measure_name", "unit")
REQUIRED_COLUMNS = tuple(c for c in TEMPLATE_COLUMNS if c not in INFORMATIONAL_COLUMNS)
NUMBER_COLUMNS = ("value", "numerator", "denominator")

MACRO_EXTENSIONS = frozenset({"xlsm", "xltm", "xlam", "xla"})
OLD_EXCEL_EXTENSIONS = frozenset({"xls", "xlt", "xlsb"})
MAX_ZIP_MEMBERS = 1000
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_ABOVE_BYTES = 1024 * 1024
LARGEST_FIGURE = Decimal(10) ** 12
PROGRESS_EVERY_ROWS = 50

NOT_CSV_OR_XLSX = "The selected file must be a CSV or Excel (.xlsx) file"
NOT_UTF8 = "The file must be saved as CSV UTF-8. In Excel, choose Save As and then CSV UTF-8"
NOT_A_WORKBOOK = (
    "The file could not be read as an Excel workbook. Open it in Excel, save it as an Excel "
    "Workbook (.xlsx) or CSV UTF-8, and upload it again"
)
MACRO_WORKBOOK = (
    "Macro-enabled workbooks cannot be uploaded. Save the file as an Excel Workbook (.xlsx) "
    "or CSV UTF-8 and upload that"
)
NO_ROWS = "The file has no rows of figures. Enter one row for each measure under the header row"
NOT_A_NUMBER_BLANK_HINT = "Leave the cell empty if you do not have the figure yet"


@dataclass(frozen=True)
class TableKind:
    """How the file-level messages of :func:`read_table` name what is being uploaded: the
    same checks read quarterly returns, thematic review files and improvement plans."""

    document: str = "a return"
    one_row_per: str = "A return has one row for each measure"
    start_again: str = "Copy your figures into a new copy of the template and upload that"


RETURN_FILE = TableKind()

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_EXPONENT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+")
_MISSING_WORDS = frozenset(
    "na n/a n.a. n.a none null nil nan - -- – — . .. x tbc tba missing unknown #n/a".split()
) | {"not available", "not known"}
_MULTIPLIERS: dict[str, Decimal] = {str(unit): m for unit, m in UNIT_MULTIPLIER.items()}
_CSV_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_CSV_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,
)
_XLSX_ERRORS: tuple[type[BaseException], ...] = (
    DefusedXmlException,
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    EOFError,
    OSError,
    SyntaxError,
    NotImplementedError,
    RecursionError,
)


@dataclass(frozen=True)
class Problem:
    """One problem, as the page and the command show it. ``row`` is the spreadsheet row (the
    header is row 1) and None for a problem with the whole file; ``column`` is the template
    column name; ``column_letter`` is where that column is in the uploaded file."""

    row: int | None
    column: str | None
    column_letter: str | None
    value: str
    message: str

    def as_line(self) -> str:
        """``row 14, column value: 'n/a' is not a number...``; just the message for a problem
        with the whole file."""
        if self.row is None:
            return self.message
        where = self.column or self.column_letter
        place = f"row {self.row}, column {where}" if where else f"row {self.row}"
        return f"{place}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy; :meth:`from_dict` rebuilds the problem."""
        return {
            "row": self.row,
            "column": self.column,
            "column_letter": self.column_letter,
            "value": self.value,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Problem":
        return cls(
            row=data.get("row"),
            column=data.get("column"),
            column_letter=data.get("column_letter"),
            value=data.get("value") or "",
            message=data["message"],
        )


@dataclass(frozen=True)
class MeasureSpec:
    """What validation needs to know of a measure in the return."""

    code: str
    name: str
    unit: str
    unit_label: str
    decimal_places: int
    min_value: Decimal | None
    max_value: Decimal | None
    collects_numerator_denominator: bool

    @classmethod
    def from_measure(cls, measure: Any) -> "MeasureSpec":
        """Copy the fields of a :class:`returns.models.Measure` (or anything shaped like one)."""
        return cls(
            code=measure.code,
            name=measure.name,
            unit=str(measure.unit),
            unit_label=measure.unit_label or "",
            decimal_places=int(measure.decimal_places),
            min_value=_decimal_or_none(measure.min_value),
            max_value=_decimal_or_none(measure.max_value),
            collects_numerator_denominator=bool(measure.collects_numerator_denominator),
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


class FileRefused(Exception):
    """The file as a whole cannot be checked; ``problem`` says why, for the officer."""

    def __init__(self, problem: Problem | str) -> None:
        if isinstance(problem, str):
            problem = Problem(row=None, column=None, column_letter=None, value="", message=problem)
        super().__init__(problem.message)
        self.problem = problem


def _decimal_or_none(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _whole_file(message: str) -> Problem:
    return Problem(row=None, column=None, column_letter=None, value="", message=message)


def _megabytes(size: int) -> str:
    return f"{round(size / (1024 * 1024), 1):g} MB"


def _extension(name: str) -> str:
    base = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].casefold() if "." in base else ""


def check_upload(*, name: str, size: int) -> Problem | None:
    """The cheap checks made before a file is stored: its type by extension, and its size."""
    extension = _extension(name)
    if extension in MACRO_EXTENSIONS:
        return _whole_file(MACRO_WORKBOOK)
    if extension in OLD_EXCEL_EXTENSIONS:
        return _whole_file(
            f"The selected file is an older type of Excel file (.{extension}). Open it in Excel, "
            "save it as .xlsx or CSV UTF-8, and upload that"
        )
    if extension not in ("csv", "xlsx"):
        return _whole_file(NOT_CSV_OR_XLSX)
    if size <= 0:
        return _whole_file("The selected file is empty")
    if size > settings.RETURN_UPLOAD_MAX_BYTES:
        return _whole_file(
            f"The selected file must be smaller than {_megabytes(settings.RETURN_UPLOAD_MAX_BYTES)}"
        )
    return None


Rows = list[tuple[int, list[str]]]


def read_table(
    *, content: bytes, name: str, kind: TableKind = RETURN_FILE
) -> tuple[list[str], Rows]:
    """The header cells (row 1) and, for each non-empty row after it, its spreadsheet row number
    and its cells as text. Formula cells come back as their formula text (``=...``), never
    evaluated. Raises :class:`FileRefused` for a file that cannot be read safely."""
    problem = check_upload(name=name, size=len(content))
    if problem is not None:
        raise FileRefused(problem)
    rows = _read_csv(content, kind) if _extension(name) == "csv" else _read_xlsx(content, kind)
    header = next((cells for number, cells in rows if number == 1), [])
    data = [(number, cells) for number, cells in rows if number > 1 and _has_text(cells)]
    return header, data


def _has_text(cells: Sequence[str]) -> bool:
    return any(cell.strip() for cell in cells)


def _check_row_count(count: int, kind: TableKind) -> None:
    limit = settings.RETURN_UPLOAD_MAX_ROWS
    if count > limit:
        raise FileRefused(
            f"The file has more than {limit:,} rows. {kind.one_row_per}: check you have "
            "selected the right file"
        )


def _decode(content: bytes) -> str:
    if content.startswith(_UTF16_BOMS):
        raise FileRefused(NOT_UTF8)
    if content.startswith(_ZIP_SIGNATURES + (_OLE2_SIGNATURE,)) or b"\x00" in content:
        raise FileRefused(NOT_CSV_OR_XLSX)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRefused(NOT_UTF8) from exc


def _read_csv(content: bytes, kind: TableKind) -> Rows:
    text = _decode(content)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError:
        return []
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise FileRefused(_csv_error_message(str(exc))) from exc
    rows = [(index + 1, [str(cell) for cell in cells]) for index, cells in enumerate(frame.values)]
    _check_row_count(sum(1 for number, cells in rows if number > 1 and _has_text(cells)), kind)
    _refuse_semicolons(rows)
    return rows


def _refuse_semicolons(rows: Rows) -> None:
    header = rows[0][1] if rows else []
    if len([c for c in header if c.strip()]) == 1 and header[0].count(";") >= 2:
        raise FileRefused(
            "The columns in the file are separated by semicolons. Save it from Excel as "
            "CSV UTF-8 (comma delimited) and upload it again"
        )


def _csv_error_message(error: str) -> str:
    fields = _CSV_FIELDS.search(error)
    if fields:
        expected, line, seen = fields.groups()
        return (
            f"Row {line} has {seen} cells but the header row has {expected}. Remove the extra "
            f"cells or commas from row {line}, or download the template again"
        )
    quote = _CSV_OPEN_QUOTE.search(error)
    if quote:
        row = int(quote.group(1)) + 1
        return f'Row {row} has a quotation mark (") that is not closed. Remove it and try again'
    return "The file could not be read as a CSV file. Save it from Excel as CSV UTF-8"


def _check_zip(content: bytes, kind: TableKind) -> None:
    """Refuse a workbook that would unpack too large, or carries macros, before parsing it."""
    if content.startswith(_OLE2_SIGNATURE):
        raise FileRefused(
            "The file could not be read as an Excel workbook. If it has a password, remove the "
            "password. If it is an older .xls file, save it as .xlsx or CSV UTF-8"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            _check_unpacked_size(members, kind)
            _check_macros(archive, members)
    except FileRefused:
        raise
    except _ZIP_ERRORS as exc:
        raise FileRefused(NOT_A_WORKBOOK) from exc


def _check_unpacked_size(members: Sequence[zipfile.ZipInfo], kind: TableKind) -> None:
    limit = settings.RETURN_UPLOAD_MAX_UNPACKED_BYTES
    too_big = (
        f"The file unpacks to more than {_megabytes(limit)}, which is far larger than "
        f"{kind.document}. {kind.start_again}"
    )
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRefused(too_big)
    if sum(member.file_size for member in members) > limit:
        raise FileRefused(too_big)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECK_ABOVE_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise FileRefused(too_big)


def _check_macros(archive: zipfile.ZipFile, members: Sequence[zipfile.ZipInfo]) -> None:
    names = {member.filename.casefold() for member in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise FileRefused(MACRO_WORKBOOK)
    content_types = next((m for m in members if m.filename == "[Content_Types].xml"), None)
    if content_types is not None and b"macroenabled" in archive.read(content_types).lower():
        raise FileRefused(MACRO_WORKBOOK)


def _read_xlsx(content: bytes, kind: TableKind) -> Rows:
    if not content.startswith(_ZIP_SIGNATURES):
        raise FileRefused(
            "The selected file is not a real Excel file. Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) or CSV UTF-8, and upload it again"
        )
    _check_zip(content, kind)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=False, keep_links=False
            )
    except _XLSX_ERRORS as exc:
        raise FileRefused(NOT_A_WORKBOOK) from exc
    try:
        return _sheet_rows(workbook, kind)
    except _XLSX_ERRORS as exc:
        raise FileRefused(NOT_A_WORKBOOK) from exc
    finally:
        workbook.close()


def _sheet_rows(workbook: Any, kind: TableKind) -> Rows:
    if not workbook.worksheets:
        raise FileRefused("The workbook has no worksheets. Download the template again")
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    rows: Rows = []
    data_rows = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cells in sheet.iter_rows():
            number = next((c.row for c in cells if getattr(c, "row", None)), None)
            texts = [_cell_text(cell) for cell in cells]
            if number is None or (number > 1 and not _has_text(texts)):
                continue
            rows.append((number, texts))
            data_rows += number > 1
            _check_row_count(data_rows, kind)
    return rows


def _cell_text(cell: Any) -> str:
    """A cell as text: a formula as its ``=`` text, a number without float noise."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        text = value if isinstance(value, str) else getattr(value, "text", None) or "TABLE()"
        return text if text.startswith("=") else f"={text}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f") if math.isfinite(value) else repr(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    return str(value)


def escape_cell(value: object) -> object:
    """Make a value safe to write to a CSV or XLSX file: text that a spreadsheet would read as a
    formula (starting ``=``, ``+``, ``-``, ``@``, tab, carriage return or NUL) gets a leading
    apostrophe; NUL characters are removed. Anything that is not text is returned unchanged."""
    if not isinstance(value, str):
        return value
    cleaned = value.replace("\x00", "")
    if value[:1] in ("=", "+", "-", "@", "\t", "\r", "\x00"):
        return f"'{cleaned}"
    return cleaned


def _normalise_header(text: str) -> str:
    return "_".join(text.split()).casefold()


@dataclass(frozen=True)
class _Parsed:
    """A figure cell: its stripped text, its number (None when empty or wrong), whether it is
    acceptable so far."""

    text: str
    value: Decimal | None
    ok: bool

    @property
    def blank(self) -> bool:
        return self.ok and not self.text


def _parse_number(raw: str) -> tuple[Decimal | None, str | None]:
    """The number in a cell (None if empty), or the message saying why it is not one."""
    text = raw.strip()
    if not text:
        return None, None
    if _NUMBER.fullmatch(text):
        value = Decimal(text)
        if abs(value) >= LARGEST_FIGURE:
            return None, f"'{text}' is too large to be a figure in this return. Check the figure"
        return value, None
    return None, _not_a_number(text)


def _not_a_number(text: str) -> str:
    quoted = f"'{text}' is not a number."
    if text.casefold() in _MISSING_WORDS:
        return f"{quoted} {NOT_A_NUMBER_BLANK_HINT}"
    if _THOUSANDS.fullmatch(text):
        return f"{quoted} Remove the comma: enter it as {text.replace(',', '')}"
    if _DECIMAL_COMMA.fullmatch(text):
        return f"{quoted} Use a full stop for decimals, like {text.replace(',', '.')}"
    if _EXPONENT.fullmatch(text):
        return f"{quoted} Write the figure out in full{_in_full(text)}"
    for symbol in ("£", "%"):
        bare = text.replace(symbol, "").strip()
        if symbol in text and _NUMBER.fullmatch(bare):
            return f"{quoted} Remove the {symbol} sign: enter it as {bare}"
    if _NUMBER.fullmatch(text.replace(" ", "")):
        return f"{quoted} Remove the spaces: enter it as {text.replace(' ', '')}"
    return f"{quoted} Enter the figure in digits. {NOT_A_NUMBER_BLANK_HINT}"


def _in_full(text: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return ""
    return f", like {format(number, 'f')}" if abs(number.adjusted()) <= 15 else ""


def _number_words(number: Decimal) -> str:
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return format(number.normalize(), ",f")


def _unit_noun(spec: MeasureSpec) -> str:
    if spec.unit == Unit.RATE and spec.unit_label.casefold().startswith("rate"):
        return f"a {spec.unit_label}"
    nouns: dict[str, str] = {
        Unit.PERCENTAGE: "a percentage",
        Unit.RATE: "a rate per 100,000",
        Unit.SCORE: "a score",
        Unit.COUNT: "a count",
        Unit.POUNDS: "an amount in pounds",
    }
    return nouns.get(spec.unit, "a figure")


def _range_words(spec: MeasureSpec) -> str:
    noun = _unit_noun(spec)
    low, high = spec.min_value, spec.max_value
    if low is not None and high is not None:
        return f"{noun} from {_number_words(low)} to {_number_words(high)}"
    if low is not None:
        return f"{noun} of {_number_words(low)} or more"
    return f"{noun} of {_number_words(high)} or less" if high is not None else noun


def _period_label(year: int, quarter: int) -> str:
    return f"{year}/{(year + 1) % 100:02d} Q{quarter}"


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
        formulas = {c for c, v in cells.items() if v.strip().startswith("=")}
        for column in sorted(formulas, key=TEMPLATE_COLUMNS.index):
            kind = "figure" if column in NUMBER_COLUMNS else "text"
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
                f"This row is for {_period_label(*parsed)} but this return is for "
                f"{_period_label(*self.period)}",
            )

    def _measure(self, number: int, raw: str) -> tuple[MeasureSpec | None, bool]:
        text = raw.strip()
        spec = self.specs.get(text.upper())
        if not text:
            self.add(number, "measure_code", raw, "Enter the measure code")
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
    ) -> dict[str, _Parsed]:
        figures: dict[str, _Parsed] = {}
        for column in NUMBER_COLUMNS:
            raw = cells[column]
            if column in formulas:
                figures[column] = _Parsed(raw.strip(), None, False)
            elif column != "value" and spec and not spec.collects_numerator_denominator:
                figures[column] = self._not_collected(number, column, raw)
            else:
                figures[column] = self._number(number, column, raw)
        if spec is not None:
            self._value_range(number, spec, figures)
        if spec is not None and spec.collects_numerator_denominator:
            self._ratio(number, spec, figures)
        return figures

    def _not_collected(self, number: int, column: str, raw: str) -> _Parsed:
        if not raw.strip():
            return _Parsed("", None, True)
        self.add(number, column, raw, f"Leave {column} empty: this measure does not collect it")
        return _Parsed(raw.strip(), None, False)

    def _number(self, number: int, column: str, raw: str) -> _Parsed:
        value, message = _parse_number(raw)
        if message is not None:
            self.add(number, column, raw, message)
        return _Parsed(raw.strip(), value, message is None)

    def _value_range(self, number: int, spec: MeasureSpec, figures: dict[str, _Parsed]) -> None:
        figure = figures["value"]
        if figure.value is None:
            return
        low, high = spec.min_value, spec.max_value
        if (low is not None and figure.value < low) or (high is not None and figure.value > high):
            self.add(
                number,
                "value",
                figure.text,
                f"{figure.text} is outside the range for this measure: {_range_words(spec)}",
            )
            figures["value"] = _Parsed(figure.text, figure.value, False)

    def _ratio(self, number: int, spec: MeasureSpec, figures: dict[str, _Parsed]) -> None:
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

    def _ratio_parts(self, number: int, spec: MeasureSpec, top: _Parsed, bottom: _Parsed) -> bool:
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
        self, number: int, spec: MeasureSpec, value: _Parsed, top: _Parsed, bottom: _Parsed
    ) -> None:
        if value.value is None or top.value is None or bottom.value is None:
            return
        multiplier = _MULTIPLIERS.get(spec.unit, Decimal(1))
        exact = top.value / bottom.value * multiplier
        step = Decimal(1).scaleb(-spec.decimal_places)
        if abs(value.value - exact) <= step / 2:
            return
        shown = format(exact.quantize(step, rounding=ROUND_HALF_UP), "f")
        times = (
            ""
            if spec.unit == Unit.PERCENTAGE or multiplier == 1
            else (f" × {_number_words(multiplier)}")
        )
        self.add(
            number,
            "value",
            value.text,
            f"The value {value.text} does not match numerator {top.text} ÷ denominator "
            f"{bottom.text}{times} = {shown}. Check the three figures",
        )

    def _record(self, number: int, spec: MeasureSpec, figures: dict[str, _Parsed]) -> None:
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
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    unnamed: set[int] = set()
    for index, raw in enumerate(header):
        key, letter = _normalise_header(raw), get_column_letter(index + 1)
        if not key:
            unnamed.add(index)
        elif key not in TEMPLATE_COLUMNS:
            problems.append(
                Problem(
                    row=None,
                    column=None,
                    column_letter=letter,
                    value=raw,
                    message=f"Column {letter} '{raw.strip()}' is not one of the template's "
                    "columns. Delete the column, or download the template again",
                )
            )
        elif key in positions:
            first = get_column_letter(positions[key] + 1)
            problems.append(
                Problem(
                    row=None,
                    column=key,
                    column_letter=letter,
                    value=raw,
                    message=f"The column '{key}' is in the file twice, in columns {first} and "
                    f"{letter}. Delete one of them",
                )
            )
        else:
            positions[key] = index
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            problems.append(
                Problem(
                    row=None,
                    column=column,
                    column_letter=None,
                    value="",
                    message=f"The file is missing the column '{column}'. Download the template "
                    "again and copy your figures into it",
                )
            )
    return problems, positions, unnamed


def validate_return(
    *,
    content: bytes,
    name: str,
    measures: Sequence[MeasureSpec],
    council_code: str,
    period_slug: str,
    progress: Callable[[int], None] | None = None,
) -> ValidationResult:
    """Check a council's return for one period against the measures expected in it, in the
    order given. Bad content never raises: a refused file is a single whole-file problem.
    ``progress``, if given, is called with a percentage every 50 rows and with 100 once the rows
    are checked. Raises ValueError only for a malformed ``period_slug`` (the caller's mistake)."""
    period = Period.parse_slug(period_slug)
    if period is None:
        raise ValueError(f"not a period slug: {period_slug!r}")
    try:
        header, rows = read_table(content=content, name=name)
    except FileRefused as refused:
        return ValidationResult(
            values=[], problems=[refused.problem], blank_measures=[], rows_read=0
        )
    if not rows and not _has_text(header):
        return ValidationResult(
            values=[], problems=[_whole_file(NO_ROWS)], blank_measures=[], rows_read=0
        )
    problems, positions, unnamed = _header_problems(header)
    if not rows:
        problems.append(_whole_file(NO_ROWS))
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
    )
    for done, (number, cells) in enumerate(rows, start=1):
        checker.check(number, cells)
        if progress is not None and done % PROGRESS_EVERY_ROWS == 0:
            progress(min(99, done * 100 // len(rows)))
    if progress is not None:
        progress(100)
    return _result(checker, measures, len(rows))


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
    return ValidationResult(
        values=values, problems=list(checker.problems), blank_measures=blank, rows_read=rows_read
    )
