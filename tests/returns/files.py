"""Build return files the way a council would: from the template, with figures typed in."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from authorities.models import Council
from returns.models import Measure, Period
from returns.template import return_template
from returns.validation import COMMENT_MARKER

# Plausible figures for every ASCOF 2023-24 measure in the return, by unit.
DEFAULTS = {"percentage": "65.4", "rate": "512.3", "score": "7.8"}


def default_figure(measure: Measure) -> str:
    if measure.code == "1A":
        return "19.1"
    if measure.code == "1B":
        return "0.412"
    return DEFAULTS.get(measure.unit, "10")


def return_rows(council: Council, period: Period, **overrides: str) -> list[list[str]]:
    """Template rows, without its comment rows, with every figure filled in; ``overrides`` set a measure's value by code
    (use ``_`` for ``-`` is not needed: codes are like 2C or 3D1A)."""
    template = return_template(
        council=council, period=period, fmt="csv", measures=list(Measure.objects.in_return())
    )
    rows = [
        row
        for row in csv.reader(io.StringIO(template.content.decode("utf-8-sig")))
        if not row[0].startswith(COMMENT_MARKER)
    ]
    codes = {m.code: m for m in Measure.objects.in_return()}
    for row in rows[1:]:
        row[5] = overrides.get(row[2], default_figure(codes[row[2]]))
    return rows


def to_csv(rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def csv_upload(
    council: Council, period: Period, name: str = "return.csv", **overrides: str
) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, to_csv(return_rows(council, period, **overrides)), content_type="text/csv"
    )


def xlsx_upload(
    council: Council, period: Period, name: str = "return.xlsx", **overrides: str
) -> SimpleUploadedFile:
    template = return_template(
        council=council, period=period, fmt="xlsx", measures=list(Measure.objects.in_return())
    )
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.active
    codes = {m.code: m for m in Measure.objects.in_return()}
    for row in sheet.iter_rows(min_row=2):
        code = row[2].value
        raw = overrides.get(code, default_figure(codes[code]))
        try:
            row[5].value = float(raw)
        except ValueError:
            row[5].value = raw
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


# The region's own items, one in each tier beside ASCOF, each with months that make its quarter.
REGIONAL_ITEMS = (
    {
        "code": "AQ-REABLE",
        "name": "Older people discharged from hospital into reablement",
        "tier": "aqua",
        "teasc_section": "discharge",
        "unit": "count",
        "unit_label": "people discharged",
        "periodicity": "quarterly",
        "quarter_rule": "sum",
        "polarity": "higher_is_better",
    },
    {
        "code": "NW-ADM",
        "name": "Permanent admissions to residential and nursing care, 65+",
        "tier": "nw",
        "teasc_section": "residential",
        "unit": "count",
        "unit_label": "people admitted",
        "periodicity": "monthly",
        "quarter_rule": "sum",
        "polarity": "lower_is_better",
    },
    {
        "code": "NW-WAIT",
        "name": "People waiting for an assessment at the month's end",
        "tier": "nw",
        "teasc_section": "access",
        "unit": "count",
        "unit_label": "people waiting",
        "periodicity": "monthly",
        "quarter_rule": "last",
        "polarity": "lower_is_better",
    },
)


def add_regional_items() -> list[Measure]:
    """The region's own AQuA and NW benchmarking items, collected in the return."""
    return [
        Measure.objects.create(
            **item,
            framework_version="NW ADASS benchmarking",
            definition=f"{item['name']} in the quarter, from the council's own records.",
            decimal_places=0,
            min_value=0,
            in_return=True,
            first_year=2011,
            display_order=1000 + order,
        )
        for order, item in enumerate(REGIONAL_ITEMS)
    ]


def fill_template(rows: list[list[str]], **overrides: str) -> list[list[str]]:
    """A downloaded CSV template's rows, comment rows kept, with a figure in every value cell;
    ``overrides`` set a measure's value by code."""
    header = [cell.strip().lower() for cell in rows[0]]
    code_at, value_at = header.index("measure_code"), header.index("value")
    measures = {m.code: m for m in Measure.objects.in_return()}
    filled = [list(rows[0])]
    for row in rows[1:]:
        row = list(row)
        if not row[0].startswith(COMMENT_MARKER):
            code = row[code_at]
            row[value_at] = overrides.get(code, default_figure(measures[code]))
        filled.append(row)
    return filled
