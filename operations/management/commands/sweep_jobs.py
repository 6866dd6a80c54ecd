"""Find background jobs stuck after a worker died or the broker lost their messages.

Dry run by default: prints what it found. ``--commit`` re-queues or fails them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from operations.jobs import jobs_sweep


class Command(BaseCommand):
    help = "Re-queue or fail background jobs stuck after a worker died (dry run unless --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--commit", action="store_true", help="Re-queue or fail the stuck jobs."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = jobs_sweep(commit=options["commit"])
        self.stdout.write(str(report))
        if report.jobs and not options["commit"]:
            self.stdout.write("Nothing changed. Run again with --commit to act.")
