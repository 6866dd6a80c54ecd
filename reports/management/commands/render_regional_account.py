"""Render the Regional Account for a year to a file, synchronously, as the portal's task does:
``python manage.py render_regional_account --year 2023-24 [--quarter 4] --output FILE.pdf``.
It writes only the output file: no version is stored in the portal."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reports.assembly import NoAccountData, scope_resolve
from reports.services import account_render
from sli_portal.financial_years import NotAFinancialYear, parse_year


def year_option(text: str) -> int:
    """``2023-24``, ``2023/24`` or ``2023`` to 2023; CommandError otherwise."""
    try:
        return parse_year(text)
    except NotAFinancialYear as bad:
        if bad.out_of_step:
            raise CommandError(
                f"'{text}' is not a financial year: the second year must follow the first, "
                "like 2023-24."
            ) from bad
        raise CommandError(f"'{text}' is not a financial year: write it like 2023-24.") from bad


class Command(BaseCommand):
    help = "Render the Regional Account for a financial year to a PDF file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="Financial year, like 2023-24.")
        parser.add_argument(
            "--quarter", type=int, choices=[1, 2, 3, 4], help="Only data up to this quarter."
        )
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args: Any, **options: Any) -> None:
        year = year_option(options["year"])
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        try:
            scope = scope_resolve(year=year, quarter=options["quarter"])
        except NoAccountData as exc:
            raise CommandError(exc.message) from exc
        rendered = account_render(
            scope=scope, version_number=None, generated_at=timezone.localtime()
        )
        partial = output.with_name(output.name + ".partial")
        partial.write_bytes(rendered.content)
        # The finished file appears in one step: never half-written.
        partial.replace(output)
        self.stdout.write(
            f"Wrote {output}: {rendered.pages} pages, {len(rendered.content):,} bytes "
            f"({scope.title}, figures as at {scope.period.label})."
        )
