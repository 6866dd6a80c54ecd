"""Demonstration data for the Planning Group's review, loaded by the demo after the users:
last year's risk assessment of Wirral complete (its discussion recorded, the final view taken
and shared with the council), this year's assessment of Sefton in progress, a past Planning
Group meeting with decisions, and Wirral's self-check shared with the Planning Group. The
assessments consider each council's open concerns: those of demo.triggers where it has run
first, otherwise a few of this module's own.

Every text says it is demonstration data; nobody has assessed these councils. Everything is
written through the services, so it carries its history. Running this twice changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from demo.tables import DEMO
from demo.users import ASSESSOR, PLANNER, WIRRAL_DIRECTOR
from sli_portal.financial_years import financial_year_of
from triggers.models import (
    Concern,
    Decision,
    Meeting,
    RiskAssessment,
    RiskView,
    SelfCheck,
    SelfCheckAnswer,
    Severity,
    SupportTier,
    Trigger,
    Visibility,
)
from triggers.services.concerns import concern_raise, concern_share
from triggers.services.review import (
    DecisionEntry,
    agenda_decisions_record,
    meeting_create,
    risk_assessment_conclude,
    risk_assessment_discussion_record,
    risk_assessment_record,
    risk_assessment_share,
    self_check_save,
    self_check_share,
)
from triggers.table2 import table2_load

MEETING_TITLE = "SLI Planning Group (demonstration)"
# By council: (quadrant key, trigger order, title, severity, shared with the council)
CONCERNS = {
    "wirral": [
        ("resources", 4, "high turnover of senior staff", Severity.HIGH, True),
        ("other", 4, "Local Account vague about next year's plans", Severity.MEDIUM, False),
    ],
    "sefton": [("resources", 1, "raised eligibility criteria proposed", Severity.MEDIUM, False)],
}


def review_demo_load() -> None:
    """Load the review's demonstration data (idempotent)."""
    table2_load()
    users = {
        u.email: u for u in User.objects.filter(email__in=[PLANNER, ASSESSOR, WIRRAL_DIRECTOR])
    }
    if len(users) < 3:
        return
    planner, assessor, director = users[PLANNER], users[ASSESSOR], users[WIRRAL_DIRECTOR]
    councils = {
        c.slug: c for c in Council.objects.filter(slug__in=["wirral", "sefton", "blackpool"])
    }
    this_year = financial_year_of(timezone.localdate())
    with transaction.atomic():
        concerns = _concerns(councils, planner, raised_on=datetime.date(this_year, 1, 10))
        _complete_assessment(councils["wirral"], this_year - 1, concerns, assessor)
        _assessment_in_progress(councils["sefton"], this_year, concerns, assessor)
        _meeting(councils, planner)
        _self_check(councils["wirral"], this_year, director)


def _concerns(
    councils: dict[str, Council], planner: User, *, raised_on: datetime.date
) -> dict[str, list[Concern]]:
    """Each council's open concerns (those of the concerns demonstration, where it has run);
    a council with none gets this module's demonstration concerns."""
    made: dict[str, list[Concern]] = {}
    for slug in ("wirral", "sefton"):
        council = councils[slug]
        made[slug] = list(Concern.objects.filter(council=council).open().order_by("pk"))
        if made[slug]:
            continue
        for quadrant, order, title, severity, shared in CONCERNS[slug]:
            concern = concern_raise(
                council=council,
                trigger=Trigger.objects.get(quadrant__key=quadrant, order=order),
                title=f"{DEMO} {title}",
                evidence=f"{DEMO} soft intelligence invented to show the review pages.",
                links=[],
                source="Demonstration",
                raised_on=raised_on,
                severity=severity,
                visibility=Visibility.PLANNING_GROUP,
                raised_by=planner,
            )
            if shared:
                concern = concern_share(
                    concern=concern,
                    shared_by=planner,
                    note=f"{DEMO} we would like to discuss this at the annual risk assessment.",
                )
            made[slug].append(concern)
    return made


def _complete_assessment(
    council: Council, year: int, concerns: dict[str, list[Concern]], assessor: User
) -> None:
    if RiskAssessment.objects.filter(council=council, year=year).exists():
        return
    assessment = risk_assessment_record(
        council=council, year=year, concerns=concerns[council.slug], recorded_by=assessor
    )
    assessment = risk_assessment_discussion_record(
        assessment=assessment,
        discussed_on=datetime.date(year + 1, 2, 14),
        participants=f"{DEMO} the risk assessor; the council's Director of Adult Social Services "
        "and its performance lead.",
        record=f"{DEMO} we discussed the turnover of senior staff and the Local Account. The "
        "council described its recruitment plan and a new Local Account due in the summer.",
        council_position=f"{DEMO} the council accepts the concern about senior staff and "
        "would welcome peer mentoring for its new heads of service.",
        recorded_by=assessor,
    )
    assessment = risk_assessment_conclude(
        assessment=assessment,
        final_view=RiskView.MEDIUM,
        rationale=f"{DEMO} a stable service with one serious concern about leadership capacity, "
        "which the council recognises and is acting on.",
        recommended_tier=SupportTier.TARGETED,
        recommendation=f"{DEMO} peer mentoring for the new heads of service, and shadowing.",
        concluded_by=assessor,
    )
    risk_assessment_share(assessment=assessment, shared_by=assessor)


def _assessment_in_progress(
    council: Council, year: int, concerns: dict[str, list[Concern]], assessor: User
) -> None:
    if RiskAssessment.objects.filter(council=council, year=year).exists():
        return
    risk_assessment_record(
        council=council, year=year, concerns=concerns[council.slug], recorded_by=assessor
    )


def _meeting(councils: dict[str, Council], planner: User) -> None:
    if Meeting.objects.filter(title=MEETING_TITLE).exists():
        return
    meeting = meeting_create(
        held_on=timezone.localdate() - datetime.timedelta(days=14),
        title=MEETING_TITLE,
        councils=[councils["wirral"], councils["sefton"], councils["blackpool"]],
        created_by=planner,
    )
    decisions = {
        "wirral": (Decision.RECOMMEND_SUPPORT, f"{DEMO} peer mentoring for new senior staff."),
        "sefton": (Decision.DISCUSS, f"{DEMO} ask the council about its eligibility proposal."),
        "blackpool": (Decision.NO_ACTION, ""),
    }
    agenda_decisions_record(
        meeting=meeting,
        decisions=[
            DecisionEntry(item, *decisions[item.council.slug])
            for item in meeting.items.select_related("council")
        ],
        decided_by=planner,
    )


def _self_check(council: Council, year: int, director: User) -> None:
    if SelfCheck.objects.filter(council=council, year=year).exists():
        return
    answers = {}
    for trigger in Trigger.objects.filter(active=True).select_related("quadrant"):
        if trigger.quadrant.key == "resources" and trigger.order == 4:
            answers[trigger] = (
                SelfCheckAnswer.Answer.CONCERN,
                f"{DEMO} three of five heads of service are interim.",
            )
        elif trigger.quadrant.key == "other" and trigger.order == 4:
            answers[trigger] = (
                SelfCheckAnswer.Answer.WATCH,
                f"{DEMO} next year's Local Account is being rewritten.",
            )
        else:
            answers[trigger] = (SelfCheckAnswer.Answer.NO_CONCERN, "")
    check = self_check_save(council=council, year=year, answers=answers, saved_by=director)
    self_check_share(self_check=check, shared_by=director)
