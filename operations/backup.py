"""Backing up and restoring the portal: the database and the uploaded files.

A backup is two files with the same stamp: the database (``pg_dump --format=custom`` on
PostgreSQL, SQLite's online backup otherwise) and a gzipped tar of MEDIA_ROOT (returns,
evidence and minutes people uploaded), because a database whose uploads are missing is not a
restored portal.

Restoring is all or nothing (``portal_restore``): both files are read to the end and checked
before anything changes; the uploads are unpacked, member by member, into a staging folder
beside the live ones; the database is replaced in one transaction; only then do the staged
uploads replace the live ones. A failure before that last step leaves the portal as it was and
removes the staging folder. The archive is unpacked without ``extractall(filter=...)``, which
Python 3.11 has only from 3.11.4: every member is checked here instead.
"""

import gzip
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import connections
from django.utils import timezone

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
MEDIA_SUFFIX = ".uploads.tar.gz"
# Beside the live uploads while a restore runs (never backed up): the archive unpacked, and the
# live files set aside in the moment the unpacked ones take their place.
STAGING = ".restoring"
SET_ASIDE = ".replaced"
_BLOCK = 4096
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for an operator."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class UploadsArchive:
    """An uploads archive read to the end: every member a safe file or folder."""

    path: Path
    files: int
    folders: int
    size: int

    def __str__(self) -> str:
        return f"{self.files} uploaded files, {_megabytes(self.size)} unpacked"


@dataclass(frozen=True)
class Restored:
    database: str
    uploads: UploadsArchive | None


def file_of(path: Path) -> BackupFile:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return BackupFile(path=path, size=path.stat().st_size, sha256=digest.hexdigest())


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


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


def _run(command: list[str], environment: dict[str, str] | None = None) -> str:
    try:
        finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client (version 15)"
        ) from exc
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()}")
    return finished.stdout


# --- The database ------------------------------------------------------------------------------


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
    """Read a backup to the end without restoring it; say what it holds, or raise if any of it
    is unreadable (a truncated or damaged file is refused here, not halfway through a
    restore)."""
    if not backup.is_file():
        raise BackupError(f"There is no backup file at {backup}")
    if database["ENGINE"] == POSTGRESQL:
        try:
            listing = _run(["pg_restore", "--list", str(backup)])
        except BackupError as exc:
            raise BackupError(f"{backup} is not a pg_dump custom-format backup") from exc
        try:
            # Turning the whole backup into SQL, thrown away, reads and unpacks every table's data.
            _run(["pg_restore", "--file", os.devnull, str(backup)])
        except BackupError as exc:
            raise BackupError(f"{backup} is damaged and cannot be restored: {exc}") from exc
        tables = sum(" TABLE DATA " in line for line in listing.splitlines())
        return f"a PostgreSQL backup with data for {tables} tables"
    try:
        with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as check:
            problems = [row[0] for row in check.execute("PRAGMA quick_check")]
            count = check.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
            tables = count.fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} is not a SQLite database") from exc
    if problems != ["ok"]:
        raise BackupError(f"{backup} is damaged and cannot be restored: {problems[0]}")
    return f"a SQLite backup with {tables} tables"


def database_restore(*, database: Mapping[str, Any], backup: Path) -> None:
    """Replace the configured database's contents with a backup's (checked first with
    ``database_check``), in one transaction: if it fails, the database is as it was."""
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
        except sqlite3.Error as exc:
            raise BackupError(f"Restoring {backup} failed: {exc}") from exc
        finally:
            live.close()
            source.close()
    else:
        raise BackupError(f"Restoring a {database['ENGINE']} database is not supported")


# --- The uploaded files ------------------------------------------------------------------------


