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
