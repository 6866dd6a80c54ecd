"""The one hardened reader of uploaded tables: CSV and Excel (.xlsx) files as a header row and
numbered rows of text, for any upload that arrives as a spreadsheet (quarterly returns, thematic
review files, improvement plans).

Nothing in a file is ever evaluated: a formula cell comes back as its ``=`` text for the caller
to refuse. A file that cannot be read safely (the wrong type, too large, too many rows, a zip
bomb, an XML entity bomb, macros, an encoding Excel cannot have meant) raises
:class:`FileRefused` with one message for the council officer, before anything is parsed where
that is possible. What the rows must contain is for each upload's own checks.
"""

import csv
import datetime
import io
import math
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException
from django.conf import settings
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

MACRO_EXTENSIONS = frozenset({"xlsm", "xltm", "xlam", "xla"})
OLD_EXCEL_EXTENSIONS = frozenset({"xls", "xlt", "xlsb"})
MAX_ZIP_MEMBERS = 1000
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_ABOVE_BYTES = 1024 * 1024

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


@dataclass(frozen=True)
class TableKind:
    """How the file-level messages of :func:`read_table` name what is being uploaded: the
    same checks read quarterly returns, thematic review files and improvement plans."""

    document: str
    """What the file is, after "far larger than": ``"a return"``."""
    one_row_per: str
    """What a row is, for a file with too many: ``"A return has one row for each measure"``."""
    start_again: str
    """What to do instead of uploading a file too large to unpack."""


_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
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
    header is row 1) and None for a problem with the whole file; ``column`` is the column's name
    in the upload's layout (a return's template, a review file, a plan); ``column_letter`` is
    where that column is in the uploaded file; ``row_label`` names what the row is about, as the
    person knows it (a return's measure code), or is empty."""

    row: int | None
    column: str | None
    column_letter: str | None
    value: str
    message: str
    row_label: str = ""

    def as_line(self) -> str:
        """``row 14, column value: 'n/a' is not a number...``; just the message for a problem
        with the whole file."""
        if self.row is None:
            return self.message
        where = self.column or self.column_letter
        row = f"row {self.row} ({self.row_label})" if self.row_label else f"row {self.row}"
        place = f"{row}, column {where}" if where else row
        return f"{place}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy; :meth:`from_dict` rebuilds the problem."""
        return {
            "row": self.row,
            "column": self.column,
            "column_letter": self.column_letter,
            "value": self.value,
            "message": self.message,
            "row_label": self.row_label,
        }

    @classmethod
    def whole_file(cls, message: str) -> "Problem":
        """A problem with the file as a whole rather than one of its cells."""
        return cls(row=None, column=None, column_letter=None, value="", message=message)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Problem":
        return cls(
            row=data.get("row"),
            column=data.get("column"),
            column_letter=data.get("column_letter"),
            value=data.get("value") or "",
            message=data["message"],
            row_label=data.get("row_label") or "",
        )


class FileRefused(Exception):
    """The file as a whole cannot be checked; ``problem`` says why, for the officer."""

    def __init__(self, problem: Problem | str) -> None:
        if isinstance(problem, str):
            problem = Problem.whole_file(problem)
        super().__init__(problem.message)
        self.problem = problem


def _megabytes(size: int) -> str:
    return f"{round(size / (1024 * 1024), 1):g} MB"


def _extension(name: str) -> str:
    base = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].casefold() if "." in base else ""


def check_upload(*, name: str, size: int) -> Problem | None:
    """The cheap checks made before a file is stored: its type by extension, and its size."""
    extension = _extension(name)
    if extension in MACRO_EXTENSIONS:
        return Problem.whole_file(MACRO_WORKBOOK)
    if extension in OLD_EXCEL_EXTENSIONS:
        return Problem.whole_file(
            f"The selected file is an older type of Excel file (.{extension}). Open it in Excel, "
            "save it as .xlsx or CSV UTF-8, and upload that"
        )
    if extension not in ("csv", "xlsx"):
        return Problem.whole_file(NOT_CSV_OR_XLSX)
    if size <= 0:
        return Problem.whole_file("The selected file is empty")
    if size > settings.RETURN_UPLOAD_MAX_BYTES:
        return Problem.whole_file(
            f"The selected file must be smaller than {_megabytes(settings.RETURN_UPLOAD_MAX_BYTES)}"
        )
    return None


Rows = list[tuple[int, list[str]]]


def read_table(*, content: bytes, name: str, kind: TableKind) -> tuple[list[str], Rows]:
    """The header cells (row 1) and, for each non-empty row after it, its spreadsheet row number
    and its cells as text. Formula cells come back as their formula text (``=...``), never
    evaluated. Raises :class:`FileRefused` for a file that cannot be read safely."""
    problem = check_upload(name=name, size=len(content))
    if problem is not None:
        raise FileRefused(problem)
    rows = _read_csv(content, kind) if _extension(name) == "csv" else _read_xlsx(content, kind)
    header = next((cells for number, cells in rows if number == 1), [])
    data = [(number, cells) for number, cells in rows if number > 1 and has_text(cells)]
    return header, data


@dataclass
class Header:
    """An uploaded header row matched to the upload's columns: where each column is (by its
    name in the layout), the columns with no heading, and the problems with the row."""

    positions: dict[str, int] = field(default_factory=dict)
    unnamed: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def read_header(
    header: Sequence[str],
    *,
    columns: Mapping[str, str],
    required: Iterable[str],
    normalise: Callable[[str], str],
    row: int | None,
    unknown: Callable[[str, str, str], str],
    missing: Callable[[str], str],
) -> Header:
    """Match a header row to an upload's layout, in any order. ``columns`` maps each heading,
    as ``normalise`` writes it, to its column's name. A heading not in the layout is a problem
    worded by ``unknown(letter, heading, normalised)``, a required column not found one worded
    by ``missing(column)``, and a column given twice is refused the same way for every upload.
    Problems are reported on ``row`` (1, or None for the file as a whole)."""
    found = Header()
    for index, raw in enumerate(header):
        key, letter = normalise(raw), get_column_letter(index + 1)
        column = columns.get(key)
        if not key:
            found.unnamed.add(index)
        elif column is None:
            found.problems.append(Problem(row, None, letter, raw, unknown(letter, raw, key)))
        elif column in found.positions:
            first = get_column_letter(found.positions[column] + 1)
            message = (
                f"The column '{column}' is in the file twice, in columns {first} and {letter}. "
                "Delete one of them"
            )
            found.problems.append(Problem(row, column, letter, raw, message))
        else:
            found.positions[column] = index
    for column in required:
        if column not in found.positions:
            found.problems.append(Problem(row, column, None, "", missing(column)))
    return found


def has_text(cells: Sequence[str]) -> bool:
    """Whether any cell of a row has more than spaces in it."""
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
    _check_row_count(sum(1 for number, cells in rows if number > 1 and has_text(cells)), kind)
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
            if number is None or (number > 1 and not has_text(texts)):
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
