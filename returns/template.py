"""The template a council fills in for its quarterly return, as CSV or Excel (.xlsx): the
shape :func:`returns.validation.validate_return` accepts, written through the project's one
spreadsheet writer."""

import io
from collections.abc import Sequence

from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from authorities.models import Council
from returns.models import Measure, Period
from returns.validation import TEMPLATE_COLUMNS
from sli_portal.spreadsheets import CSV_TYPE, XLSX_TYPE, Download, write_csv, write_xlsx


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
