"""Navigation by role, built from the access module's predicates."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from accounts import access


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    user = request.user
    items: list[tuple[str, str]] = [("Home", reverse("pages:home"))]
    items.append(("Scorecard", reverse("scorecard:overview")))
    items.append(("Council figures", reverse("scorecard:councils")))
    if user.is_authenticated:
        if access.may_act_at_all(user, "view_return"):
            items.append(("Returns", reverse("returns:list")))
            items.append(("Completeness", reverse("returns:completeness")))
        if access.may_act_at_all(user, "review_councils"):
            items.append(("Review", reverse("triggers:review")))
        elif access.may_act_at_all(user, "view_board_summary"):
            items.append(("Board summary", reverse("triggers:board_summary")))
        items.append(("Self-assessment", reverse("selfassessment:index")))
        items.append(("Support", reverse("support:index")))
    items.append(("Improvement plans", reverse("improvement_plans:index")))
    items.append(("Open data", reverse("opendata:index")))
    if user.is_authenticated:
        items.append(("Regional Account", reverse("reports:list")))
        if access.can_administer_portal(user):
            items.append(("Administration", reverse("operations:administration")))
        elif user.is_staff:
            items.append(("Administration", reverse("admin:index")))
        if access.can_view_audit_log(user):
            items.append(("Audit log", reverse("operations:access_log")))
    path = request.path
    matches = [url for _, url in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return {"nav_items": [NavItem(label, url, url == current) for label, url in items]}