def media_backup(*, media_root: Path, directory: Path, stamp: str) -> BackupFile:
    """Archive every uploaded file under MEDIA_ROOT, paths relative to it."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"sli-{stamp}{MEDIA_SUFFIX}"
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for entry in sorted(media_root.iterdir()):
                if entry.name not in (STAGING, SET_ASIDE):
                    archive.add(entry, arcname=entry.name)
    return file_of(target)


def media_archive_for(backup: Path) -> Path:
    """The uploads archive made with a database backup: same stamp, beside it."""
    return backup.with_name(backup.name.rsplit(".", 1)[0] + MEDIA_SUFFIX)


_UNREADABLE = (tarfile.TarError, OSError, EOFError, zlib.error)


def _members(archive: Path) -> Iterator[tuple[tarfile.TarInfo, IO[bytes] | None]]:
    """Each member of the archive, read as a stream once from start to end, with a reader for
    a regular file's contents; damage found while reading the members (gzip's checksum is only
    compared at the very end) is raised as a BackupError."""
    try:
        with gzip.open(archive, "rb") as raw, tarfile.open(fileobj=raw, mode="r|") as opened:
            for member in opened:
                yield member, opened.extractfile(member) if member.isreg() else None
            while raw.read(_CHUNK):
                pass
    except _UNREADABLE as exc:
        raise BackupError(f"{archive} is not a readable uploads archive: {exc}") from exc


def _member_path(member: tarfile.TarInfo) -> PurePosixPath:
    """Where a member goes, relative to MEDIA_ROOT; refuses anything but a plain file or folder
    inside it (links, devices, absolute paths, "..")."""
    if not (member.isreg() or member.isdir()):
        raise BackupError(f"{member.name!r} is a link or a special file, not an uploaded file")
    path = PurePosixPath(member.name)
    if "\0" in member.name or path.is_absolute() or ".." in path.parts:
        raise BackupError(f"{member.name!r} would be written outside the uploads folder")
    if member.isreg() and not path.parts:
        raise BackupError(f"{member.name!r} is not a file name")
    if path.parts and path.parts[0] in (STAGING, SET_ASIDE):
        raise BackupError(f"{member.name!r} uses a name the restore keeps for itself")
    return path


class _Tally:
    """The files and folders an archive holds so far, to refuse a member that repeats one or
    puts a file where a folder is (or a folder inside a file)."""

    def __init__(self) -> None:
        self.files: set[PurePosixPath] = set()
        self.folders: set[PurePosixPath] = set()
        self.size = 0
        self.blocks = 0

    def add(self, member: tarfile.TarInfo) -> PurePosixPath:
        path = _member_path(member)
        if path in self.files or (member.isreg() and path in self.folders):
            raise BackupError(f"{member.name!r} appears twice in the archive")
        if any(parent in self.files for parent in path.parents):
            raise BackupError(f"{member.name!r} is inside something the archive holds as a file")
        self.folders.update(path.parents)
        if member.isreg():
            self.files.add(path)
            self.size += member.size
            self.blocks += -(-member.size // _BLOCK)
        else:
            self.folders.add(path)
            self.blocks += 1
        return path

    def summary(self, archive: Path) -> "UploadsArchive":
        folders = len(self.folders - {PurePosixPath(".")})
        return UploadsArchive(path=archive, files=len(self.files), folders=folders, size=self.size)


def _room_check(*, media_root: Path, entries: int, size: int) -> None:
    """Refuse an archive that would not fit beside the live uploads (they stay until the
    unpacked ones are in place)."""
    existing = media_root
    while not existing.exists():
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    if size > free:
        raise BackupError(
            f"The uploads archive unpacks to {_megabytes(size)} but only "
            f"{_megabytes(free)} is free beside {media_root}: free some space first"
        )
    stats = os.statvfs(existing)
    if stats.f_files and entries > stats.f_favail:
        raise BackupError(
            f"The uploads archive holds {entries} files and folders but the disk "
            f"holding {media_root} has room for only {stats.f_favail} more"
        )


def media_check(*, media_root: Path, archive: Path) -> UploadsArchive:
    """Read the uploads archive to the end, checking every member, and that it fits on the
    disk; nothing is written."""
    if not archive.is_file():
        raise BackupError(f"There is no uploads archive at {archive}")
    tally = _Tally()
    for member, _contents in _members(archive):
        tally.add(member)
    checked = tally.summary(archive)
    _room_check(
        media_root=media_root,
        entries=checked.files + checked.folders,
        size=tally.blocks * _BLOCK,
    )
    return checked


def _unpack(source: IO[bytes], member: tarfile.TarInfo, target: Path) -> None:
    """Write one regular member to ``target``, a path that does not exist yet (and never a
    link: the staging folder holds none)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "wb") as out:
        shutil.copyfileobj(source, out, _CHUNK)
    os.utime(target, (member.mtime, member.mtime))


