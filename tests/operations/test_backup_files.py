"""Backups on SQLite (the embedded default) and of the uploaded files, without PostgreSQL: a
restore reads and checks both files completely before it changes anything, and a failure at
any point leaves the database, the uploads and no staging folder behind."""

import gzip
import hashlib
import io
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from operations import backup as backups
from operations.backup import (
    SET_ASIDE,
    STAGING,
    BackupError,
    database_backup,
    database_check,
    media_archive_for,
    media_backup,
    portal_restore,
    restore_check,
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


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def portal(tmp_path: Path) -> dict:
    """A SQLite portal with two uploaded files, backed up; then changed after the backup."""
    live = tmp_path / "db.sqlite3"
    database = _sqlite(live, ["Sefton", "Wirral"])
    media = tmp_path / "uploads"
    (media / "returns" / "2025").mkdir(parents=True)
    (media / "returns" / "2025" / "q1.csv").write_bytes(b"measure,value\r\nASCOF 1A,19.2\r\n")
    (media / "minutes.pdf").write_bytes(b"%PDF-1.7")
    directory = tmp_path / "backups"
    made = database_backup(database=database, directory=directory, stamp="s1")
    archive = media_backup(media_root=media, directory=directory, stamp="s1")
    _sqlite(live, ["Halton"])
    (media / "returns" / "2025" / "q1.csv").unlink()
    (media / "later.txt").write_text("uploaded after the backup")
    return {
        "database": database,
        "live": live,
        "media": media,
        "backup": made,
        "archive": archive.path,
        "tmp": tmp_path,
    }


def _restore(portal: dict, archive: Path | None = None) -> backups.Restored:
    return portal_restore(
        database=portal["database"],
        backup=portal["backup"].path,
        media_root=portal["media"],
        archive=archive or portal["archive"],
    )


def _assert_unchanged(portal: dict) -> None:
    assert _names(portal["live"]) == ["Halton"]
    assert _tree(portal["media"]) == {
        "later.txt": b"uploaded after the backup",
        "minutes.pdf": b"%PDF-1.7",
    }
    assert not (portal["media"] / STAGING).exists()
    assert not (portal["media"] / SET_ASIDE).exists()


def test_backup_and_restore_give_back_the_same_rows_and_files(portal) -> None:
    made = portal["backup"]
    restored = _restore(portal)

    assert made.path.name == "sli-s1.sqlite3"
    assert made.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert made.size == made.path.stat().st_size
    assert portal["archive"] == media_archive_for(made.path)
    assert _names(portal["live"]) == ["Sefton", "Wirral"]
    assert restored.database == "a SQLite backup with 1 tables"
    assert (restored.uploads.files, restored.uploads.folders) == (2, 2)
    assert _tree(portal["media"]) == {
        "minutes.pdf": b"%PDF-1.7",
        "returns/2025/q1.csv": b"measure,value\r\nASCOF 1A,19.2\r\n",
    }
    assert not (portal["media"] / STAGING).exists()
    assert not (portal["media"] / SET_ASIDE).exists()


def test_the_check_reads_both_files_and_changes_nothing(portal) -> None:
    holds, checked = restore_check(
        database=portal["database"],
        backup=portal["backup"].path,
        media_root=portal["media"],
        archive=portal["archive"],
    )

    assert holds == "a SQLite backup with 1 tables"
    assert str(checked) == "2 uploaded files, 0.0 MB unpacked"
    _assert_unchanged(portal)


def test_restoring_works_without_the_extraction_filter_of_later_pythons(
    portal, monkeypatch
) -> None:
    """Python 3.11 before 3.11.4 (Debian bookworm has 3.11.2) has no extraction filters; the
    restore neither uses them nor tarfile's own extraction."""
    monkeypatch.delattr(tarfile, "data_filter", raising=False)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tarfile's extraction is not used")

    monkeypatch.setattr(tarfile.TarFile, "extractall", refuse)
    monkeypatch.setattr(tarfile.TarFile, "extract", refuse)

    assert _restore(portal).uploads.files == 2
    assert (portal["media"] / "returns" / "2025" / "q1.csv").is_file()


def test_a_file_that_is_not_a_database_changes_nothing(portal) -> None:
    bogus = portal["tmp"] / "bogus.sqlite3"
    bogus.write_text("not a database, just some text that is long enough to be read" * 20)

    with pytest.raises(BackupError, match="is not a SQLite database"):
        portal_restore(
            database=portal["database"],
            backup=bogus,
            media_root=portal["media"],
            archive=portal["archive"],
        )
    _assert_unchanged(portal)


def test_a_damaged_database_backup_is_refused_by_the_check(portal) -> None:
    path = portal["backup"].path
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the table's page
    path.write_bytes(bytes(data))

    with pytest.raises(BackupError, match="damaged|not a SQLite database"):
        database_check(database=portal["database"], backup=path)
    with pytest.raises(BackupError):
        _restore(portal)
    _assert_unchanged(portal)


# --- Archives that are refused before anything changes ------------------------------------------


def _archive(path: Path, *members: tuple[tarfile.TarInfo, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for info, data in members:
            info.size = len(data) if info.isreg() else 0
            archive.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return path


def _member(name: str, kind: bytes = tarfile.REGTYPE, **extra: object) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    for key, value in extra.items():
        setattr(info, key, value)
    return info


REFUSED_MEMBERS = {
    "outside": ([(_member("../escaped.txt"), b"bad")], "outside the uploads folder"),
    "absolute": ([(_member("/etc/cron.d/evil"), b"bad")], "outside the uploads folder"),
    "symlink": (
        [(_member("returns", tarfile.SYMTYPE, linkname="/etc"), b"")],
        "a link or a special file",
    ),
    "hard link": (
        [
            (_member("a.txt"), b"a"),
            (_member("b.txt", tarfile.LNKTYPE, linkname="a.txt"), b""),
        ],
        "a link or a special file",
    ),
    "device": ([(_member("disk", tarfile.BLKTYPE), b"")], "a link or a special file"),
    "fifo": ([(_member("pipe", tarfile.FIFOTYPE), b"")], "a link or a special file"),
    "twice": (
        [(_member("a.txt"), b"first"), (_member("a.txt"), b"second")],
        "appears twice",
    ),
    "inside a file": (
        [(_member("a"), b"file"), (_member("a/b.txt"), b"inside")],
        "inside something the archive holds as a file",
    ),
    "reserved name": ([(_member(f"{STAGING}/x"), b"x")], "a name the restore keeps"),
}


@pytest.mark.parametrize("case", REFUSED_MEMBERS)
def test_an_archive_with_a_member_that_is_not_a_plain_upload_changes_nothing(portal, case) -> None:
    members, message = REFUSED_MEMBERS[case]
    bad = _archive(portal["tmp"] / "bad.uploads.tar.gz", (_member("ok.txt"), b"fine"), *members)

    with pytest.raises(BackupError, match=message):
        _restore(portal, bad)
    _assert_unchanged(portal)
    assert not (portal["tmp"] / "escaped.txt").exists()


def _damaged(portal: dict, how: str) -> Path:
    data = portal["archive"].read_bytes()
    target = portal["tmp"] / f"{how}.uploads.tar.gz"
    if how == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        target.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 8]))
    elif how == "trailing garbage":
        target.write_bytes(data + b"not gzip at all")
    elif how == "empty":
        target.write_bytes(b"")
    elif how == "not gzip":
        target.write_text("measure,value\r\n")
    elif how == "gzip but not tar":
        target.write_bytes(gzip.compress(b"x" * 2000))
    return target


