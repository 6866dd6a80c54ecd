"""National imports as recorded runs: conflicts, renamed places and disappearing rows reported;
a failed run changes nothing; an unchanged re-import writes no row; the emptied and analysed
table cannot make the diff a nested loop; the command's options and output."""

import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from operations.jobs import Action, jobs_sweep
from returns.models import Measure, NationalImport, NationalImportState, PublishedValue
from returns.national import national_import, store
from returns.national import runs as national_runs
from returns.national.layouts import DATASETS, encode, file_read
from tests.returns.test_national_import import ASCOF_HEADER, ascof_file

pytestmark = pytest.mark.django_db
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
WIRRAL = "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome"
SEFTON = "2022-23,Sefton,E08000014,1A,Quality of life,19.1,Council,Total,Outcome"


def run_of(tmp_path: Path, lines: list[str], name: str, **options: Any) -> NationalImport:
    result = national_import(
        dataset="ascof_trend", path=ascof_file(tmp_path, lines, name), **options
    )
    assert result.run is not None
    return result.run


def test_a_later_duplicate_with_another_value_is_a_reported_conflict(tmp_path: Path) -> None:
    run = run_of(tmp_path, [WIRRAL, SEFTON, WIRRAL.replace("18.9", "17.0")], "v1.csv")
    assert (run.rows_read, run.rows_new, run.rows_conflicting, run.rows_refused) == (3, 2, 1, 1)
    (conflict,) = run.report["conflicts"]
    assert (conflict["row"], conflict["earlier_row"]) == (4, 2)
    assert (conflict["value"], conflict["earlier_value"]) == ("17.0", "18.9")
    assert conflict["geography"] == "E08000015"
    assert PublishedValue.objects.get(geography="E08000015").value == 18.9


def test_a_disappearing_row_is_reported_and_kept_unless_removal_is_asked(
    tmp_path: Path,
) -> None:
    run_of(tmp_path, [WIRRAL, SEFTON], "v1.csv")
    kept = run_of(tmp_path, [WIRRAL], "v2.csv")
    assert (kept.rows_disappearing, kept.rows_removed, kept.rows_unchanged) == (1, 0, 1)
    (gone,) = kept.report["disappearing"]
    assert (gone["geography"], gone["value"]) == ("E08000014", 19.1)
    assert PublishedValue.objects.filter(geography="E08000014").exists()
    removed = run_of(tmp_path, [WIRRAL], "v2.csv", force=True, remove_missing=True)
    assert (removed.rows_disappearing, removed.rows_removed) == (1, 1)
    assert list(PublishedValue.objects.values_list("geography", flat=True)) == ["E08000015"]


def test_another_years_rows_are_not_disappearing(tmp_path: Path) -> None:
    run_of(tmp_path, [WIRRAL, SEFTON], "v1.csv")
    run = run_of(tmp_path, [WIRRAL.replace("2022-23", "2021-22")], "v2.csv")
    assert (run.rows_new, run.rows_disappearing) == (1, 0)


def test_a_changed_name_alone_is_updated_and_reported(tmp_path: Path) -> None:
    run_of(tmp_path, [WIRRAL, SEFTON], "v1.csv")
    run = run_of(tmp_path, [WIRRAL.replace(",Wirral,", ",Wirral Council,"), SEFTON], "v2.csv")
    assert (run.rows_changed, run.rows_renamed, run.rows_unchanged) == (1, 1, 1)
    assert run.report["renamed"] == [
        {
            "level": "council",
            "geography": "E08000015",
            "old_name": "Wirral",
            "new_name": "Wirral Council",
        }
    ]
    assert PublishedValue.objects.get(geography="E08000015").geography_name == "Wirral Council"


def test_a_failed_run_says_why_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_of(tmp_path, [WIRRAL, SEFTON], "v1.csv")
    before = list(PublishedValue.objects.order_by("pk").values())
    real = store.rows_store

    def store_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise MemoryError

    monkeypatch.setattr(national_runs, "rows_store", store_then_fail)
    run = run_of(tmp_path, [WIRRAL.replace("18.9", "20.0")], "v2.csv", remove_missing=True)
    assert run.state == NationalImportState.FAILED
    assert "MemoryError" in run.failure_message
    assert "Nothing was changed" in run.failure_message
    assert list(PublishedValue.objects.order_by("pk").values()) == before
    assert run.finished_at is not None
    assert run.sha256


def test_the_same_file_again_is_recognised_without_a_new_run(tmp_path: Path) -> None:
    first = run_of(tmp_path, [WIRRAL], "v1.csv")
    again = national_import(dataset="ascof_trend", path=tmp_path / "v1.csv")
    assert again.already_imported
    assert again.run == first
    assert NationalImport.objects.count() == 1


@pytest.mark.skipif(not POSTGRES, reason="row versions (xmin) are PostgreSQL's")
def test_an_unchanged_reimport_writes_no_row(tmp_path: Path) -> None:
    run_of(tmp_path, [WIRRAL, SEFTON], "v1.csv")
    versions = "SELECT id, xmin::text FROM returns_publishedvalue ORDER BY id"
    with connection.cursor() as cursor:
        cursor.execute(versions)
        before = cursor.fetchall()
    run = run_of(tmp_path, [WIRRAL, SEFTON], "v1.csv", force=True)
    with connection.cursor() as cursor:
        cursor.execute(versions)
        assert cursor.fetchall() == before
    assert (run.rows_new, run.rows_changed, run.rows_unchanged) == (0, 0, 2)


