from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from scorecard.services import quality_statements_load


class Command(BaseCommand):
    help = (
        "Load CQC's 9 quality statements for local authority assessments, with the scorecard "
        "domains each speaks to, from scorecard/data/quality_statements.csv. Nothing is stored "
        "without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Store the statements.")

    def handle(self, *args: object, **options: Any) -> None:
        with transaction.atomic():
            result = quality_statements_load()
            self.stdout.write(
                f"Quality statements: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was changed. Use --commit to store.")
