from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from returns.catalogue import DATA_DIR
from returns.models import NationalImportState
from returns.national import DATASETS, NationalImportResult, national_import


class Command(BaseCommand):
    help = (
        "Import the published national files (ASCOF trend, Oflog, delayed transfers, falls, "
        "ASC-FR unit costs) as comparators, recording each "
        "run. Only new and changed rows are written; rows the file no longer has are reported "
        "(and removed only with --remove-missing). Nothing is stored without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dataset", choices=sorted(DATASETS), help="Import one dataset only.")
        parser.add_argument(
            "--file", type=Path, help="A file in the dataset's layout (needs --dataset)."
        )
        parser.add_argument("--force", action="store_true", help="Import a file already imported.")
        parser.add_argument(
            "--remove-missing",
            action="store_true",
            help="Remove stored rows of the file's measures and years that the file no longer has.",
        )
        parser.add_argument("--commit", action="store_true", help="Store the figures.")

    def handle(self, *args: object, **options: Any) -> None:
        dataset, path = options["dataset"], options["file"]
        if path is not None and dataset is None:
            raise CommandError("--file needs --dataset to say which layout the file is in.")
        files = (
            [(dataset, path or DATA_DIR / DATASETS[dataset].shipped_file)]
            if dataset
            else [(name, DATA_DIR / spec.shipped_file) for name, spec in DATASETS.items()]
        )
        failed = []
        with transaction.atomic():
            for name, file in files:
                try:
                    result = national_import(
                        dataset=name,
                        path=file,
                        force=options["force"],
                        remove_missing=options["remove_missing"],
                    )
                except (OSError, ValueError) as exc:
                    raise CommandError(str(exc)) from exc
                self.stdout.write(self._line(result))
                if result.run and result.run.state == NationalImportState.FAILED:
                    failed.append(f"{name}: {result.run.failure_message}")
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was changed. Use --commit to store.")
        if failed:
            raise CommandError("; ".join(failed))

    @staticmethod
    def _line(result: NationalImportResult) -> str:
        run = result.run
        if result.already_imported and run is not None:
            return (
                f"{result.dataset}: this file was already imported on "
                f"{run.finished_at or run.imported_at:%Y-%m-%d %H:%M} (run {run.pk}); "
                "nothing changed. Use --force to import again."
            )
        assert run is not None
        if run.state == NationalImportState.FAILED:
            return f"{result.dataset}: failed, nothing changed: {run.failure_message}"
        reasons = "; ".join(f"{reason}: {count}" for reason, count in result.skip_reasons.items())
        removed = f", {run.rows_removed} removed" if run.remove_missing else ""
        return (
            f"{result.dataset}: {run.rows_read} rows read, {run.rows_matched} matched, "
            f"{run.rows_new} new, {run.rows_changed} changed ({run.rows_renamed} renamed), "
            f"{run.rows_unchanged} unchanged, {run.rows_missing} missing, "
            f"{run.rows_refused} refused"
            + (f" ({reasons})" if reasons else "")
            + f", {run.rows_conflicting} conflicts, {run.rows_disappearing} no longer in the "
            f"file{removed}; run {run.pk} took {run.duration}"
        )
