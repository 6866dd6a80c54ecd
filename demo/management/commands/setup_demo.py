from django.core import mail
from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from demo.build import demo_load
from demo.users import DEMO_PASSWORD

# The demonstration's events (returns accepted, concerns shared, an Account published) e-mail the
# demo users as they would in use. Those e-mails are recorded, and listed on each user's "Your
# e-mails" page, but kept in memory here rather than printed before the sign-in details.
DEMO_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Load councils, measures, published figures and demonstration returns and users. Safe to rerun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--skip-national-data", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        mail.outbox = []
        with override_settings(EMAIL_BACKEND=DEMO_EMAIL_BACKEND):
            report = demo_load(with_national_data=not options["skip_national_data"])
        self.stdout.write(f"Demonstration returns created: {report.returns_created}")
        self.stdout.write(f"Demonstration e-mails sent (kept, not printed): {len(mail.outbox)}")
        self.stdout.write("")
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD})")
        for email, role, where in report.users:
            self.stdout.write(f"  {email:40} {role} ({where})")
