"""A national import run as the administrator reads it: its counts, its findings (conflicts,
renamed places, rows no longer in the file, refused rows by reason) with each measure named by
its code, the pages' reads of runs, and the report as a CSV file."""

from dataclasses import dataclass

from django.db.models import QuerySet

from returns.models import Measure, NationalImport, NationalImportState
from sli_portal.spreadsheets import write_csv

RUNS_LISTED = 50


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class RunReport:
    run: NationalImport
    counts: list[Count]
    refused: list[Count]
    conflicts: list[dict[str, object]]
    renamed: list[dict[str, object]]
    disappearing: list[dict[str, object]]


def runs_recent() -> QuerySet[NationalImport]:
    """The latest runs with who ran them: one query."""
    return NationalImport.objects.select_related("imported_by").order_by("-imported_at", "-pk")[
        :RUNS_LISTED
    ]


def run_counts(run: NationalImport) -> list[Count]:
    """The counts the page shows while the run goes and once it has finished."""
    counts = [
        Count("Rows read", run.rows_read),
        Count("Rows matched to a measure and place", run.rows_matched),
        Count("Rows refused", run.rows_refused),
        Count("Conflicts (a later row with another figure)", run.rows_conflicting),
    ]
    if run.state == NationalImportState.SUCCEEDED:
        counts[2:2] = [
            Count("New rows stored", run.rows_new),
            Count("Changed rows updated", run.rows_changed),
            Count("of which a place's name changed", run.rows_renamed),
            Count("Unchanged rows (nothing written)", run.rows_unchanged),
            Count("Rows with a missing figure", run.rows_missing),
        ]
        counts += [Count("Stored rows no longer in the file", run.rows_disappearing)]
        if run.remove_missing:
            counts += [Count("of which removed", run.rows_removed)]
    return counts


def run_report(run: NationalImport) -> RunReport:
    """The run's counts and findings, each measure named by its code (one query)."""
    report = run.report or {}
    conflicts = list(report.get("conflicts", []))
    disappearing = list(report.get("disappearing", []))
    ids = {row["measure_id"] for row in conflicts + disappearing}
    codes = dict(Measure.objects.filter(pk__in=ids).values_list("pk", "code")) if ids else {}
    for row in conflicts + disappearing:
        row["measure"] = codes.get(row["measure_id"], str(row["measure_id"]))
        row["year_label"] = f"{row['year']}-{(int(row['year']) + 1) % 100:02d}"
    return RunReport(
        run=run,
        counts=run_counts(run),
        refused=[Count(label, n) for label, n in report.get("refused", {}).items()],
        conflicts=conflicts,
        renamed=list(report.get("renamed", [])),
        disappearing=disappearing,
    )


def run_report_csv(report: RunReport) -> bytes:
    """The report as one CSV table: a line per count, refused reason and finding."""
    run = report.run
    rows: list[list[object]] = [
        ["run", "", "", "", "", "", "", f"{run.file_name} ({run.dataset}), SHA-256 {run.sha256}"],
        ["run", "", "", "", "", "", "", f"{run.get_state_display()} {run.failure_message}"],
    ]
    rows += [["count", "", "", "", "", "", c.value, c.label] for c in report.counts]
    rows += [["refused", "", "", "", "", "", c.value, c.label] for c in report.refused]
    rows += [
        [
            "conflict",
            c["row"],
            c["measure"],
            c["year_label"],
            c["level"],
            c["geography"],
            c["value"],
            f"row {c['earlier_row']} has {c['earlier_value']}, which was imported",
        ]
        for c in report.conflicts
    ]
    rows += [
        ["renamed", "", "", "", r["level"], r["geography"], r["new_name"], f"was {r['old_name']}"]
        for r in report.renamed
    ]
    gone = "removed" if run.remove_missing else "kept: not in the file"
    rows += [
        [
            "no longer in the file",
            "",
            d["measure"],
            d["year_label"],
            d["level"],
            d["geography"],
            d["value"],
            f"{d['geography_name']}: {gone}",
        ]
        for d in report.disappearing
    ]
    header = ["finding", "file row", "measure", "year", "level", "geography", "value", "detail"]
    return write_csv(header, rows)
