"""``python manage.py import_plan FILE --council ONS_CODE [--commit]``: check a council's
improvement plan file and print the headings, areas and actions found (or every problem as
``row N, column C: message``, exiting non-zero). Changes nothing without ``--commit``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from authorities.models import Council
from improvement_plans.services import PlanImportRefused, plan_for_file, plan_import
from improvement_plans.validation import PlanParse, validate_plan


class Command(BaseCommand):
    help = "Check (and with --commit, import) a council's improvement plan from CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The plan as CSV or XLSX in the template's columns")
        parser.add_argument("--council", required=True, help="The council's ONS code")
        parser.add_argument("--title", default="", help="The plan's title")
        parser.add_argument("--period", default="", help="The period the plan covers, e.g. 2010/11")
        parser.add_argument(
            "--commit", action="store_true", help="Import it (otherwise check only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            council = Council.objects.get(ons_code__iexact=options["council"].strip())
        except Council.DoesNotExist as exc:
            raise CommandError(f"No council has the ONS code {options['council']}") from exc
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        earlier = plan_for_file(council=council, content=content)
        if earlier is not None:
            self.stdout.write(
                f"This file was already imported for {council.name} as plan {earlier.pk} "
                f"('{earlier.title}'). Nothing imported."
            )
            return
        parsed = validate_plan(content=content, name=path.name)
        if not parsed.is_valid:
            self._problems(parsed)
        self._found(parsed, council)
        if not options["commit"]:
            self.stdout.write("Checked only: nothing imported. Run again with --commit to import.")
            return
        try:
            outcome = plan_import(
                council=council,
                content=content,
                name=path.name,
                by=None,
                title=options["title"],
                period_covered=options["period"],
            )
        except PlanImportRefused as refused:
            self._problems(PlanParse(headings=[], problems=refused.problems, rows_read=0))
        self.stdout.write(
            self.style.SUCCESS(f"Imported as draft plan {outcome.plan.pk}: {outcome.plan.title}")
        )

    def _problems(self, parsed: PlanParse) -> None:
        for problem in parsed.problems:
            self.stderr.write(problem.as_line())
        count = len(parsed.problems)
        raise CommandError(f"{count} problem{'s' if count != 1 else ''} found: nothing imported")

    def _found(self, parsed: PlanParse, council: Council) -> None:
        self.stdout.write(
            f"{council.name}: {len(parsed.headings)} headings, {len(parsed.areas)} improvement "
            f"areas, {len(parsed.actions)} actions in {parsed.rows_read} rows"
        )
        for heading in parsed.headings:
            self.stdout.write(heading.title)
            for area in heading.areas:
                self.stdout.write(f"  Improvement Area {area.number} – {area.title}")
                for action in area.actions:
                    self.stdout.write(f"    {action.number}. {_first_line(action.how_achieved)}")


def _first_line(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 100 else f"{line[:97]}..."
