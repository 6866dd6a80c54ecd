"""The template a council fills in for its quarterly return, as CSV or Excel (.xlsx): the
shape :func:`returns.validation.validate_return` accepts, written through the project's one
spreadsheet writer. Each row carries its measure's definition and how to fill it in; the Excel
template adds a second sheet of instructions (the upload reads only the first sheet)."""

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from authorities.models import Council
from returns.models import Measure, Period
from returns.validation import TEMPLATE_COLUMNS
from sli_portal.spreadsheets import (
    CSV_TYPE,
    XLSX_TYPE,
    Download,
    escape_cell,
    write_csv,
    write_xlsx,
)

INSTRUCTIONS_SHEET = "Instructions"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def how_to_fill_in(measure: Measure) -> str:
    """One measure's instruction, in the words the upload's checks use."""
    unit = measure.unit_label or measure.get_unit_display()
    places = measure.decimal_places
    parts = [
        f"Type the figure in 'value' as a number ({unit}), "
        + (
            f"to {places} decimal place{'s' if places != 1 else ''}."
            if places
            else "a whole number."
        )
    ]
    low, high = measure.min_value, measure.max_value
    if low is not None and high is not None:
        parts.append(f"It must be from {_number(low)} to {_number(high)}.")
    elif low is not None:
        parts.append(f"It must be at least {_number(low)}.")
    elif high is not None:
        parts.append(f"It must be at most {_number(high)}.")
    if measure.collects_numerator_denominator:
        parts.append("Also type the numerator and denominator it is worked out from.")
    parts.append("Leave it empty if you do not have the figure yet.")
    return " ".join(parts)


def instructions(council: Council, period: Period) -> list[str]:
    """The steps on the Excel template's instructions sheet."""
    return [
        f"How to fill in {council.name}'s return for {period.label}",
        f"Upload it on the portal by {period.deadline:%-d %B %Y}.",
        "1. Fill in the first sheet only. Keep row 1's headings and the order of the rows; "
        "do not add or delete columns.",
        "2. For each measure, type the figure in the 'value' column as a number, like 72.5: "
        "no % sign, no words, a full stop for decimals and no commas between thousands.",
        "3. Where a measure asks for them, also type the numerator and denominator; the value "
        "must agree with them.",
        "4. Type figures, not formulas: a cell with a formula is refused.",
        "5. Leave a cell empty if you do not have the figure yet. A file with empty figures is "
        "kept as a partial draft, and the page lists each blank measure; it can be submitted "
        "once every figure is in.",
        "6. The columns measure_name, unit, definition and how_to_fill_in are there to read. "
        "They are not checked, and you may delete them.",
        "7. Upload the file on the return's page. If anything is wrong, the page lists each "
        "problem by row, measure and column, and nothing from the file is saved.",
    ]


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
            m.definition or "No definition recorded: see the measure's page on the portal.",
            how_to_fill_in(m),
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
        content = _with_number_validation(content, len(rows))
        return Download(f"{stem}.xlsx", _with_instructions(content, council, period), XLSX_TYPE)
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


def _with_instructions(content: bytes, council: Council, period: Period) -> bytes:
    """Add the instructions as a second sheet, after the return the upload reads."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    for line in instructions(council, period):
        sheet.append([escape_cell(line)])
    sheet.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
