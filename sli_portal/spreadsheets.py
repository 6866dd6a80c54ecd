"""The one writer of the spreadsheets the portal gives out: CSV and Excel (.xlsx) downloads.

Everything written passes through :func:`escape_cell`, so a value beginning with = + - @, a tab,
a carriage return or NUL can never run as a formula in the reader's spreadsheet.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    """A file for the browser to save: its name, its bytes and their content type."""

    filename: str
    content: bytes
    content_type: str


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel opens it with the right characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if cell is None else escape_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str,
    text_columns: Sequence[int] = (),
) -> bytes:
    """An Excel workbook of one sheet named ``title`` (cut to Excel's 31 characters): a bold,
    shaded header row frozen above the rows, and the cells of ``text_columns`` (0-based)
    formatted as text, so a code such as ``E08000015`` or ``2024-25-Q1`` is never read as a
    number or a date."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([escape_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    for row in rows:
        sheet.append(["" if cell is None else escape_cell(cell) for cell in row])
    for index in text_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    # Widths that suit the return template (codes, a period, a measure's full name, its unit,
    # figures), the widest table given out; narrower tables lose nothing by them.
    for column, width in zip("ABCDEFGH", (14, 12, 14, 70, 28, 12, 12, 12), strict=False):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
