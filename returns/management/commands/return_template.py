from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from authorities.models import Council
from returns.selectors import period_get
from returns.services import return_items
from returns.template import return_template


class Command(BaseCommand):
    help = "Write the return template a council fills in for a quarter (the same file the page offers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", required=True, help="ONS code, e.g. E08000015")
        parser.add_argument("--period", required=True, help="e.g. 2024-25-Q1")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--output", help="File to write; defaults to the template's own name")

    def handle(self, *args: object, **options: str) -> None:
        council = Council.objects.filter(ons_code=options["council"]).first()
        if council is None:
            raise CommandError(f"No council has the ONS code {options['council']}")
        period = period_get(options["period"])
        if period is None:
            raise CommandError(f"No quarter {options['period']}: use the form 2024-25-Q1")
        download = return_template(
            council=council,
            period=period,
            fmt=options["format"],
            measures=return_items(),
        )
        path = Path(options["output"] or download.filename)
        path.write_bytes(download.content)
        self.stdout.write(f"Wrote {path} ({len(download.content):,} bytes)")
