"""Load Table 1 of the MoU (tiers and offers) and the regional programme's activities from
support/data/table1.csv."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from support.table1 import table1_load


class Command(BaseCommand):
    help = (
        "Load Table 1 of the 2013 MoU: its three tiers and their offers of support and "
        "intervention, and the regional programme's activities. Idempotent. Nothing is stored "
        "without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Store Table 1.")

    def handle(self, *args: object, **options: Any) -> None:
        with transaction.atomic():
            result = table1_load()
            self.stdout.write(
                f"Table 1: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was changed. Use --commit to store.")
