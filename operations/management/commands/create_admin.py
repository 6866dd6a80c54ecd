"""Make the first regional administrator: the account, its password and the role, in one step
(changes nothing without --commit)."""

import getpass
import os
import sys
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from operations.roles import (
    RoleRefused,
    administrator_check,
    administrator_create,
    administrator_password_check,
)

PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Make an account that signs in with EMAIL, may use Django's admin and holds the "
        "regional administrator role. The password is asked for twice or, with --no-input, "
        f"read from {PASSWORD_VARIABLE}. For example: create_admin you@council.gov.uk --commit"
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The address the administrator signs in with")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing: the password is read from {PASSWORD_VARIABLE}",
        )
        parser.add_argument("--commit", action="store_true", help="Really create the account")

    def handle(
        self, *args: Any, email: str, interactive: bool, commit: bool, **options: Any
    ) -> None:
        try:
            address = administrator_check(email=email)
            if not commit:
                self.stdout.write(
                    f"Would create {address}, a regional administrator who may use Django's "
                    "admin. Nothing changed: add --commit to create it."
                )
                return
            password = self._password(address, interactive, options.get("stdin") or sys.stdin)
            user = administrator_create(email=address, password=password)
        except RoleRefused as exc:
            raise CommandError(str(exc)) from exc
        except KeyboardInterrupt:
            raise CommandError("Cancelled: nothing changed.") from None
        sign_in = f"{settings.PORTAL_BASE_URL}{reverse('accounts:login')}"
        self.stdout.write(
            f"Created {user.email}, the regional administrator. Sign in at {sign_in} with this "
            "e-mail address."
        )

    def _password(self, address: str, interactive: bool, stdin: TextIO) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise RoleRefused(
                    f"With --no-input the password is read from {PASSWORD_VARIABLE}, "
                    "which is not set"
                )
            administrator_password_check(email=address, password=password)
            return password
        if not stdin.isatty():
            raise RoleRefused(
                "There is no terminal to ask for the password: run the command in a terminal "
                f"(docker compose exec without -T), or set {PASSWORD_VARIABLE} and add "
                "--no-input"
            )
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords are different: type the same one twice.")
                continue
            try:
                administrator_password_check(email=address, password=password)
            except RoleRefused as exc:
                self.stderr.write(str(exc))
                continue
            return password
