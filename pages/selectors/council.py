"""What a council's own people see first: the performance lead's return for this quarter and the
director's view of the council's position, and the 'Your council' area holding what the Planning
Group has shared with the council (MoU 2.1 b, h). Fixed queries whatever the number of councils
in the region: every read is by the reader's own councils."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from accounts import access
from accounts.access import AnyUser
from accounts.models import Role
from authorities.models import Council
from improvement_plans.models import Action, Plan, ProgressStatus
from returns.models import (
    Period,
    Return,
    ReturnStatus,
    ReturnUpload,
    ReturnVersion,
    UploadState,
)
from scorecard.models import Judgement, TeascComparator, TeascSummary
from scorecard.selectors.demonstration import is_demonstration_for
from sli_portal.financial_years import financial_year_of, year_label
from support.models import Engagement, EngagementStatus
from triggers.models import Concern, ConcernStatus, RiskAssessment, SelfCheck
from triggers.selectors.concerns import SHARED_WITH_COUNCIL

ACTIVE_SUPPORT = (EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS, EngagementStatus.MATCHED)


@dataclass(frozen=True)
class ReturnDue:
    """This quarter's return for one council, as the performance lead needs it now."""

    council: Council
    period: Period
    return_obj: Return | None
    latest_version: int | None
    latest_upload: ReturnUpload | None
    today: datetime.date
    # Measures without a figure in the latest version: a partial version cannot be submitted.
    latest_blank_count: int = 0

    @property
    def days_to_deadline(self) -> int:
        return (self.period.deadline - self.today).days

    @property
    def status_words(self) -> str:
        """Due, overdue, submitted, accepted or reopened: the return's standing in words."""
        status = self.return_obj.status if self.return_obj else ReturnStatus.DRAFT
        if status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.REOPENED):
            return ReturnStatus(status).label
        return "Overdue" if self.days_to_deadline < 0 else "Due"

    @property
    def deadline_words(self) -> str:
        days = self.days_to_deadline
        if days < 0:
            return f"{-days} day{'s' if days != -1 else ''} overdue"
        if days == 0:
            return "due today"
        return f"{days} day{'s' if days != 1 else ''} left"

    @property
    def problems(self) -> list[dict[str, str]]:
        """The problems of the latest upload when it was refused: what there is to fix."""
        upload = self.latest_upload
        if upload is None or upload.state != UploadState.INVALID:
            return []
        return list(upload.problems)

    @property
    def may_submit_latest(self) -> bool:
        """Whether the next step is submitting the latest version from the return page: it is
        complete and the return is neither submitted nor accepted."""
        locked = self.return_obj is not None and self.return_obj.is_locked
        return bool(self.latest_version) and not self.latest_blank_count and not locked


@dataclass(frozen=True)
class CouncilPosition:
    """A council's position for its director: published ratings, concerns awaiting a response,
    the risk assessment, the self-check, the plan's progress and the support in place."""

    council: Council
    ratings_period: Period | None
    ratings: list[Judgement]
    awaiting_response: list[Concern]
    shared_concerns: int
    assessment: RiskAssessment | None
    self_check: SelfCheck | None
    plans: list[tuple[Plan, list[tuple[str, int]]]]
    support: list[Engagement]
    teasc: TeascSummary | None
    year: int

    @property
    def year_label(self) -> str:
        return year_label(self.year)


def own_councils(user: AnyUser, roles: tuple[str, ...] = tuple(Role)) -> list[Council]:
    """The councils where ``user`` holds a council role, by name (one query)."""
    return list(Council.objects.filter(pk__in=access.councils_of(user, roles)).order_by("name"))


def current_period(today: datetime.date) -> Period | None:
    """This quarter for returns: the latest open one, else the latest there is (one query)."""
    return (
        Period.objects.open_on(today).order_by("-year", "-quarter").first()
        or Period.objects.filter(opens_on__lte=today).order_by("-year", "-quarter").first()
    )


def returns_due(councils: list[Council], period: Period, today: datetime.date) -> list[ReturnDue]:
    """Each council's return for ``period`` with its latest version number and upload
    (three queries)."""
    latest = ReturnVersion.objects.filter(return_obj=OuterRef("pk")).order_by("-number")
    returns = {
        r.council_id: r
        for r in Return.objects.filter(council__in=councils, period=period).annotate(
            latest_version=Count("versions"),
            latest_blank_count=Subquery(latest.values("blank_count")[:1]),
        )
    }
    uploads: dict[int, ReturnUpload] = {}
    for upload in ReturnUpload.objects.filter(return_obj__in=returns.values()).order_by(
        "uploaded_at", "pk"
    ):
        uploads[upload.return_obj_id] = upload
    due = []
    for council in councils:
        ret = returns.get(council.pk)
        due.append(
            ReturnDue(
                council=council,
                period=period,
                return_obj=ret,
                latest_version=getattr(ret, "latest_version", 0) or None,
                latest_upload=uploads.get(ret.pk) if ret else None,
                today=today,
                latest_blank_count=getattr(ret, "latest_blank_count", 0) or 0,
            )
        )
    return due


