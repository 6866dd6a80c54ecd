"""Benchmark: national_import of a 500,000-row file in the ASCOF trend layout, on PostgreSQL.

The database is PostgreSQL as the load test finds it: DATABASE_URL when it names PostgreSQL,
else the local server; a fresh database with a name unique to this run, dropped at the end. The
file is the real ASCOF trend file extended by copies (years moved back, measure codes
generated), with one row in fifty carrying a missing value or suppression marker.

Prints on stdout, each checked against what was really done:

- ``import_national_ratio_to_pandas``: the import alone (read, compare, store, commit with its
  foreign-key checks) over pandas reading the same file; the comparator recompute it queues is
  not in it (the signal's receivers are held back) and is timed as ``comparators_after_import_s``
  (both recomputes the import queues, run in-process);
- ``import_national_ratio_to_copy``: the same import over PostgreSQL's own COPY of the same rows
  into a table made ``LIKE`` the published-values table ``INCLUDING ALL`` with the same foreign
  key (identically indexed and constrained), in the same run;
- ``reimport_unchanged_ratio_to_pandas``: a forced re-import of the same file (no row written),
  the shortest of three, as pandas' read is;
- ``reimport_one_percent_changed_ratio_to_pandas``: a file with 1% of its figures changed, the
  shortest of three (the original file is imported again, untimed, after each);
- ``import_national_after_analyze_s``: the import into the emptied and analysed table;
- ``import_national_rows`` and ``import_national_database`` say what was measured.

The portal reads the long layouts with Arrow's CSV reader; the reference stays pandas' default
reader. Timings behind them go to stderr. Run from the project root:
``.venv/bin/python bench/import_national.py``.
"""

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from _benchdb import load_reference_data, postgres_server, throwaway_database

ROWS = 500_000
FRAMEWORK = "Generated for the import benchmark"
MARKERS = ["[c]", "NA", "", "[x]", "[z]"]
MISSING_EVERY = 50
RUNS = 3  # the pandas reference and each re-import: the shortest of this many runs


