"""The regional administrator's writes about people: inviting someone, giving and removing
roles. Each is atomic and attributed (the role's history row names who gave or removed it, so
the audit log's "who changed what" shows it), and the person is e-mailed through
``notifications.notify`` once the change commits."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from accounts.models import COUNCIL_ROLES, Membership, Role, User
from authorities.models import Council
from notifications.models import Kind
from notifications.services import notify
from operations.roles import RoleRefused
from sli_portal.history import set_history_user


def role_check(*, role: str, council: Council | None) -> tuple[Role, Council | None]:
    """The role, and the council it is held for: a council role needs one, a regional role
    has none."""
    if role not in Role.values:
        raise RoleRefused("Choose a role", field="role")
    chosen = Role(role)
    if chosen in COUNCIL_ROLES and council is None:
        raise RoleRefused(
            f"Choose the council the {chosen.label.lower()} works for", field="council"
        )
    if chosen not in COUNCIL_ROLES and council is not None:
        raise RoleRefused(
            f"A {chosen.label.lower()} works for the whole region: leave the council empty",
            field="council",
        )
    return chosen, council


def _where(membership: Membership) -> str:
    return membership.council.name if membership.council else "the North West region"


def _tell(membership: Membership, *, invited: bool) -> None:
    """E-mail the person about the role (once per role given: the key is the membership)."""
    role = membership.get_role_display().lower()
    first = (
        f"You have been invited to the North West SLI Portal as {role} for {_where(membership)}."
        if invited
        else f"You have been given the role of {role} for {_where(membership)}."
    )
    paragraphs = [first]
    if invited:
        paragraphs.append(
            "To choose your password, open the link below and enter this e-mail address: we "
            "will e-mail you a link to set it. Then sign in with this address."
        )
    notify(
        kind=Kind.ROLE_GIVEN,
        key=f"membership-{membership.pk}",
        subject="You have been invited to the SLI Portal" if invited else "A new role for you",
        paragraphs=paragraphs,
        path=reverse("accounts:password_reset") if invited else reverse("pages:home"),
        users=[membership.user],
    )


def _give(user: User, role: Role, council: Council | None, by: User) -> Membership:
    if Membership.objects.filter(user=user, role=role, council=council).exists():
        raise RoleRefused(
            f"{user} is already {role.label.lower()} for "
            f"{council.name if council else 'the region'}",
            field="role",
        )
    membership = Membership(user=user, role=role, council=council)
    set_history_user(membership, by)
    membership.save()
    return membership


@transaction.atomic
def person_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    council: Council | None,
    by: User,
) -> Membership:
    """Make an account for ``email`` (no password: they choose one through the password reset
    the invitation links to) holding ``role``, and e-mail them the invitation. Refused, with
    nothing written, for an address someone already has (in any capitals)."""
    address = User.objects.normalize_email(email.strip())
    try:
        validate_email(address)
    except ValidationError as exc:
        raise RoleRefused(
            "Enter an e-mail address in the right format, like name@council.gov.uk",
            field="email",
        ) from exc
    if User.objects.filter(email__iexact=address).exists():
        raise RoleRefused(
            f"Someone already has the address {address}: give them the role from their page "
            "in the list of people",
            field="email",
        )
    if not first_name.strip() or not last_name.strip():
        raise RoleRefused("Enter the person's first and last names", field="first_name")
    chosen, where = role_check(role=role, council=council)
    user = User(
        username=address, email=address, first_name=first_name.strip(), last_name=last_name.strip()
    )
    user.set_unusable_password()
    user.save()
    membership = _give(user, chosen, where, by)
    _tell(membership, invited=True)
    return membership


@transaction.atomic
def membership_give(*, user: User, role: str, council: Council | None, by: User) -> Membership:
    """Give ``user`` a role (refused if they already hold it there) and e-mail them."""
    chosen, where = role_check(role=role, council=council)
    membership = _give(user, chosen, where, by)
    _tell(membership, invited=False)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Take a role away; its history row records who removed it. The administrator cannot
    remove their own administrator role (someone else must, so the region is never left
    without one by mistake)."""
    if membership.user_id == by.pk and membership.role == Role.REGIONAL_ADMIN:
        raise RoleRefused(
            "You cannot remove your own administrator role: ask another regional administrator"
        )
    set_history_user(membership, by)
    membership.delete()
