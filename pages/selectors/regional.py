"""What the region's people see first: the Planning Group's work waiting (MoU 2.1 b), the risk
assessor's assessments due, the Board's Regional Account (DOMAIN.md 8) and the administrator's
running of the service. Every read is one grouped query, whatever the number of councils."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from accounts import access
from accounts.access import AnyUser
from accounts.models import Membership, Role, User
from authorities.models import Council
from operations.models import Job, JobState
from reports.models import KeyMessage, RegionalAccount, Status, Topic
from returns.models import Period, Return, ReturnStatus
from scorecard.models import Judgement, Rating
from selfassessment.models import SelfAssessment, SelfAssessmentStatus
from sli_portal.financial_years import financial_year_of
from triggers.models import (
    AgendaItem,
    Concern,
    ConcernStatus,
    Meeting,
    RiskAssessment,
    Visibility,
)
from triggers.selectors.queue import QueueFilters, QueueRow, review_queue

DONE = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
FAILED_JOBS_DAYS = 7


@dataclass(frozen=True)
class PlanningGroupWork:
    councils_in_queue: int
    open_concerns: int
    new_concerns: int
    # The first councils of the review queue, in its order: the Planning Group's priority, then
    # the most recent new evidence (never a count).
    top: list[QueueRow]
    last_meeting: Meeting | None
    next_meeting: Meeting | None
    decisions_due: list[AgendaItem]
    period: Period | None
    late: list[Council]
    to_moderate: list[SelfAssessment]
    accounts_to_check: list[RegionalAccount]


def late_returns(period: Period | None, today: datetime.date) -> list[Council]:
    """Councils active in ``period`` whose return is neither submitted nor accepted after its
    deadline (one query)."""
    if period is None or period.deadline >= today:
        return []
    done = Return.objects.filter(period=period, status__in=DONE).values("council_id")
    return list(
        Council.objects.active_between(period.starts_on, period.ends_on)
        .exclude(pk__in=done)
        .order_by("name")
    )


def planning_group_work(
    *, fetched_by: AnyUser, period: Period | None, today: datetime.date
) -> PlanningGroupWork:
    """The review queue's summary (its first councils in the queue's own order), the meetings, decisions still to record, late returns,
    self-assessments waiting for moderation and Account versions ready to check (nine queries)."""
    queue = review_queue(fetched_by=fetched_by, filters=QueueFilters(), today=today)
    return PlanningGroupWork(
        councils_in_queue=len(queue.rows),
        open_concerns=sum(row.total for row in queue.rows),
        new_concerns=sum(len(row.new) for row in queue.rows),
        top=queue.rows[:5],
        last_meeting=queue.last_meeting,
        next_meeting=Meeting.objects.filter(held_on__gte=today).order_by("held_on", "pk").first(),
        decisions_due=list(
            AgendaItem.objects.filter(decision="", meeting__held_on__lte=today)
            .select_related("meeting", "council")
            .order_by("meeting__held_on", "order", "pk")
        ),
        period=period,
        late=late_returns(period, today),
        to_moderate=list(
            SelfAssessment.objects.filter(status=SelfAssessmentStatus.SUBMITTED)
            .select_related("review", "council")
            .order_by("review__year", "review__title", "council__name")
        ),
        accounts_to_check=list(
            RegionalAccount.objects.filter(status=Status.RENDERED).order_by("-year", "-number")
        ),
    )


@dataclass(frozen=True)
class AssessmentDue:
    council: Council
    assessment: RiskAssessment | None

    @property
    def state(self) -> str:
        if self.assessment is None:
            return "Not started"
        if not self.assessment.final_view:
            return "Started: no final view yet"
        if self.assessment.shared_with_council_at is None:
            return "Final view recorded: not shared with the council"
        return "Shared with the council"

    @property
    def is_due(self) -> bool:
        return self.assessment is None or self.assessment.shared_with_council_at is None


def assessments_due(today: datetime.date) -> tuple[int, list[AssessmentDue]]:
    """This financial year's annual risk assessment (MoU 2.1 b) for each council active today,
    those not yet shared with the council first (two queries)."""
    year = financial_year_of(today)
    councils = list(Council.objects.active_on(today).order_by("name"))
    found = {
        a.council_id: a for a in RiskAssessment.objects.filter(year=year, council__in=councils)
    }
    rows = [AssessmentDue(council=c, assessment=found.get(c.pk)) for c in councils]
    return year, sorted(rows, key=lambda r: (not r.is_due, r.council.name))


@dataclass(frozen=True)
class BoardPicture:
    account: RegionalAccount | None
    key_messages: list[tuple[str, str]]
    built_from: list[str]
    period: Period | None
    councils: int
    rating_counts: list[tuple[str, int]]
    board_concerns: int


def published_key_messages(account: RegionalAccount) -> list[tuple[str, str]]:
    """The Planning Group's key messages as the published version prints them: each topic's
    wording as it stood when the version was assembled (one query), in the Account's order."""
    as_published = {
        m.topic: m.text
        for m in KeyMessage.history.as_of(account.started_at or account.generated_at).filter(
            year=account.year
        )
    }
    return [(label, as_published[t]) for t, label in Topic.choices if t in as_published]


