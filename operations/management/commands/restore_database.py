"""Restore the database and the uploaded files from a backup made by backup_database."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import (
    BackupError,
    UploadsArchive,
    file_of,
    media_archive_for,
    portal_restore,
    restore_check,
)


class Command(BaseCommand):
    help = (
        "Replace the configured database's contents and the uploaded files with a backup's "
        "(the .uploads.tar.gz with the same stamp, unless --uploads or --no-uploads says "
        "otherwise), all or nothing. Without --commit it reads both files to the end, checks "
        "them and says what it would replace. Stop the web, worker and beat services first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="A file written by backup_database")
        parser.add_argument(
            "--uploads",
            type=Path,
            help="The uploads archive (default: the .uploads.tar.gz with the same stamp)",
        )
        parser.add_argument(
            "--no-uploads",
            action="store_true",
            help="Restore the database only, leaving the uploaded files as they are",
        )
        parser.add_argument("--commit", action="store_true", help="Really restore")

    def handle(
        self,
        *args: Any,
        backup: Path,
        uploads: Path | None,
        no_uploads: bool,
        commit: bool,
        **options: Any,
    ) -> None:
        if uploads is not None and no_uploads:
            raise CommandError("Give --uploads or --no-uploads, not both")
        archive = None if no_uploads else (uploads or media_archive_for(backup))
        if archive is not None and not archive.is_file():
            raise CommandError(
                f"There is no uploads archive at {archive}: give it with --uploads, or restore "
                "the database only with --no-uploads (the uploaded files are then left as "
                "they are)"
            )
        database, media_root = settings.DATABASES["default"], Path(settings.MEDIA_ROOT)
        try:
            if commit:
                restored = portal_restore(
                    database=database, backup=backup, media_root=media_root, archive=archive
                )
                holds, checked = restored.database, restored.uploads
            else:
                holds, checked = restore_check(
                    database=database, backup=backup, media_root=media_root, archive=archive
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self._report(backup, holds, checked, commit)

    def _report(
        self, backup: Path, holds: str, checked: UploadsArchive | None, commit: bool
    ) -> None:
        name, media_root = settings.DATABASES["default"]["NAME"], settings.MEDIA_ROOT
        read = file_of(backup)
        self.stdout.write(f"{backup}: {holds}, {read.size} bytes, sha256 {read.sha256}")
        if checked is not None:
            self.stdout.write(f"{checked.path}: {checked}")
        if not commit:
            self.stdout.write(
                f"Read to the end and checked. Nothing restored. With --commit this "
                f"replaces everything in the database {name!s}"
                + (f" and every file under {media_root}" if checked else "")
                + "."
            )
            return
        self.stdout.write(f"Restored the database {name!s}.")
        if checked is not None:
            self.stdout.write(f"Restored {checked.files} uploaded files to {media_root}.")