def media_stage(*, media_root: Path, checked: UploadsArchive) -> Path:
    """Unpack a checked archive into the staging folder beside the live uploads, member by
    member, and return the folder. Raises (leaving no staging folder) on any failure."""
    if (media_root / SET_ASIDE).exists():
        raise BackupError(
            f"An earlier restore was interrupted: {media_root / SET_ASIDE} holds the uploads "
            "from before it. Move its contents back into the uploads folder (or delete it if "
            "they are not needed), then restore again."
        )
    staging = media_root / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    tally = _Tally()
    try:
        for member, contents in _members(checked.path):
            target = staging.joinpath(*tally.add(member).parts)
            if contents is None:
                target.mkdir(parents=True, exist_ok=True)
            else:
                _unpack(contents, member, target)
        if tally.summary(checked.path) != checked:
            raise BackupError(f"{checked.path} changed while it was being restored")
    except (BackupError, ValueError, *_UNREADABLE) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"The uploads could not be unpacked, so nothing changed: {exc}") from exc
    return staging


def _move(names: list[str], source: Path, target: Path, moved: list[str]) -> None:
    for name in names:
        (source / name).rename(target / name)
        moved.append(name)


def media_swap(*, media_root: Path, staging: Path) -> None:
    """Put the staged uploads in place of the live ones (renames on one disk). MEDIA_ROOT itself
    stays in place: it may be a mounted volume. If a rename fails the live files are put back
    and the error says so; if even that fails, it says where each set of files is."""
    set_aside = media_root / SET_ASIDE
    live = sorted(e.name for e in media_root.iterdir() if e.name not in (STAGING, SET_ASIDE))
    aside: list[str] = []
    placed: list[str] = []
    try:
        set_aside.mkdir()
        _move(live, media_root, set_aside, aside)
        _move(sorted(e.name for e in staging.iterdir()), staging, media_root, placed)
    except OSError as exc:
        try:
            _move(placed, media_root, staging, [])
            _move(aside, set_aside, media_root, [])
            if set_aside.exists():
                set_aside.rmdir()
        except OSError:
            raise BackupError(
                f"replacing the uploaded files failed ({exc}) and they could not all be put "
                f"back: the uploads from before the restore are in {set_aside}, the restored "
                f"ones in {staging}. Move the contents of one of them into {media_root}."
            ) from exc
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"replacing the uploaded files failed ({exc}); they are as they were."
        ) from exc
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(set_aside, ignore_errors=True)


# --- The whole portal --------------------------------------------------------------------------


def restore_check(
    *, database: Mapping[str, Any], backup: Path, media_root: Path, archive: Path | None
) -> tuple[str, UploadsArchive | None]:
    """Read both files to the end and check them, changing nothing."""
    holds = database_check(database=database, backup=backup)
    checked = media_check(media_root=media_root, archive=archive) if archive else None
    return holds, checked


def portal_restore(
    *, database: Mapping[str, Any], backup: Path, media_root: Path, archive: Path | None
) -> Restored:
    """Put the database (and, with ``archive``, the uploaded files) back as the backup has
    them, all or nothing: checked, then staged, then the database in one transaction, then the
    uploads. A failure before the uploads are swapped leaves the portal as it was."""
    holds, checked = restore_check(
        database=database, backup=backup, media_root=media_root, archive=archive
    )
    staging = media_stage(media_root=media_root, checked=checked) if checked else None
    try:
        database_restore(database=database, backup=backup)
    except BackupError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"The database could not be restored, so nothing changed: {exc}") from exc
    if staging is not None:
        try:
            media_swap(media_root=media_root, staging=staging)
        except BackupError as exc:
            raise BackupError(
                f"The database was restored from {backup.name}, but {exc} Run the restore "
                "again to put the uploaded files back with it."
            ) from exc
    return Restored(database=holds, uploads=checked)


def backup_stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M%S")