@pytest.mark.parametrize(
    "how", ["truncated", "flipped", "trailing garbage", "empty", "not gzip", "gzip but not tar"]
)
def test_an_unreadable_archive_changes_nothing(portal, how) -> None:
    with pytest.raises(BackupError, match="not a readable uploads archive"):
        _restore(portal, _damaged(portal, how))
    _assert_unchanged(portal)


def test_an_archive_too_big_for_the_disk_changes_nothing(portal, monkeypatch) -> None:
    class Usage:
        free = 1000

    monkeypatch.setattr(backups.shutil, "disk_usage", lambda path: Usage)

    with pytest.raises(BackupError, match="only 0.0 MB is free beside"):
        _restore(portal)
    _assert_unchanged(portal)


# --- Failures after the check ---------------------------------------------------------------------


def test_a_database_that_cannot_be_restored_leaves_the_uploads_and_no_staging(
    portal, monkeypatch
) -> None:
    staged: list[bool] = []

    def fails(**kwargs: object) -> None:
        staged.append((portal["media"] / STAGING / "minutes.pdf").is_file())
        raise BackupError("pg_restore failed: out of disk")

    monkeypatch.setattr(backups, "database_restore", fails)

    with pytest.raises(BackupError, match="The database could not be restored, so nothing"):
        _restore(portal)
    assert staged == [True]
    _assert_unchanged(portal)


def test_an_uploads_swap_that_fails_puts_the_live_files_back(portal, monkeypatch) -> None:
    real_rename = Path.rename
    renames: list[str] = []

    def rename(self: Path, target: Path) -> Path:
        renames.append(self.name)
        if self.parent.name == STAGING and self.name == "returns":
            raise OSError("Input/output error")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)

    with pytest.raises(BackupError, match="but replacing the uploaded files failed") as raised:
        _restore(portal)
    assert "they are as they were" in str(raised.value)
    assert "Run the restore again" in str(raised.value)
    assert "returns" in renames
    assert _names(portal["live"]) == ["Sefton", "Wirral"]
    assert _tree(portal["media"]) == {
        "later.txt": b"uploaded after the backup",
        "minutes.pdf": b"%PDF-1.7",
    }
    assert not (portal["media"] / STAGING).exists()
    assert not (portal["media"] / SET_ASIDE).exists()


def test_an_interrupted_earlier_restore_is_named_and_nothing_changes(portal) -> None:
    (portal["media"] / SET_ASIDE).mkdir()
    (portal["media"] / SET_ASIDE / "old.csv").write_text("from before")

    with pytest.raises(BackupError, match="An earlier restore was interrupted"):
        _restore(portal)
    assert _names(portal["live"]) == ["Halton"]
    assert (portal["media"] / SET_ASIDE / "old.csv").read_text() == "from before"
    assert not (portal["media"] / STAGING).exists()


def test_backups_leave_out_the_restore_s_own_folders(portal) -> None:
    (portal["media"] / STAGING).mkdir()
    (portal["media"] / STAGING / "half.csv").write_text("half")

    again = media_backup(
        media_root=portal["media"], directory=portal["tmp"] / "backups", stamp="s2"
    )

    with tarfile.open(again.path) as archive:
        assert sorted(archive.getnames()) == ["later.txt", "minutes.pdf", "returns", "returns/2025"]


# --- The command -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_restore_command_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "sli-1.dump"
    bogus.write_text("hello")

    with pytest.raises(CommandError, match="not a"):
        call_command("restore_database", str(bogus), "--no-uploads")


def test_restore_of_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore_database", str(tmp_path / "missing.dump"), "--no-uploads")


def test_restore_without_the_uploads_archive_asks_which_is_meant(tmp_path: Path) -> None:
    dump = tmp_path / "sli-1.dump"
    dump.write_text("hello")

    with pytest.raises(CommandError, match="give it with --uploads, or restore the database"):
        call_command("restore_database", str(dump), "--commit")
