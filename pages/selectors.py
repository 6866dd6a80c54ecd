"""What each person sees first, by role."""

from collections import Counter
from typing import Any

from django.utils import timezone

from accounts import access
from accounts.access import AnyUser
from accounts.models import Role
from authorities.models import Council
from returns.models import Period, Return
from returns.selectors import completeness_grid


def home_get(*, fetched_by: AnyUser) -> dict[str, Any]:
    """Context for the home page: a council's returns for open quarters, and for the Planning
    Group and administrator the region's completeness for the current quarter."""
    today = timezone.localdate()
    open_periods = list(Period.objects.open_on(today).order_by("-year", "-quarter"))
    context: dict[str, Any] = {"open_periods": open_periods, "today": today}
    own_ids = access.councils_of(fetched_by)
    if own_ids:
        councils = list(Council.objects.filter(pk__in=own_ids).order_by("name"))
        returns = {
            (r.council_id, r.period_id): r
            for r in Return.objects.filter(council__in=councils, period__in=open_periods)
        }
        context["own"] = [
            {"council": c, "items": [(p, returns.get((c.pk, p.pk))) for p in open_periods]}
            for c in councils
        ]
        context["may_upload"] = bool(access.councils_of(fetched_by, roles=[Role.PERFORMANCE_LEAD]))
    if access.can_view_completeness(fetched_by):
        period = (
            open_periods[0]
            if open_periods
            else Period.objects.order_by("-year", "-quarter").first()
        )
        if period is not None:
            _tiers, rows = completeness_grid(fetched_by=fetched_by, period=period, today=today)
            counts = Counter(row.cells[0].label for row in rows if row.cells)
            context["completeness"] = {
                "period": period,
                "counts": sorted(counts.items()),
                "total": len(rows),
            }
    return context
