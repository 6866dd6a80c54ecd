"""Give a person a role, for a council or for the region (changes nothing without --commit)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Role
from operations.roles import RoleRefused, grant_check, membership_grant


class Command(BaseCommand):
    help = (
        "Give the person with EMAIL the role ROLE; council roles need --council ONS. "
        "For example: grant_role admin@example.org.uk regional_admin --commit"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--council", help="the council's ONS code, for council roles")
        parser.add_argument("--commit", action="store_true", help="Really grant the role")

    def handle(
        self, *args: Any, email: str, role: str, council: str | None, commit: bool, **options: Any
    ) -> None:
        try:
            grant = grant_check(email=email, role=role, council_ons=council)
        except RoleRefused as exc:
            raise CommandError(str(exc)) from exc
        where = grant.council.name if grant.council else "the North West region"
        what = f"{grant.user.email}: {grant.role.label} for {where}"
        if not commit:
            self.stdout.write(f"Would grant {what}. Nothing changed: add --commit to grant it.")
            return
        _membership, created = membership_grant(grant=grant)
        self.stdout.write(f"Granted {what}." if created else f"Already held: {what}.")
