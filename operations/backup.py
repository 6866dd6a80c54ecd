"""Backing up and restoring the portal: the database and the uploaded files.

A backup is two files with the same stamp: the database (``pg_dump --format=custom`` on
PostgreSQL, SQLite's online backup otherwise) and a gzipped tar of MEDIA_ROOT (returns,
evidence and minutes people uploaded), because a database whose uploads are missing is not a
restored portal. Restoring is all or nothing: pg_restore runs in one transaction, and the
uploads are unpacked beside the live ones before they replace them.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
MEDIA_SUFFIX = ".uploads.tar.gz"
_RESTORING = ".restoring"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for an operator."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    size: int
    sha256: str


def file_of(path: Path) -> BackupFile:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return BackupFile(path=path, size=path.stat().st_size, sha256=digest.hexdigest())


def _pg_arguments(database: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, and the password in the environment
    (never on the command line, where other users of the machine could read it)."""
    arguments = ["--no-password", "--dbname", database["NAME"]]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client (version 15)"
        ) from exc
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()}")


def database_backup(*, database: Mapping[str, Any], directory: Path, stamp: str) -> BackupFile:
    """Write the whole database to a file in ``directory`` and return it with its checksum."""
    directory.mkdir(parents=True, exist_ok=True)
    engine = database["ENGINE"]
    if engine == POSTGRESQL:
        target = directory / f"sli-{stamp}.dump"
        arguments, environment = _pg_arguments(database)
        _run(["pg_dump", "--format=custom", "--file", str(target), *arguments], environment)
    elif engine == SQLITE:
        target = directory / f"sli-{stamp}.sqlite3"
        source = sqlite3.connect(str(database["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        raise BackupError(f"Backing up a {engine} database is not supported")
    return file_of(target)


def database_check(*, database: Mapping[str, Any], backup: Path) -> str:
    """Read a backup without restoring it; say what it holds, or raise if it is unreadable."""
    if not backup.is_file():
        raise BackupError(f"There is no backup file at {backup}")
    if database["ENGINE"] == POSTGRESQL:
        finished = subprocess.run(
            ["pg_restore", "--list", str(backup)], capture_output=True, text=True
        )
        if finished.returncode != 0:
            raise BackupError(f"{backup} is not a pg_dump custom-format backup")
        tables = sum(" TABLE DATA " in line for line in finished.stdout.splitlines())
        return f"a PostgreSQL backup with data for {tables} tables"
    try:
        with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as check:
            found = check.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
            count = found.fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} is not a SQLite database") from exc
    return f"a SQLite backup with {count} tables"


def database_restore(*, database: Mapping[str, Any], backup: Path) -> None:
    """Replace the configured database's contents with the backup's, in one transaction."""
    database_check(database=database, backup=backup)
    connections.close_all()
    if database["ENGINE"] == POSTGRESQL:
        arguments, environment = _pg_arguments(database)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *arguments,
                str(backup),
            ],
            environment,
        )
    elif database["ENGINE"] == SQLITE:
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        live = sqlite3.connect(str(database["NAME"]))
        try:
            source.backup(live)
        finally:
            live.close()
            source.close()
    else:
        raise BackupError(f"Restoring a {database['ENGINE']} database is not supported")


def media_backup(*, media_root: Path, directory: Path, stamp: str) -> BackupFile:
    """Archive every uploaded file under MEDIA_ROOT, paths relative to it."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"sli-{stamp}{MEDIA_SUFFIX}"
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for entry in sorted(media_root.iterdir()):
                if entry.name != _RESTORING:
                    archive.add(entry, arcname=entry.name)
    return file_of(target)


def media_archive_for(backup: Path) -> Path:
    """The uploads archive made with a database backup: same stamp, beside it."""
    return backup.with_name(backup.name.rsplit(".", 1)[0] + MEDIA_SUFFIX)


def media_restore(*, media_root: Path, archive: Path) -> int:
    """Replace the uploaded files with the archive's; return how many files it held. The
    archive is unpacked first (refusing paths outside MEDIA_ROOT), so a bad archive leaves the
    live files as they were. MEDIA_ROOT itself stays in place: it may be a mounted volume."""
    media_root.mkdir(parents=True, exist_ok=True)
    staging = media_root / _RESTORING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        with tarfile.open(archive, "r:gz") as opened:
            opened.extractall(staging, filter="data")
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"{archive} is not a readable uploads archive: {exc}") from exc
    for entry in media_root.iterdir():
        if entry.name == _RESTORING:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staging.iterdir():
        entry.rename(media_root / entry.name)
    staging.rmdir()
    return sum(1 for path in media_root.rglob("*") if path.is_file())


def backup_stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M%S")
