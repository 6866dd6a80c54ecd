from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from returns.catalogue import DATA_DIR
from returns.national import DATASETS, NationalImportResult, national_import, national_import_all


class Command(BaseCommand):
    help = (
        "Import the published national files (ASCOF trend, Oflog) as comparators. "
        "Nothing is stored without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dataset", choices=sorted(DATASETS), help="Import one dataset only.")
        parser.add_argument(
            "--file", type=Path, help="A file in the dataset's layout (needs --dataset)."
        )
        parser.add_argument("--force", action="store_true", help="Import a file already imported.")
        parser.add_argument("--commit", action="store_true", help="Store the figures.")

    def handle(self, *args: object, **options: Any) -> None:
        dataset, path = options["dataset"], options["file"]
        if path is not None and dataset is None:
            raise CommandError("--file needs --dataset to say which layout the file is in.")
        force = options["force"]
        with transaction.atomic():
            try:
                if dataset is None:
                    results = national_import_all(force=force)
                else:
                    path = path or DATA_DIR / DATASETS[dataset].shipped_file
                    results = [national_import(dataset=dataset, path=path, force=force)]
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            for result in results:
                self.stdout.write(self._line(result))
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was changed. Use --commit to store.")

    @staticmethod
    def _line(result: NationalImportResult) -> str:
        if result.already_imported:
            return (
                f"{result.dataset}: already imported; nothing changed. Use --force to import again."
            )
        reasons = "; ".join(f"{reason}: {count}" for reason, count in result.skip_reasons.items())
        return (
            f"{result.dataset}: {result.rows_read} rows read, {result.rows_stored} stored, "
            f"{result.rows_missing} missing, {result.rows_skipped} skipped"
            + (f" ({reasons})" if reasons else "")
        )
