"""Evaluate the automatic risk triggers for one quarter and print what would be flagged.

    python manage.py evaluate_triggers --period 2023-24-Q4 [--commit]
    python manage.py evaluate_triggers --period 2023-24        (the year's Q4)

Each finding is printed on its own line as ``<council>: <trigger name>: <reason>``. Nothing is
changed without --commit (the evaluation runs in a transaction that is rolled back).
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from authorities.models import Council
from returns.models import Period
from returns.selectors import period_get
from triggers.automatic.evaluation import triggers_by_kind, triggers_evaluate
from triggers.models import Automatic


def parse_period(text: str) -> Period:
    """A quarter (``2023-24-Q4``, ``2023/24 Q4``) or a financial year (``2023-24``: its Q4)."""
    cleaned = text.strip().replace("/", "-")
    parts = cleaned.split("-")
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        cleaned = f"{cleaned}-Q4"
    period = period_get(cleaned)
    if period is not None:
        return period
    if Period.parse_slug(cleaned) is None:
        raise CommandError(
            f"'{text}' is not a quarter or a year: use a quarter like 2023-24-Q4 or a year like "
            "2023-24"
        )
    raise CommandError(f"There is no quarter {cleaned} in the portal.")


class Command(BaseCommand):
    help = (
        "Evaluate the automatic Table 2 triggers for a quarter (or a year's Q4) and print each "
        "council it flags, one a line: '<council>: <trigger name>: <reason>'. "
        "Nothing is stored without --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--period", required=True, help="A quarter (2023-24-Q4) or a year (2023-24: its Q4)."
        )
        parser.add_argument("--commit", action="store_true", help="Store the concerns.")

    def handle(self, *args: object, **options: Any) -> None:
        period = parse_period(options["period"])
        result = triggers_evaluate(period=period, commit=options["commit"])
        if result.not_closed:
            raise CommandError(
                f"{period.label} is not closed: its returns are due by "
                f"{period.deadline:%-d %B %Y}. Only closed periods are evaluated."
            )
        names = dict(Council.objects.values_list("pk", "name"))
        triggers = {kind: t.name for kind, t in triggers_by_kind().items()}
        for finding in sorted(result.findings, key=lambda f: (names[f.council_id], f.key)):
            trigger = triggers.get(finding.kind) or Automatic(finding.kind).label
            reason = " ".join(finding.reasons.split())
            self.stdout.write(f"{names[finding.council_id]}: {trigger}: {reason}")
        summary = (
            f"{period.label}: {len(result.findings)} finding(s); {len(result.raised)} new "
            f"flag(s), {len(result.reopened)} raised again, {len(result.updated)} updated, "
            f"{len(result.cleared)} cleared, {result.unchanged} already open, "
            f"{result.closed} closed by a person on the same evidence."
        )
        if result.skipped_kinds:
            summary += " Table 2 is not loaded (manage.py load_triggers --commit): nothing raised."
        if not options["commit"]:
            summary += " Dry run: nothing was changed. Use --commit to store."
        self.stderr.write(summary)
