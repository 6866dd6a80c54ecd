"""Making the first regional administrator, and granting roles, from the command line."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from accounts.models import COUNCIL_ROLES, Membership, Role, User
from authorities.models import Council
from sli_portal.refusals import Refused


class RoleRefused(Refused):
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
            "(for the first administrator, `manage.py create_admin EMAIL --commit`)"
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


def administrator_check(*, email: str) -> str:
    """The address a new administrator account would have, checked without writing: a valid
    address that no account has (in any capitals), nor as its username."""
    address = User.objects.normalize_email(email.strip())
    try:
        validate_email(address)
    except ValidationError as exc:
        raise RoleRefused(
            f"{email!r} is not an e-mail address: give one like you@council.gov.uk"
        ) from exc
    taken = User.objects.filter(Q(email__iexact=address) | Q(username__iexact=address)).first()
    if taken is not None:
        raise RoleRefused(
            f"There is already an account for {taken.email or address}. To make it the regional "
            f"administrator: grant_role {taken.email or address} regional_admin --commit; to set "
            f"its password: changepassword {taken.username}"
        )
    return address


def administrator_password_check(*, email: str, password: str) -> None:
    """The portal's password rules (AUTH_PASSWORD_VALIDATORS) for a new administrator."""
    try:
        validate_password(password, User(username=email, email=email))
    except ValidationError as exc:
        raise RoleRefused(" ".join(exc.messages)) from exc


@transaction.atomic
def administrator_create(*, email: str, password: str) -> User:
    """Make an account that signs in with ``email`` and ``password``, may use Django's admin,
    and holds the regional administrator role: all of it or, if anything is refused, none."""
    address = administrator_check(email=email)
    administrator_password_check(email=address, password=password)
    user = User.objects.create_superuser(username=address, email=address, password=password)
    Membership.objects.create(user=user, role=Role.REGIONAL_ADMIN)
    return user
