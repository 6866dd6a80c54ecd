"""Back up the database and the uploaded files: two files with the same stamp."""

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import BackupError, BackupFile, backup_stamp, database_backup, media_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format on PostgreSQL, a copy on SQLite) and "
        "the uploaded files (a .uploads.tar.gz beside it); prints each file's path, size and "
        "SHA-256. Writes files only, so it needs no --commit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "var" / "backups")),
            help="Where to write the backup (default: BACKUP_DIR, else var/backups)",
        )
        parser.add_argument("--no-uploads", action="store_true", help="Back up the database only")

    def handle(self, *args: Any, directory: Path, no_uploads: bool, **options: Any) -> None:
        stamp = backup_stamp()
        try:
            made = [
                database_backup(
                    database=settings.DATABASES["default"], directory=directory, stamp=stamp
                )
            ]
            if not no_uploads:
                made.append(
                    media_backup(
                        media_root=Path(settings.MEDIA_ROOT), directory=directory, stamp=stamp
                    )
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for backup in made:
            self.stdout.write(_describe(backup))


def _describe(backup: BackupFile) -> str:
    return f"{backup.path}  {backup.size} bytes  sha256 {backup.sha256}"
