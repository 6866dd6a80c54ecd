"""Demonstration concerns, loaded at the end of the demonstration data (`make run`).

Table 2 is loaded; a handful of concerns written by the demonstration Planning Group member
(demo/data/concerns.json) are taken through every state (raised, shared, responded, confirmed,
closed) for several councils, one of them in the board's summary; and the automatic triggers
are evaluated on the latest quarter in which enough councils have accepted demonstration
returns, and those found only on published figures on the latest quarter those figures
support. Every text written by a "person" starts "Demonstration:". Running this twice changes
nothing: a concern is recognised by its council and title, and the evaluation raises nothing
twice.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.tables import demo_table
from demo.users import PLANNER, SEFTON_LEAD, WIRRAL_DIRECTOR, users_ensure
from returns.models import Period
from triggers.automatic.evaluation import triggers_evaluate
from triggers.automatic.published import published_periods
from triggers.models import Concern, Trigger, Visibility
from triggers.services.concerns import (
    concern_close,
    concern_confirm,
    concern_raise,
    concern_respond,
    concern_share,
)
from triggers.table2 import table2_load

# Council users who answer for their council (demo.users.DEMO_USERS).
RESPONDERS = {"E08000015": WIRRAL_DIRECTOR, "E08000014": SEFTON_LEAD}
# Enough councils with accepted figures for the comparators to band them (a group of 8).
MIN_COUNCILS = 8


@dataclass(frozen=True)
class DemoConcern:
    council_code: str
    quadrant: str
    order: int
    title: str
    evidence: str
    severity: str
    days_ago: int
    state: str  # raised, shared, responded, confirmed or closed
    note: str = ""
    response: str = ""
    outcome: str = ""
    board_summary: bool = False


def demo_concerns() -> list[DemoConcern]:
    """The concerns of ``demo/data/concerns.json``."""
    return [DemoConcern(**row) for row in demo_table("concerns")]


def _planner() -> User:
    planner = User.objects.filter(email=PLANNER).first()
    if planner is None:
        users_ensure()
        planner = User.objects.get(email=PLANNER)
    return planner


def _demo_concern(spec: DemoConcern, planner: User, councils: dict[str, Council]) -> None:
    council = councils.get(spec.council_code)
    if council is None or Concern.objects.filter(council=council, title=spec.title).exists():
        return
    trigger = Trigger.objects.get(quadrant__key=spec.quadrant, order=spec.order)
    concern = concern_raise(
        council=council,
        trigger=trigger,
        title=spec.title,
        evidence=spec.evidence,
        links=[],
        source=trigger.source,
        raised_on=timezone.localdate() - datetime.timedelta(days=spec.days_ago),
        severity=spec.severity,
        visibility=Visibility.PLANNING_GROUP,
        raised_by=planner,
    )
    if spec.state in ("shared", "responded", "confirmed"):
        concern_share(concern=concern, shared_by=planner, note=spec.note)
    responder = User.objects.filter(email=RESPONDERS.get(spec.council_code, "")).first()
    if spec.state in ("responded", "confirmed") and responder is not None:
        concern_respond(concern=concern, response=spec.response, responded_by=responder)
    if spec.state == "confirmed":
        concern_confirm(
            concern=concern, by=planner, reason=spec.outcome, board_summary=spec.board_summary
        )
    if spec.state == "closed":
        concern_close(concern=concern, by=planner, reason=spec.outcome)


def _evaluated_period() -> Period | None:
    """The latest quarter in which enough councils have accepted returns (2023/24 Q4)."""
    return (
        Period.objects.annotate(
            accepted=Count("returns", filter=Q(returns__accepted_version__isnull=False))
        )
        .filter(accepted__gte=MIN_COUNCILS)
        .order_by("-year", "-quarter")
        .first()
    )


def triggers_demo_load() -> None:
    """Table 2, demonstration concerns in every state and the automatic triggers evaluated on
    the demonstration figures. Idempotent."""
    table2_load()
    planner = _planner()
    councils = {c.ons_code: c for c in Council.objects.all()}
    with transaction.atomic():
        for spec in demo_concerns():
            _demo_concern(spec, planner, councils)
    period = _evaluated_period()
    if period is not None:
        triggers_evaluate(period=period)
    for kind, latest in published_periods():
        triggers_evaluate(period=latest, kinds={kind})
    _demo_review(planner)


# The demonstration Planning Group keeps a council in its queue for automatic findings alone
# when they are of high severity on at least this many measures.
SERIOUS_MEASURES = 5


def _demo_review(planner: User) -> None:
    """What a reasonable Planning Group makes of the flags: a council with a concern raised by
    a person, or with high-severity findings on at least :data:`SERIOUS_MEASURES` measures,
    stays in the queue, with a priority and the reason for it;
    the automatic flags of any other council are closed with the reason (they are raised again
    only on new evidence). A council that no longer exists (Cumbria) keeps its flags as history,
    outside the queue. Idempotent: a second run changes nothing."""
    from triggers.models import ConcernStatus, Priority, ReviewPriority, Severity
    from triggers.services.queue import queue_close, review_priority_set

    active = Council.objects.active_on(timezone.localdate())
    open_flags = list(
        Concern.objects.in_queue().filter(council__in=active).select_related("council")
    )
    measures: dict[int, set[str]] = {}
    for c in open_flags:
        if c.is_automatic and c.severity == Severity.HIGH:
            measures.setdefault(c.council_id, set()).update(
                str(item.get("subject", "")) for item in c.evidence_items
            )
    kept = {
        c.council_id
        for c in open_flags
        if not c.is_automatic
        or c.status != ConcernStatus.RAISED
        or len(measures.get(c.council_id, ())) >= SERIOUS_MEASURES
    }
    dismissed = sorted({c.council for c in open_flags if c.council_id not in kept}, key=str)
    if dismissed:
        queue_close(
            councils=dismissed,
            reason="Reviewed by the Planning Group: automatic findings on fewer than "
            f"{SERIOUS_MEASURES} measures, explained by the council's performance lead; "
            "nothing to discuss until there is new evidence.",
            closed_by=planner,
        )
    for council in Council.objects.filter(pk__in=kept).order_by("name"):
        if ReviewPriority.objects.filter(council=council).exists():
            continue
        flags = [c for c in open_flags if c.council_id == council.pk]
        person = [c for c in flags if not c.is_automatic]
        priority = Priority.WITH_COUNCIL if person else Priority.NEXT_MEETING
        serious = [c for c in flags if c.severity == Severity.HIGH]
        first = (person or serious or flags)[0]
        review_priority_set(
            councils=[council],
            priority=priority,
            reason=f"{first.title}: "
            + (
                "soft intelligence to discuss with the council."
                if person
                else "a serious automatic finding to discuss at the next meeting."
            ),
            set_by=planner,
        )
