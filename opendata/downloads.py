"""The open data downloads as CSV and XLSX, written through the formula-injection-safe writers
(:mod:`sli_portal.spreadsheets`): text a spreadsheet would run as a formula is escaped, numbers
stay numbers."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.text import slugify

from opendata.selectors import (
    OpenDataQuery,
    measure_value_record,
    measure_value_rows,
    published_rating_rows,
    rating_record,
)
from sli_portal.financial_years import year_slug
from sli_portal.spreadsheets import CSV_TYPE, XLSX_TYPE, Download, write_csv, write_xlsx

RATING_HEADER = [
    "Council",
    "ONS code",
    "Financial year",
    "Quarter",
    "Domain",
    "Rating",
    "Public commentary",
    "Published on",
]
MEASURE_VALUE_HEADER = [
    "Council",
    "ONS code",
    "Measure code",
    "Measure name",
    "Framework",
    "Financial year",
    "Period",
    "Value",
    "Unit",
    "Source",
]


def _rating_cells(query: OpenDataQuery) -> Iterator[list[object]]:
    for row in published_rating_rows(query).iterator():
        record = rating_record(row)
        yield [
            record.council_name,
            record.council_ons_code,
            record.year_label,
            record.period_label,
            record.domain_name,
            record.rating_label,
            record.public_commentary,
            timezone.localdate(record.published_at).isoformat() if record.published_at else "",
        ]


def _measure_value_cells(query: OpenDataQuery) -> Iterator[list[object]]:
    for row in measure_value_rows(query):
        record = measure_value_record(row)
        yield [
            record.council_name,
            record.council_ons_code,
            record.measure_code,
            record.measure_name,
            record.framework_version,
            record.year_label,
            record.period_label,
            record.rounded,
            record.unit,
            record.source_label,
        ]


def _stem(name: str, query: OpenDataQuery) -> str:
    parts = ["nw-sli", name]
    if query.year is not None:
        parts.append(year_slug(query.year))
    if query.measure_code:
        parts.append(slugify(query.measure_code) or "measure")
    if query.council is not None:
        parts.append(query.council.slug)
    return "-".join(parts)


def _download(
    stem: str, title: str, header: list[str], rows: Iterator[list[object]], fmt: str
) -> Download:
    if fmt == "csv":
        return Download(f"{stem}.csv", write_csv(header, rows), CSV_TYPE)
    if fmt == "xlsx":
        return Download(f"{stem}.xlsx", write_xlsx(header, rows, title=title), XLSX_TYPE)
    raise ValueError(f"Unknown download format {fmt!r}")


def ratings_download(*, query: OpenDataQuery, fmt: str) -> Download:
    """Published scorecard ratings with their public commentary. One query."""
    return _download(
        _stem("scorecard-ratings", query),
        "Scorecard ratings",
        RATING_HEADER,
        _rating_cells(query),
        fmt,
    )


def measure_values_download(*, query: OpenDataQuery, fmt: str) -> Download:
    """Accepted quarterly figures and published national figures. One query."""
    return _download(
        _stem("measure-values", query),
        "Measure values",
        MEASURE_VALUE_HEADER,
        _measure_value_cells(query),
        fmt,
    )
