"""Benchmark: national_import of a 500,000-row file in the ASCOF trend layout, against pandas
alone reading the same file, on a throwaway database (a fresh PostgreSQL database
``sli_bench_import`` when DATABASE_URL is set, dropped at the end; else a temporary SQLite file).

Prints ``import_national_rows``, ``import_national_database``, ``import_national_rows_per_s``
and ``import_national_ratio_to_pandas`` on stdout; the timings behind them on stderr.
Run from the project root: ``.venv/bin/python bench/import_national.py``.
"""

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _benchdb import load_reference_data, throwaway_database

ROWS = 500_000
FRAMEWORK = "Generated for the import benchmark"


def bench_file(directory: Path) -> Path:
    """The real ASCOF trend file extended to ROWS rows by copies whose years are moved back
    (into 2003-04 .. 2016-17) and whose measure codes are generated (G01.., one set per copy),
    with a Measure covering 2000-01 .. 2016-17 for every generated code."""
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
    path = directory / "ascof_trend_500k.csv"
    pd.concat(frames, ignore_index=True).head(ROWS).to_csv(path, index=False)
    return path


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    with throwaway_database("sli_bench_import") as vendor, tempfile.TemporaryDirectory() as tmp:
        import pandas as pd

        from returns.national import national_import

        load_reference_data()
        path = bench_file(Path(tmp))
        pandas_seconds = min(
            timed(lambda: pd.read_csv(path, dtype=str, keep_default_na=False)) for _ in range(3)
        )
        started = time.perf_counter()
        result = national_import(dataset="ascof_trend", path=path)
        import_seconds = time.perf_counter() - started
        if result.rows_stored != ROWS or result.rows_skipped:
            raise SystemExit(f"Expected {ROWS} rows stored and none skipped, got {result}")
        rerun = timed(lambda: national_import(dataset="ascof_trend", path=path, force=True))
        print(f"import_national_rows: {result.rows_read}")
        print(f"import_national_database: {vendor}")
        print(f"import_national_rows_per_s: {int(result.rows_read / import_seconds)}")
        print(f"import_national_ratio_to_pandas: {import_seconds / pandas_seconds:.2f}")
        print(
            f"pandas read {pandas_seconds:.3f}s (best of 3), import {import_seconds:.3f}s, "
            f"forced re-import storing nothing {rerun:.3f}s",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
