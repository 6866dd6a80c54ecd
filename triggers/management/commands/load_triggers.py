"""Load Table 2 of the MoU (quadrants and triggers) from triggers/data/table2.csv."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from triggers.table2 import table2_load


class Command(BaseCommand):
    help = (
        "Load Table 2 of the 2013 MoU: its four quadrants and 21 risk triggers, with their "
        "sources of data or intelligence. Idempotent. Nothing is stored without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Store the triggers.")

    def handle(self, *args: object, **options: Any) -> None:
        with transaction.atomic():
            result = table2_load()
            self.stdout.write(
                f"Table 2: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was changed. Use --commit to store.")
