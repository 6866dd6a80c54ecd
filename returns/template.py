"""The template a council fills in for its quarterly return, as CSV or Excel (.xlsx): the
shape :func:`returns.validation.validate_return` accepts, written through the project's one
spreadsheet writer. It lists every item the council is asked for, by tier and TEASC section,
each row with its measure's definition and how to fill it in. The CSV template heads each
group with a comment row (starting ``#``, which the upload skips); the Excel template adds a
second sheet of instructions and of every item's unit, definition and accepted range (the
upload reads only the first sheet). Items published nationally are not asked for."""

import io
from collections.abc import Iterator, Sequence
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from authorities.models import Council
from returns.catalogue import tier_section_order
from returns.models import Measure, Period, QuarterRule, Unit
from returns.validation import COMMENT_MARKER, MONTH_COLUMNS, TEMPLATE_COLUMNS
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


_MONTH_RULES: dict[str, str] = {
    QuarterRule.SUM: "their sum",
    QuarterRule.MEAN: "their mean",
    QuarterRule.LAST: "the third month's figure",
}


def accepted_range(measure: Measure) -> str:
    """The measure's accepted range in words ("" when it has none)."""
    low, high = measure.min_value, measure.max_value
    if low is not None and high is not None:
        return f"{_number(low)} to {_number(high)}"
    if low is not None:
        return f"{_number(low)} or more"
    return f"{_number(high)} or less" if high is not None else ""


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
    if measure.unit == Unit.COUNT:
        parts.append("A count is a whole number, never negative.")
    if measure.collects_numerator_denominator:
        parts.append("Also type the numerator and denominator it is worked out from.")
    if measure.quarter_rule in _MONTH_RULES:
        parts.append(
            "You may also type the quarter's three months in first_month, second_month and "
            f"third_month: the quarter's figure must be {_MONTH_RULES[measure.quarter_rule]}."
        )
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
        "6. For a monthly or quarterly item you may also type the quarter's three months; the "
        "quarter's figure must then be their sum, mean or last month as the item says. Leave "
        "the months empty for any other item.",
        "7. The columns measure_name, unit, tier, section, definition and how_to_fill_in are "
        "there to read. They are not checked, and you may delete them.",
        "8. Items published nationally (such as delayed transfers of care) are not in this "
        "template: the return's page shows their published figures.",
        "9. Upload the file on the return's page. If anything is wrong, the page lists each "
        "problem by row, measure and column, and nothing from the file is saved.",
    ]


def _row(council: Council, period: Period, measure: Measure) -> tuple[object, ...]:
    return (
        council.ons_code,
        period.slug,
        measure.code,
        measure.name,
        measure.unit_label or measure.get_unit_display(),
        *([None] * (3 + len(MONTH_COLUMNS))),
        measure.get_tier_display(),
        measure.get_teasc_section_display() or "No TEASC section",
        measure.definition or "No definition recorded: see the measure's page on the portal.",
        how_to_fill_in(measure),
    )


def _group(measure: Measure) -> str:
    section = measure.get_teasc_section_display() or "No TEASC section"
    return f"{measure.get_tier_display()}: {section}"


def _csv_rows(
    council: Council, period: Period, measures: Sequence[Measure]
) -> Iterator[tuple[object, ...]]:
    """The CSV template's rows: a note on comment rows, then each tier and section's heading
    as a comment row before its items."""
    yield (
        f"{COMMENT_MARKER} Rows starting with {COMMENT_MARKER} are notes that the upload skips: "
        "keep or delete them. Row numbers in the upload's messages count every row of this "
        "file.",
    )
    group = None
    for measure in measures:
        if _group(measure) != group:
            group = _group(measure)
            yield (f"{COMMENT_MARKER} {group}",)
        yield _row(council, period, measure)


def return_template(
    *, council: Council, period: Period, fmt: str, measures: Sequence[Measure]
) -> Download:
    """The template a council fills in: every measure in the return, by tier and TEASC
    section, with code, name and unit, and empty value, numerator, denominator and month
    columns. The upload accepts exactly this shape."""
    ordered = sorted(measures, key=tier_section_order)
    stem = f"{council.slug}-return-{period.slug}"
    if fmt == "csv":
        content = write_csv(TEMPLATE_COLUMNS, _csv_rows(council, period, ordered))
        return Download(f"{stem}.csv", content, CSV_TYPE)
    if fmt == "xlsx":
        content = write_xlsx(
            TEMPLATE_COLUMNS,
            [_row(council, period, m) for m in ordered],
            title=f"Return {period.slug}",
            text_columns=(0, 1, 2),
        )
        content = _with_number_validation(content, len(ordered))
        content = _with_instructions(content, council, period, ordered)
        return Download(f"{stem}.xlsx", content, XLSX_TYPE)
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
        rule.add(f"F2:K{count + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ITEM_COLUMNS = (
    "Tier",
    "TEASC section",
    "Code",
    "Item",
    "Unit",
    "Accepted range",
    "How the quarter is made",
    "Definition",
)


def _item_row(measure: Measure) -> list[object]:
    return [
        escape_cell(cell)
        for cell in (
            measure.get_tier_display(),
            measure.get_teasc_section_display() or "No TEASC section",
            measure.code,
            measure.name,
            measure.unit_label or measure.get_unit_display(),
            accepted_range(measure) or "Any figure",
            measure.get_quarter_rule_display(),
            measure.definition or "No definition recorded",
        )
    ]


def _with_instructions(
    content: bytes, council: Council, period: Period, measures: Sequence[Measure]
) -> bytes:
    """Add the instructions as a second sheet, after the return the upload reads, with every
    item's unit, definition and accepted range."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    for line in instructions(council, period):
        sheet.append([escape_cell(line)])
    sheet.append([])
    sheet.append(["The items in this return, by tier and TEASC section"])
    sheet.append(list(ITEM_COLUMNS))
    for measure in measures:
        sheet.append(_item_row(measure))
    sheet.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
