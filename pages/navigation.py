"""The service navigation, one list per role: the one place a page is added to a role's menu.

Each role's list holds only what that role uses, at most six items so the GOV.UK service
navigation stays on one row at desktop widths (1280 px). Everything else a role may open is
reached from its home page (tests/pages/test_reachability.py follows the links to prove it).
Adding a page to a menu is one line: ``NavLink("Label", "app:url_name")`` in the role's list.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from accounts import access
from accounts.access import AnyUser
from accounts.models import Role

ANONYMOUS = "anonymous"
MAX_ITEMS = 6

# The role a person's home page and menu are built for when they hold more than one: the
# widest view of the region first.
ROLE_PRECEDENCE: tuple[str, ...] = (
    Role.REGIONAL_ADMIN,
    Role.PLANNING_GROUP,
    Role.RISK_ASSESSOR,
    Role.BOARD_MEMBER,
    Role.DIRECTOR,
    Role.PERFORMANCE_LEAD,
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


NAVIGATION: dict[str, tuple[NavLink, ...]] = {
    ANONYMOUS: (
        NavLink("Scorecard", "scorecard:overview"),
        NavLink("Council figures", "scorecard:councils"),
        NavLink("Improvement plans", "improvement_plans:index"),
        NavLink("Open data", "opendata:index"),
    ),
    Role.PERFORMANCE_LEAD: (
        NavLink("Your council", "pages:your_council"),
        NavLink("Returns", "returns:list"),
        NavLink("Council figures", "scorecard:councils"),
        NavLink("Self-assessment", "selfassessment:index"),
        NavLink("Improvement plans", "improvement_plans:index"),
        NavLink("Support", "support:index"),
    ),
    Role.DIRECTOR: (
        NavLink("Your council", "pages:your_council"),
        NavLink("Returns", "returns:list"),
        NavLink("Scorecard", "scorecard:overview"),
        NavLink("Self-assessment", "selfassessment:index"),
        NavLink("Improvement plans", "improvement_plans:index"),
        NavLink("Support", "support:index"),
    ),
    Role.PLANNING_GROUP: (
        NavLink("Review", "triggers:review"),
        NavLink("Returns", "returns:completeness"),
        NavLink("Scorecard", "scorecard:overview"),
        NavLink("Self-assessment", "selfassessment:index"),
        NavLink("Support", "support:index"),
        NavLink("Regional Account", "reports:list"),
    ),
    Role.RISK_ASSESSOR: (
        NavLink("Self-checks", "triggers:self_checks"),
        NavLink("Concerns", "triggers:concerns"),
        NavLink("Returns", "returns:completeness"),
        NavLink("Scorecard", "scorecard:overview"),
        NavLink("Support", "support:index"),
        NavLink("Regional Account", "reports:list"),
    ),
    Role.BOARD_MEMBER: (
        NavLink("Regional Account", "reports:list"),
        NavLink("Scorecard", "scorecard:overview"),
        NavLink("Board summary", "triggers:board_summary"),
        NavLink("Council figures", "scorecard:councils"),
        NavLink("Improvement plans", "improvement_plans:index"),
        NavLink("Support", "support:index"),
    ),
    Role.REGIONAL_ADMIN: (
        NavLink("Returns", "returns:completeness"),
        NavLink("Review", "triggers:review"),
        NavLink("Scorecard", "scorecard:overview"),
        NavLink("Regional Account", "reports:list"),
        NavLink("Audit log", "operations:access_log"),
        NavLink("Administration", "operations:administration"),
    ),
}


def home_role(user: AnyUser) -> str:
    """The role whose home page and menu ``user`` sees: anonymous, or the first role of
    :data:`ROLE_PRECEDENCE` they hold."""
    held = {role for role, _council in access.memberships(user)}
    return next((role for role in ROLE_PRECEDENCE if role in held), ANONYMOUS)


def navigation_items(user: AnyUser, path: str) -> list[NavItem]:
    """The role's menu, the item whose address is the longest prefix of ``path`` marked as the
    current one."""
    links = [(link.label, reverse(link.url_name)) for link in NAVIGATION[home_role(user)]]
    matches = [url for _, url in links if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [NavItem(label, url, url == current) for label, url in links]


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    """Template context processor: ``nav_items`` for the base template."""
    return {"nav_items": navigation_items(request.user, request.path)}
