"""What each person sees first, by role (pages.navigation.home_role): one home page per role,
each starting with what needs them now."""

import datetime
from typing import Any

from accounts.access import AnyUser
from accounts.models import Role
from pages.navigation import ANONYMOUS, home_role
from pages.selectors.council import (
    council_position,
    current_period,
    latest_teasc,
    own_councils,
    returns_due,
    your_council_get,
)
from pages.selectors.regional import (
    assessments_due,
    board_picture,
    planning_group_work,
    service_state,
)

__all__ = ["home_get", "your_council_get"]


def _lead(user: AnyUser, today: datetime.date) -> dict[str, Any]:
    councils = own_councils(user, (Role.PERFORMANCE_LEAD,))
    period = current_period(today)
    summaries = latest_teasc(councils)
    return {
        "period": period,
        "returns": returns_due(councils, period, today) if period else [],
        "figures": [(c, summaries.get(c.pk)) for c in councils],
    }


def _director(user: AnyUser, today: datetime.date) -> dict[str, Any]:
    councils = own_councils(user, (Role.DIRECTOR,))
    return {"positions": [council_position(c, today) for c in councils]}


def _planning_group(user: AnyUser, today: datetime.date) -> dict[str, Any]:
    return {"work": planning_group_work(fetched_by=user, period=current_period(today), today=today)}


def _risk_assessor(user: AnyUser, today: datetime.date) -> dict[str, Any]:
    year, rows = assessments_due(today)
    return {
        "year": year,
        "assessments": rows,
        "due": sum(1 for r in rows if r.is_due),
        **_planning_group(user, today),
    }


def _board_member(user: AnyUser, today: datetime.date) -> dict[str, Any]:
    return {"picture": board_picture(fetched_by=user)}


def _regional_admin(user: AnyUser, today: datetime.date) -> dict[str, Any]:
    return {"service": service_state(today=today), **_planning_group(user, today)}


def _anonymous(user: AnyUser, today: datetime.date) -> dict[str, Any]:
    return {}


HOMES = {
    Role.PERFORMANCE_LEAD: _lead,
    Role.DIRECTOR: _director,
    Role.PLANNING_GROUP: _planning_group,
    Role.RISK_ASSESSOR: _risk_assessor,
    Role.BOARD_MEMBER: _board_member,
    Role.REGIONAL_ADMIN: _regional_admin,
    ANONYMOUS: _anonymous,
}


def home_get(*, fetched_by: AnyUser, today: datetime.date) -> tuple[str, dict[str, Any]]:
    """The template and context of ``fetched_by``'s home page: their role's own."""
    role = home_role(fetched_by)
    context = HOMES[role](fetched_by, today)
    return f"pages/home_{role}.html", {"role": role, "today": today, **context}
