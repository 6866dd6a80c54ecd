"""Restore the database (and the uploaded files) from a backup made by backup_database."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import (
    BackupError,
    database_check,
    database_restore,
    file_of,
    media_archive_for,
    media_restore,
)


class Command(BaseCommand):
    help = (
        "Replace the configured database's contents (and, with its .uploads.tar.gz beside it, "
        "the uploaded files) with a backup's. Without --commit it only checks the backup and "
        "says what it would replace. Stop the web and worker processes first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="A file written by backup_database")
        parser.add_argument(
            "--uploads",
            type=Path,
            help="The uploads archive (default: the .uploads.tar.gz with the same stamp)",
        )
        parser.add_argument("--no-uploads", action="store_true", help="Restore the database only")
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
        database = settings.DATABASES["default"]
        media_root = Path(settings.MEDIA_ROOT)
        archive = None if no_uploads else (uploads or media_archive_for(backup))
        if archive is not None and not archive.is_file():
            if uploads is not None:
                raise CommandError(f"There is no uploads archive at {archive}")
            self.stderr.write(
                f"No uploads archive beside the backup ({archive.name}): the uploaded files "
                "will be left as they are."
            )
            archive = None
        try:
            holds = database_check(database=database, backup=backup)
            checked = file_of(backup)
            self.stdout.write(f"{backup}: {holds}, {checked.size} bytes, sha256 {checked.sha256}")
            if not commit:
                self.stdout.write(
                    f"Nothing restored. With --commit this replaces everything in the database "
                    f"{database['NAME']!s}"
                    + (f" and every file under {media_root}" if archive else "")
                    + "."
                )
                return
            database_restore(database=database, backup=backup)
            self.stdout.write(f"Restored the database {database['NAME']!s}.")
            if archive is not None:
                count = media_restore(media_root=media_root, archive=archive)
                self.stdout.write(f"Restored {count} uploaded files to {media_root}.")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
