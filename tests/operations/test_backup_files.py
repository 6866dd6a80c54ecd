"""Backups on SQLite (the embedded default) and of the uploaded files, without PostgreSQL."""

import hashlib
import io
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from operations.backup import (
    BackupError,
    database_backup,
    database_check,
    database_restore,
    media_archive_for,
    media_backup,
    media_restore,
)


def _sqlite(path: Path, rows: list[str]) -> dict:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS council (name TEXT)")
        db.execute("DELETE FROM council")
        db.executemany("INSERT INTO council VALUES (?)", [(row,) for row in rows])
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT name FROM council ORDER BY name")]


def test_sqlite_backup_and_restore_give_back_the_same_rows(tmp_path: Path) -> None:
    live = tmp_path / "db.sqlite3"
    database = _sqlite(live, ["Sefton", "Wirral"])

    made = database_backup(database=database, directory=tmp_path / "backups", stamp="20260301")
    _sqlite(live, ["Halton"])
    database_restore(database=database, backup=made.path)

    assert made.path.name == "sli-20260301.sqlite3"
    assert made.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert made.size == made.path.stat().st_size
    assert _names(live) == ["Sefton", "Wirral"]
    assert "1 tables" in database_check(database=database, backup=made.path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    live = tmp_path / "db.sqlite3"
    database = _sqlite(live, ["Wirral"])
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("not a database, just some text that is long enough to be read" * 20)

    with pytest.raises(BackupError, match="is not a SQLite database"):
        database_restore(database=database, backup=bogus)
    assert _names(live) == ["Wirral"]


def test_uploads_round_trip_replacing_what_came_after(tmp_path: Path) -> None:
    media = tmp_path / "uploads"
    (media / "returns").mkdir(parents=True)
    (media / "returns" / "q1.csv").write_bytes(b"a,b\r\n")
    (media / "minutes.pdf").write_bytes(b"%PDF-1.7")

    archive = media_backup(media_root=media, directory=tmp_path / "backups", stamp="s1")
    (media / "returns" / "q1.csv").unlink()
    (media / "later.txt").write_text("uploaded after the backup")
    count = media_restore(media_root=media, archive=archive.path)

    assert archive.path == media_archive_for(tmp_path / "backups" / "sli-s1.dump")
    assert count == 2
    assert (media / "returns" / "q1.csv").read_bytes() == b"a,b\r\n"
    assert not (media / "later.txt").exists()
    assert not (media / ".restoring").exists()


def test_an_archive_reaching_outside_the_uploads_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    media = tmp_path / "uploads"
    media.mkdir()
    (media / "kept.txt").write_text("kept")
    evil = tmp_path / "evil.uploads.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"bad"))

    with pytest.raises(BackupError, match="not a readable uploads archive"):
        media_restore(media_root=media, archive=evil)

    assert (media / "kept.txt").read_text() == "kept"
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.django_db
def test_restore_command_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "sli-1.dump"
    bogus.write_text("hello")

    with pytest.raises(CommandError, match="not a"):
        call_command("restore_database", str(bogus), "--no-uploads")


def test_restore_of_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore_database", str(tmp_path / "missing.dump"), "--no-uploads")