def built_from(account: RegionalAccount) -> list[str]:
    """What the published Account was built from, in words, from its manifest: the figures are
    those of the Account as published, not today's."""
    manifest: dict[str, Any] = account.manifest or {}
    councils = len(manifest.get("councils", []))
    as_at = account.period_label or manifest.get("as_at", "")
    accepted = sum(
        1 for key in manifest.get("accepted_return_versions", {}) if key.endswith(str(as_at))
    )
    messages = [
        f"The Account covers {councils} councils for {account.scope_label}, "
        f"with figures as at {as_at}.",
        f"{len(manifest.get('accepted_return_versions', {}))} accepted quarterly returns "
        f"are in it{f', {accepted} of them for {as_at}' if accepted else ''}.",
        f"{len(manifest.get('judgements_published_at', {}))} published scorecard judgements "
        f"(six risk domains for each council and quarter compared).",
        f"{len(manifest.get('local_accounts_changed_at', {}))} councils' Local Accounts and "
        f"{len(manifest.get('narratives_published_at', {}))} published narratives.",
    ]
    return messages


def board_picture(*, fetched_by: AnyUser) -> BoardPicture:
    """The latest published Regional Account first, then the regional picture: the latest
    quarter's published ratings counted by rating, and the concerns in the Board's summary
    (five queries)."""
    account = RegionalAccount.objects.latest_published()
    latest = (
        Judgement.objects.filter(published_at__isnull=False)
        .select_related("period")
        .order_by("-period__year", "-period__quarter")
        .first()
    )
    period = latest.period if latest else None
    counts: Counter[str] = Counter(
        Judgement.objects.filter(period=period, published_at__isnull=False)
        .order_by()
        .values_list("published_rating", flat=True)
    )
    board = Concern.objects.filter(visibility=Visibility.BOARD_SUMMARY).exclude(
        status__in=(ConcernStatus.RAISED, ConcernStatus.CLOSED)
    )
    return BoardPicture(
        account=account,
        key_messages=published_key_messages(account) if account else [],
        built_from=built_from(account) if account else [],
        period=period,
        councils=Council.objects.active_between(period.starts_on, period.ends_on).count()
        if period
        else 0,
        rating_counts=[(label, counts[value]) for value, label in Rating.choices if counts[value]],
        board_concerns=board.count()
        if access.may_act_at_all(fetched_by, "view_board_summary")
        else 0,
    )


@dataclass(frozen=True)
class ServiceState:
    failed_jobs: list[Job]
    waiting_jobs: int
    roles: list[tuple[str, int]]
    people: int
    people_without_role: int
    days: int = FAILED_JOBS_DAYS


def service_state(*, today: datetime.date) -> ServiceState:
    """The administrator's view: jobs failed in the last week and jobs waiting, people and the
    roles they hold (five queries)."""
    since = today - datetime.timedelta(days=FAILED_JOBS_DAYS)
    labels = dict(Role.choices)
    roles = (
        Membership.objects.order_by().values_list("role").annotate(n=Count("pk")).order_by("role")
    )
    return ServiceState(
        failed_jobs=list(
            Job.objects.filter(state=JobState.FAILED, finished_at__date__gte=since).order_by(
                "-finished_at"
            )[:10]
        ),
        waiting_jobs=Job.objects.filter(state=JobState.QUEUED).count(),
        roles=[(labels.get(role, role), n) for role, n in roles],
        people=User.objects.filter(is_active=True).count(),
        people_without_role=User.objects.filter(is_active=True, memberships__isnull=True).count(),
    )
