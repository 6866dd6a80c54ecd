"""Import a thematic review (sections, standards, levels) from a review file."""

import datetime
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from selfassessment.services import SelfAssessmentRefused, review_import


class Command(BaseCommand):
    help = (
        "Import a thematic review from a CSV or Excel (.xlsx) review file (columns: Section, "
        "Standard code, Standard, Key element, Evidence prompts, Level 1 ... Level 4). Every "
        "problem is listed by row and column. Nothing is stored without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--year", type=int, required=True, help="2025 for 2025/26.")
        parser.add_argument("--title", required=True, help="The theme.")
        parser.add_argument("--opens", type=datetime.date.fromisoformat, required=True)
        parser.add_argument("--closes", type=datetime.date.fromisoformat, required=True)
        parser.add_argument("--commit", action="store_true", help="Store the review.")

    def handle(self, *args: object, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        with transaction.atomic():
            try:
                outcome = review_import(
                    content=path.read_bytes(),
                    name=path.name,
                    year=options["year"],
                    title=options["title"],
                    opens_on=options["opens"],
                    closes_on=options["closes"],
                    imported_by=None,
                )
            except SelfAssessmentRefused as refused:
                raise CommandError(refused.message) from refused
            if outcome.problems:
                for problem in outcome.problems:
                    self.stderr.write(problem.as_line())
                count = len(outcome.problems)
                raise CommandError(
                    f"{count} problem{'s' if count != 1 else ''}: nothing was imported."
                )
            review = outcome.review
            assert review is not None
            if outcome.duplicate_of is not None:
                self.stdout.write(f"This file was already imported as {review}.")
            else:
                self.stdout.write(
                    f"{review}: {review.sections.count()} sections, "
                    f"{review.standards.count()} standards, Levels 1 to {review.max_level}."
                )
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was changed. Use --commit to store.")
