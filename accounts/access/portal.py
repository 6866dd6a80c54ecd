"""Running the portal: the audit trail, health, notifications, two-factor sign-in and open
data."""

from accounts.access.roles import AnyUser, has_role, register_rule
from accounts.models import Role


def can_view_audit_log(user: AnyUser) -> bool:
    """Who viewed or downloaded confidential material and who changed what: the regional
    administrator only."""
    return has_role(user, Role.REGIONAL_ADMIN)


def can_import_national_data(user: AnyUser) -> bool:
    """Uploading published national files (ASCOF, Oflog) and reading the record of imports:
    the regional administrator only."""
    return has_role(user, Role.REGIONAL_ADMIN)


def can_administer_portal(user: AnyUser) -> bool:
    """Opening and closing quarters, setting their deadlines, inviting people and giving or
    removing their roles: the regional administrator only."""
    return has_role(user, Role.REGIONAL_ADMIN)


def can_check_health(user: AnyUser) -> bool:
    """The health endpoint answers anyone, so a load balancer or monitor can ask it; it says
    only whether the database, Redis and the workers answer, never what they hold."""
    return True


def can_choose_notifications(user: AnyUser) -> bool:
    """Every signed-in person chooses which e-mails they receive, for themselves only."""
    return user.is_authenticated


def may_use_two_factor(user: AnyUser) -> bool:
    """Two-factor sign-in is offered to the Planning Group (and risk assessors) and the
    regional administrator: the people who see confidential judgements about councils."""
    return has_role(user, Role.PLANNING_GROUP, Role.RISK_ASSESSOR, Role.REGIONAL_ADMIN)


def can_read_open_data(user: AnyUser) -> bool:
    """Open data is what is already published, so anyone, signed in or not, may read it. What
    is published is decided by the selectors the public pages use, not here."""
    return True


register_rule("can_view_audit_log", can_view_audit_log)
register_rule("can_administer_portal", can_administer_portal)
register_rule("may_use_two_factor", may_use_two_factor)
