"""Benchmark: national_import of a 500,000-row file in the ASCOF trend layout, against pandas
alone reading the same file. Runs on a throwaway database: a fresh PostgreSQL database
``sli_bench_import`` when DATABASE_URL is set (dropped at the end), else a temporary SQLite file.

Run from the project root: ``.venv/bin/python bench/import_national.py``.
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "sli_bench_import"
ROWS = 500_000
FRAMEWORK = "Generated for the import benchmark"


def postgres_url(server_url: str) -> str:
    """Create the fresh benchmark database on the server of ``server_url``; its URL."""
    import psycopg2

    parts = urlsplit(server_url)
    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    admin.close()
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def postgres_drop(server_url: str) -> None:
    import psycopg2

    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin.close()


def bench_file(directory: Path) -> Path:
    """The real ASCOF trend file extended to ROWS rows by copies whose years are moved back
    (into 2003-04 .. 2016-17) and whose measure codes are generated (G01.., one per copy), with
    a Measure for every generated code."""
    import pandas as pd

    from returns.catalogue import DATA_DIR
    from returns.models import Measure, Polarity, Tier, Unit

    real = pd.read_csv(
        DATA_DIR / "acbockmuehl-ascof-trend_data.csv", dtype=str, keep_default_na=False
    )
    start = real["Year"].str[:4].astype(int)
    frames, measures = [real], []
    copies = -(-ROWS // len(real)) - 1
    for copy in range(1, copies + 1):
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
                tier=Tier.ASCOF,
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


def run(directory: Path) -> None:
    """Prints the four result lines on stdout; the timings behind them on stderr."""
    import pandas as pd
    from django.core.management import call_command
    from django.db import connection

    from authorities.services import councils_load
    from returns.catalogue import measures_load
    from returns.national import national_import

    call_command("migrate", verbosity=0)
    councils_load()
    measures_load()
    path = bench_file(directory)
    pandas_seconds = min(
        _timed(lambda: pd.read_csv(path, dtype=str, keep_default_na=False)) for _ in range(3)
    )
    started = time.perf_counter()
    result = national_import(dataset="ascof_trend", path=path)
    import_seconds = time.perf_counter() - started
    if result.rows_stored != ROWS or result.rows_skipped:
        raise SystemExit(f"Expected {ROWS} rows stored and none skipped, got {result}")
    rerun_seconds = _timed(lambda: national_import(dataset="ascof_trend", path=path, force=True))
    print(f"import_national_rows: {result.rows_read}")
    print(f"import_national_database: {connection.vendor}")
    print(f"import_national_rows_per_s: {int(result.rows_read / import_seconds)}")
    print(f"import_national_ratio_to_pandas: {import_seconds / pandas_seconds:.2f}")
    print(
        f"pandas read {pandas_seconds:.3f}s (best of 3), import {import_seconds:.3f}s, "
        f"forced re-import storing nothing {rerun_seconds:.3f}s",
        file=sys.stderr,
    )


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    server_url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="sli-bench-") as temporary:
        directory = Path(temporary)
        if server_url.startswith("postgres"):
            os.environ["DATABASE_URL"] = postgres_url(server_url)
        else:
            server_url = ""
            os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
        import django

        django.setup()
        from django.db import connections

        try:
            run(directory)
        finally:
            connections.close_all()
            if server_url:
                postgres_drop(server_url)


if __name__ == "__main__":
    main()