def latest_teasc(councils: list[Council]) -> dict[int, TeascSummary]:
    """Each council's latest TEASC summary against the North West median of councils' returns
    (one query)."""
    latest: dict[int, TeascSummary] = {}
    for summary in (
        TeascSummary.objects.filter(council__in=councils, comparator=TeascComparator.NW_MEDIAN)
        .annotate(from_demonstration=is_demonstration_for(OuterRef("period")))
        .select_related("period")
        .order_by("period__year", "period__quarter")
    ):
        latest[summary.council_id] = summary
    return latest


def council_position(council: Council, today: datetime.date) -> CouncilPosition:
    """The director's view of one council (nine queries)."""
    year = financial_year_of(today)
    published = Judgement.objects.filter(council=council, published_at__isnull=False)
    latest = published.select_related("period").order_by("-period__year", "-period__quarter")
    first = latest.first()
    shared = list(
        Concern.objects.filter(SHARED_WITH_COUNCIL, council=council)
        .select_related("trigger")
        .order_by("-raised_on", "-pk")
    )
    plans = list(
        Plan.objects.filter(council=council, archived_at__isnull=True).order_by("-created_at")
    )
    by_status = _actions_by_status(plans)
    return CouncilPosition(
        council=council,
        ratings_period=first.period if first else None,
        ratings=list(published.filter(period=first.period).order_by("domain")) if first else [],
        awaiting_response=[c for c in shared if c.status == ConcernStatus.SHARED],
        shared_concerns=len(shared),
        assessment=RiskAssessment.objects.filter(
            council=council, shared_with_council_at__isnull=False
        )
        .order_by("-year")
        .first(),
        self_check=SelfCheck.objects.filter(council=council, year=year).first(),
        plans=[(p, list(by_status[p.pk].items())) for p in plans],
        support=list(
            Engagement.objects.filter(council=council, status__in=ACTIVE_SUPPORT)
            .select_related("offer")
            .order_by("-pk")
        ),
        teasc=latest_teasc([council]).get(council.pk),
        year=year,
    )


def _actions_by_status(plans: list[Plan]) -> dict[int, dict[str, int]]:
    """Each plan's live actions counted by the status of their latest progress (one query)."""
    counts: dict[int, dict[str, int]] = {p.pk: {} for p in plans}
    if not plans:
        return counts
    rows = (
        Action.objects.live()
        .filter(area__heading__plan__in=plans)
        .order_by()
        .values_list("area__heading__plan_id", "status")
        .annotate(n=Count("pk"))
    )
    for plan_id, status, n in rows:
        counts[plan_id][ProgressStatus(status).label] = n
    return counts


@dataclass(frozen=True)
class YourCouncil:
    """The 'Your council' area for one council: concerns shared with it, its annual risk
    assessments once shared, and its Table 2 self-checks."""

    council: Council
    concerns: list[Concern]
    assessments: list[RiskAssessment]
    self_checks: list[SelfCheck]
    year: int

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def has_this_years_self_check(self) -> bool:
        return any(c.year == self.year for c in self.self_checks)


def your_council_get(*, fetched_by: AnyUser, today: datetime.date) -> list[YourCouncil]:
    """For each of the reader's councils what the Planning Group has shared with it and the
    council's own self-checks (four queries whatever the number of councils)."""
    councils = own_councils(fetched_by, (Role.PERFORMANCE_LEAD, Role.DIRECTOR))
    concerns = (
        Concern.objects.filter(SHARED_WITH_COUNCIL, council__in=councils)
        .select_related("trigger__quadrant")
        .order_by("-raised_on", "-pk")
    )
    assessments = RiskAssessment.objects.filter(
        council__in=councils, shared_with_council_at__isnull=False
    ).order_by("-year")
    checks = SelfCheck.objects.filter(council__in=councils).order_by("-year")
    year = financial_year_of(today)
    return [
        YourCouncil(
            council=c,
            concerns=[x for x in concerns if x.council_id == c.pk],
            assessments=[a for a in assessments if a.council_id == c.pk],
            self_checks=[s for s in checks if s.council_id == c.pk],
            year=year,
        )
        for c in councils
    ]


def awaiting_response_count(councils: list[Council]) -> int:
    """Concerns shared with ``councils`` that wait for the council's response (one query)."""
    return Concern.objects.filter(
        SHARED_WITH_COUNCIL, Q(status=ConcernStatus.SHARED), council__in=councils
    ).count()
