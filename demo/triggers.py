"""Demonstration concerns, loaded at the end of the demonstration data (`make run`).

Table 2 is loaded; a handful of concerns written by the demonstration Planning Group member are
taken through every state (raised, shared, responded, confirmed, closed) for several councils,
one of them in the board's summary; and the automatic triggers are evaluated on the latest
quarter in which enough councils have accepted demonstration returns. Every text written by a
"person" starts "Demonstration:". Running this twice changes nothing: a concern is recognised by
its council and title, and the evaluation raises nothing twice.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.users import PLANNER, SEFTON_LEAD, WIRRAL_DIRECTOR, users_ensure
from returns.models import Period
from triggers.automatic import triggers_evaluate
from triggers.models import Concern, Severity, Trigger, Visibility
from triggers.services.concerns import (
    concern_close,
    concern_confirm,
    concern_raise,
    concern_respond,
    concern_share,
)
from triggers.table2 import table2_load

# Council users who answer for their council (demo.users.DEMO_USERS).
RESPONDERS = {
    "E08000015": WIRRAL_DIRECTOR,
    "E08000014": SEFTON_LEAD,
}
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


DEMO_CONCERNS = [
    DemoConcern(
        "E08000015",
        "resources",
        4,
        "Turnover of senior managers in adult social care",
        "Demonstration: the HR Leads Group reports that three of the five senior managers in "
        "adult social care have left in the last nine months, two to neighbouring councils.",
        Severity.MEDIUM,
        12,
        "raised",
    ),
    DemoConcern(
        "E08000015",
        "stakeholders",
        2,
        "Annual safeguarding report not yet published",
        "Demonstration: the Safeguarding Adults Board's annual report for last year is not on "
        "the council's website and was not taken to scrutiny committee as planned.",
        Severity.LOW,
        40,
        "responded",
        note="Demonstration: could you tell us when the annual report will be published?",
        response="Demonstration: the report was delayed by a change of independent chair. It "
        "goes to the Board next month and will be published straight after.",
    ),
    DemoConcern(
        "E08000014",
        "stakeholders",
        1,
        "More complaints upheld by the Ombudsman",
        "Demonstration: the Local Government and Social Care Ombudsman upheld six complaints "
        "about home care charging this year, against one the year before.",
        Severity.MEDIUM,
        25,
        "shared",
        note="Demonstration: we would like to understand the rise in upheld complaints about "
        "charging, and what has changed since.",
    ),
    DemoConcern(
        "E08000014",
        "resources",
        1,
        "Higher than average cut to the prevention budget",
        "Demonstration: the NW Strategic Finance Leads Group notes a 14% cut to prevention "
        "services in this year's budget, against a regional average of 4%.",
        Severity.HIGH,
        70,
        "confirmed",
        note="Demonstration: please talk us through the prevention budget and its expected "
        "effect on demand for long-term care.",
        response="Demonstration: the cut reflects the end of a one-off grant; we are reshaping "
        "reablement to absorb it and expect no rise in admissions.",
        outcome="Demonstration: discussed with the director; the risk to admissions remains. "
        "Recommend a peer conversation on prevention (Table 1, support).",
        board_summary=True,
    ),
    DemoConcern(
        "E08000012",
        "other",
        3,
        "Slow progress after the LGA peer review",
        "Demonstration: the LGA regional lead reports little visible progress on the peer "
        "review's recommendations on commissioning eight months on.",
        Severity.MEDIUM,
        30,
        "shared",
        note="Demonstration: what progress has been made on the peer review's commissioning "
        "recommendations?",
    ),
    DemoConcern(
        "E08000001",
        "other",
        6,
        "Change of political control",
        "Demonstration: the council changed political control in May; the new cabinet has "
        "announced a review of all discretionary spending.",
        Severity.LOW,
        90,
        "closed",
        outcome="Demonstration: the new lead member has confirmed that adult social care "
        "budgets are protected; no concern for now.",
    ),
]


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
        for spec in DEMO_CONCERNS:
            _demo_concern(spec, planner, councils)
    period = _evaluated_period()
    if period is not None:
        triggers_evaluate(period=period)