def _big_file(tmp_path: Path, rows: int) -> Path:
    """``rows`` rows of one generated measure: ten years of many places."""
    Measure.objects.create(
        code="ZZ1",
        framework_version="ASCOF 2023-24",
        name="Generated measure",
        tier="ascof",
        unit="score",
        polarity="not_declared",
        first_year=2000,
        last_year=2016,
    )
    places = rows // 10
    path = tmp_path / "big.csv"
    with path.open("w") as out:
        out.write(ASCOF_HEADER + "\n")
        for year in range(2005, 2015):
            label = f"{year}-{(year + 1) % 100:02d}"
            out.writelines(
                f"{label},Place {p},X{p:08d},ZZ1,Generated,{p % 97}.5,Council,Total,Outcome\n"
                for p in range(places)
            )
    return path


@pytest.mark.skipif(not POSTGRES, reason="the staged diff is PostgreSQL's")
def test_500000_rows_into_the_emptied_analysed_table_use_hash_joins(tmp_path: Path) -> None:
    path = _big_file(tmp_path, 500_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE returns_publishedvalue")
        # A plan that flipped back to a nested loop would be stopped, not left to hang.
        cursor.execute("SET LOCAL statement_timeout = '300s'")
    read = file_read(DATASETS["ascof_trend"], path.read_bytes())
    table, dataset = "returns_publishedvalue", "ascof_trend"
    with transaction.atomic(), connection.cursor() as cursor:
        places = encode(read.rows["place"])
        digests = store.row_digests(read.rows, dataset, places)
        store._stage(cursor, read.rows, places, digests, np.ones(len(digests), dtype=bool))
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
        for sql, params in (
            (store._stored_sql(table), [dataset, dataset, [12010]]),
            (store._diff_sql(table), [dataset, dataset]),
            (store._gone_sql(table), [dataset]),
        ):
            composed = connection.ops.compose_sql(sql, params)
            cursor.execute("EXPLAIN " + composed)
            plan = "\n".join(line for (line,) in cursor.fetchall())
            assert "Nested Loop" not in plan
            if "JOIN" in sql:
                assert "Hash" in plan
        transaction.set_rollback(True)
    run = national_import(dataset="ascof_trend", path=path).run
    assert run is not None
    assert (run.state, run.rows_new) == (NationalImportState.SUCCEEDED, 500_000)
    assert PublishedValue.objects.count() == 500_000
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'returns_publishedvalue'::regclass AND contype = 'f'"
        )
        (definition,) = cursor.fetchone()
    assert definition.startswith("FOREIGN KEY (measure_id) REFERENCES returns_measure(id)")
    assert "DEFERRABLE INITIALLY DEFERRED" in definition


def test_the_command_reports_each_finding_and_records_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ascof_file(tmp_path, [WIRRAL, SEFTON], "v1.csv")
    call_command(
        "import_national_data", "--dataset", "ascof_trend", "--file", str(first), "--commit"
    )
    second = ascof_file(tmp_path, [WIRRAL.replace("18.9", "20.0")], "v2.csv")
    args = ["--dataset", "ascof_trend", "--file", str(second), "--commit", "--remove-missing"]
    call_command("import_national_data", *args)
    out = capsys.readouterr().out
    assert "1 changed (0 renamed)" in out
    assert "1 no longer in the file, 1 removed" in out
    call_command("import_national_data", *args)
    assert "already imported" in capsys.readouterr().out
    assert NationalImport.objects.filter(state=NationalImportState.SUCCEEDED).count() == 2


def _running(**fields: Any) -> NationalImport:
    started = timezone.now() - datetime.timedelta(hours=2)
    return NationalImport.objects.create(
        dataset="ascof_trend",
        file_name="a.csv",
        sha256="1" * 64,
        size=1,
        state=NationalImportState.RUNNING,
        started_at=started,
        **fields,
    )


def test_the_sweeper_fails_a_dead_command_run_and_requeues_a_dead_upload_run(
    settings: Any,
) -> None:
    settings.JOBS_MAX_ATTEMPTS = 3
    command_run = _running(attempts=1)
    upload_run = _running(attempts=1, file="national/ascof_trend/a.csv")
    report = jobs_sweep()
    actions = {job.pk: job.action for job in report.jobs if job.kind == "national import"}
    assert actions == {command_run.pk: Action.FAILED, upload_run.pk: Action.REQUEUED}
    command_run.refresh_from_db()
    assert command_run.state == NationalImportState.FAILED
    assert "Nothing was changed" in command_run.failure_message
    upload_run.refresh_from_db()
    assert upload_run.state == NationalImportState.QUEUED


@pytest.mark.skipif(not POSTGRES, reason="table locks are PostgreSQL's")
def test_a_bulk_import_never_locks_readers_out(tmp_path: Path) -> None:
    """Storing 60,000 new rows takes no lock that stops another session reading published
    values while the import's transaction is open: the foreign key stays in place and is
    checked for each row, never dropped and added again."""
    read = file_read(DATASETS["ascof_trend"], _big_file(tmp_path, 60_000).read_bytes())
    with transaction.atomic():
        outcome = store.rows_store(read.rows, dataset="ascof_trend", remove_missing=False)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() "
                "AND relation = 'returns_publishedvalue'::regclass"
            )
            modes = {mode for (mode,) in cursor.fetchall()}
            cursor.execute(
                "SELECT count(*) FROM pg_constraint "
                "WHERE conrelid = 'returns_publishedvalue'::regclass AND contype = 'f'"
            )
            (keys,) = cursor.fetchone()
    assert outcome.new == 60_000
    assert modes <= {"AccessShareLock", "RowExclusiveLock"}, modes
    assert keys == 1
