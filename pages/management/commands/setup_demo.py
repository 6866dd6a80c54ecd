from django.core.management.base import BaseCommand

from pages.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load councils, measures, published figures and demonstration returns and users. Safe to rerun."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--skip-national-data", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        report = demo_load(with_national_data=not options["skip_national_data"])
        self.stdout.write(f"Demonstration returns created: {report.returns_created}")
        self.stdout.write("")
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD})")
        for email, role, where in report.users:
            self.stdout.write(f"  {email:40} {role} ({where})")
