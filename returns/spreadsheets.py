"""Files the portal writes out: the return template (CSV and XLSX) and figure downloads.

Everything written passes through :func:`returns.validation.escape_cell`, so a value beginning
with = + - @, a tab or NUL can never run as a formula in the reader's spreadsheet.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from authorities.models import Council
from returns.models import Measure, Period
from returns.validation import TEMPLATE_COLUMNS, escape_cell

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
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
    for column, width in zip("ABCDEFGH", (14, 12, 14, 70, 28, 12, 12, 12), strict=False):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def return_template(
    *, council: Council, period: Period, fmt: str, measures: Sequence[Measure]
) -> Download:
    """The template a council fills in: every measure in the return with code, name and unit,
    and empty value, numerator and denominator columns. The upload accepts exactly this shape."""
    rows = [
        (
            council.ons_code,
            period.slug,
            m.code,
            m.name,
            m.unit_label or m.get_unit_display(),
            None,
            None,
            None,
        )
        for m in measures
    ]
    stem = f"{council.slug}-return-{period.slug}"
    if fmt == "csv":
        return Download(f"{stem}.csv", write_csv(TEMPLATE_COLUMNS, rows), CSV_TYPE)
    if fmt == "xlsx":
        content = write_xlsx(
            TEMPLATE_COLUMNS, rows, title=f"Return {period.slug}", text_columns=(0, 1, 2)
        )
        return Download(f"{stem}.xlsx", _with_number_validation(content, len(rows)), XLSX_TYPE)
    raise ValueError(f"Unknown template format {fmt!r}")


def _with_number_validation(content: bytes, count: int) -> bytes:
    """Add an input hint to the value columns (no formulas, no macros)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet is not None
    rule = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    rule.promptTitle = "Figure"
    rule.prompt = (
        "Type the figure as a number, like 72.5. Leave it empty if you do not have it yet."
    )
    rule.showInputMessage = True
    sheet.add_data_validation(rule)
    if count:
        rule.add(f"F2:H{count + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
