"""Granting a role from the command line: how the first regional administrator is made."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import COUNCIL_ROLES, Membership, Role, User
from authorities.models import Council


class RoleRefused(Exception):
    """The role cannot be granted as asked; the message says why."""


@dataclass(frozen=True)
class Grant:
    user: User
    role: Role
    council: Council | None


def grant_check(*, email: str, role: str, council_ons: str | None) -> Grant:
    """Check who, which role and (for a council role) which council, without writing."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise RoleRefused(
            f"No one has the e-mail address {email}: create them first "
            "(for the first administrator, `manage.py createsuperuser`)"
        )
    if role not in Role.values:
        raise RoleRefused(f"{role!r} is not a role; choose one of {', '.join(Role.values)}")
    chosen = Role(role)
    council = None
    if chosen in COUNCIL_ROLES:
        if not council_ons:
            raise RoleRefused(
                f"A {chosen.label.lower()} needs --council with the council's ONS code"
            )
        council = Council.objects.filter(ons_code=council_ons.strip().upper()).first()
        if council is None:
            raise RoleRefused(f"No council has the ONS code {council_ons}")
    elif council_ons:
        raise RoleRefused(f"A {chosen.label.lower()} is regional: leave out --council")
    return Grant(user=user, role=chosen, council=council)


@transaction.atomic
def membership_grant(*, grant: Grant) -> tuple[Membership, bool]:
    """Give the person the role (once: granting it again changes nothing)."""
    return Membership.objects.get_or_create(user=grant.user, role=grant.role, council=grant.council)