def bench_file(directory: Path) -> tuple[Path, Path, int]:
    """The 500,000-row file, a copy with 1% of its numeric figures changed, and how many rows
    were changed. Every generated code gets a Measure covering 2000-01 .. 2016-17."""
    import pandas as pd

    from returns.catalogue import DATA_DIR
    from returns.models import Measure, Polarity, ReturnTier, Unit

    real = pd.read_csv(
        DATA_DIR / "acbockmuehl-ascof-trend_data.csv", dtype=str, keep_default_na=False
    )
    start = real["Year"].str[:4].astype(int)
    frames, measures = [real], []
    for copy in range(1, -(-ROWS // len(real))):
        shifted = start - 7 * (1 + (copy - 1) % 2)
        frame = real.copy()
        frame["Year"] = shifted.astype(str) + "-" + ((shifted + 1) % 100).map("{:02d}".format)
        frame["Measure Group"] = f"G{copy:02d}" + real["Measure Group"]
        frames.append(frame)
        measures += [
            Measure(
                code=code,
                framework_version=FRAMEWORK,
                name=f"Generated measure {code}",
                tier=ReturnTier.ASCOF,
                unit=Unit.SCORE,
                polarity=Polarity.NOT_DECLARED,
                first_year=2000,
                last_year=2016,
            )
            for code in frame["Measure Group"].unique()
        ]
    Measure.objects.bulk_create(measures)
    whole = pd.concat(frames, ignore_index=True).head(ROWS)
    marked = whole.index[len(real) :: MISSING_EVERY]
    whole.loc[marked, "Measure_Value"] = [MARKERS[i % len(MARKERS)] for i in range(len(marked))]
    path = directory / "ascof_trend_500k.csv"
    whole.to_csv(path, index=False)
    numeric = pd.to_numeric(whole["Measure_Value"], errors="coerce")
    candidates = whole.index[numeric.notna() & (whole.index >= len(real))]
    changed = candidates[:: max(1, len(candidates) // (ROWS // 100))][: ROWS // 100]
    whole.loc[changed, "Measure_Value"] = (numeric[changed] + 1000).astype(str)
    changed_path = directory / "ascof_trend_500k_one_percent_changed.csv"
    whole.to_csv(changed_path, index=False)
    return path, changed_path, len(changed)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def best_of(
    what: str,
    action: Callable[[], Any],
    done: Callable[[Any], bool],
    then: Callable[[], object] = lambda: None,
) -> float:
    """The shortest of ``RUNS`` timed runs of ``action``, as the pandas reference is the
    shortest of ``RUNS`` reads; each run's result is checked by ``done``, and ``then`` runs
    untimed after each."""
    shortest = float("inf")
    for _ in range(RUNS):
        seconds, result = timed(action)
        check(done(result), f"{what}: {result}")
        shortest = min(shortest, seconds)
        then()
    return shortest


@contextmanager
def recompute_held_back() -> Iterator[list[str]]:
    """The national_data_imported receivers (comparators, triggers) disconnected; yields the
    datasets the signal was sent for meanwhile."""
    from returns.signals import national_data_imported
    from scorecard.receivers import _recompute_after_import
    from triggers.receivers import _evaluate_after_import

    sent: list[str] = []

    def record(sender: object, *, dataset: str, **kwargs: object) -> None:
        sent.append(dataset)

    held = [_recompute_after_import, _evaluate_after_import]
    for receiver in held:
        national_data_imported.disconnect(receiver)
    national_data_imported.connect(record)
    try:
        yield sent
    finally:
        national_data_imported.disconnect(record)
        for receiver in held:
            national_data_imported.connect(receiver)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"Benchmark check failed: {message}")


def copy_seconds() -> float:
    """PostgreSQL's own COPY of the stored rows into an identically indexed and constrained
    table: made ``LIKE`` the published-values table ``INCLUDING ALL``, with its foreign key
    added as it is declared there (``LIKE`` copies no foreign key), checked at commit."""
    from django.db import connection, transaction

    from returns.models import PublishedValue

    table = PublishedValue._meta.db_table
    columns = ", ".join(
        str(f.column) for f in PublishedValue._meta.concrete_fields if f.name != "id"
    )
    data = io.BytesIO()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        keys = [definition for (definition,) in cursor.fetchall()]
        check(len(keys) == 1, f"foreign keys of {table}: {keys}")
        for definition in keys:
            cursor.execute(f"ALTER TABLE bench_copy ADD {definition}")
        cursor.cursor.copy_expert(f"COPY (SELECT {columns} FROM {table}) TO STDOUT", data)
    data.seek(0)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY bench_copy ({columns}) FROM STDIN", data)
        copied = cursor.rowcount
    seconds = time.perf_counter() - started
    check(copied == PublishedValue.objects.count(), f"COPY stored {copied} rows")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def comparators_seconds() -> float:
    """The two recomputes the import queues after commit, run in-process."""
    from scorecard.models import PublishedBenchmark
    from scorecard.tasks import (
        comparators_recompute_all_task,
        published_comparators_recompute_all_task,
    )

    def recompute() -> None:
        comparators_recompute_all_task()
        published_comparators_recompute_all_task()

    seconds, _ = timed(recompute)
    check(PublishedBenchmark.objects.exists(), "the comparator recompute stored no benchmark")
    return seconds


def measure(path: Path, changed_path: Path, changed: int) -> dict[str, float]:
    import pandas as pd
    from django.db import connection

    from returns.models import PublishedValue
    from returns.national import national_import

    pandas_s = min(
        timed(lambda: pd.read_csv(path, dtype=str, keep_default_na=False))[0] for _ in range(RUNS)
    )
    figures: dict[str, float] = {"pandas": pandas_s}
    with recompute_held_back() as sent:
        figures["import"], first = timed(lambda: national_import(dataset="ascof_trend", path=path))
        check(first.rows_stored == ROWS and not first.rows_skipped, f"first import: {first}")
        missing = PublishedValue.objects.filter(value__isnull=True).count()
        check(first.rows_missing == missing > ROWS // MISSING_EVERY // 2, f"{missing} missing")
        check(sent == ["ascof_trend"], f"signal sent for {sent}")
        figures["unchanged"] = best_of(
            "unchanged re-import",
            lambda: national_import(dataset="ascof_trend", path=path, force=True),
            lambda again: again.rows_stored == 0 and again.run.rows_unchanged == ROWS,
        )
        check(sent == ["ascof_trend"], "an unchanged re-import sent the signal")
    figures["comparators"] = comparators_seconds()
    figures["copy"] = copy_seconds()
    with recompute_held_back():
        figures["one_percent"] = best_of(
            "1% changed",
            lambda: national_import(dataset="ascof_trend", path=changed_path, force=True),
            lambda edited: edited.run.rows_changed == changed and edited.run.rows_new == 0,
            # Untimed: the file as it was, so that every timed run changes the same rows.
            then=lambda: check(
                national_import(dataset="ascof_trend", path=path, force=True).run.rows_changed
                == changed,
                "restoring the file",
            ),
        )
        PublishedValue.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {PublishedValue._meta.db_table}")
        figures["after_analyze"], refilled = timed(
            lambda: national_import(dataset="ascof_trend", path=path, force=True)
        )
        check(refilled.rows_stored == ROWS, f"after analyze: {refilled}")
        check(PublishedValue.objects.count() == ROWS, "rows after the emptied-table import")
    return figures


def main() -> None:
    server = postgres_server()
    if server is None:
        raise SystemExit("import_national: no PostgreSQL server answers (DATABASE_URL or local)")
    os.environ["DATABASE_URL"] = server
    with throwaway_database("sli_bench_import") as vendor, tempfile.TemporaryDirectory() as tmp:
        load_reference_data()
        path, changed_path, changed = bench_file(Path(tmp))
        f = measure(path, changed_path, changed)
        print(f"import_national_rows: {ROWS}")
        print(f"import_national_database: {vendor}")
        print(f"import_national_ratio_to_pandas: {f['import'] / f['pandas']:.2f}")
        print(f"comparators_after_import_s: {f['comparators']:.2f}")
        print(f"import_national_ratio_to_copy: {f['import'] / f['copy']:.2f}")
        print(f"reimport_unchanged_ratio_to_pandas: {f['unchanged'] / f['pandas']:.2f}")
        print(f"reimport_one_percent_changed_ratio_to_pandas: {f['one_percent'] / f['pandas']:.2f}")
        print(f"import_national_after_analyze_s: {f['after_analyze']:.2f}")
        print(
            ", ".join(f"{k} {v:.3f}s" for k, v in f.items()),
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
