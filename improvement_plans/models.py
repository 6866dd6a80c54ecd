"""A council's improvement plan in the structure of the Sefton template (DOMAIN.md §7): outcome
headings, numbered improvement areas, actions numbered across the whole plan, each with its
expected evidence of improvement (the template's rows), measurable targets, milestones and
quarterly progress.

Numbering. Each heading, area and action stores only its ``order`` among its live siblings
(kept 1..n by the services, in the transaction of every insert, move and removal). The numbers
people see — an area's number across the plan (1..19 in Sefton) and an action's number across
the plan (1..53) — are never stored: :meth:`ImprovementAreaQuerySet.numbered` and
:meth:`ActionQuerySet.numbered` compute them, and ``improvement_plans.numbering`` is the one
place that reads them for a whole plan. A removed item is archived (``archived_at``), never
deleted, and drops out of the numbering.
"""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias, TypedDict, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.expressions import Combinable
from django.db.models.functions import RowNumber
from django_stubs_ext import WithAnnotations
from simple_history.models import HistoricalRecords

from authorities.models import Council
from returns.models import Domain, Period
from selfassessment.models import Standard, ThematicReview
from support.models import Engagement
from triggers.models import Concern, RiskAssessment

if TYPE_CHECKING:
    from accounts.models import User


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


class TargetUnit(models.TextChoices):
    PERCENT = "percent", "%"
    NUMBER = "number", "number"
    DAYS = "days", "days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    POUNDS = "pounds", "£"


class Direction(models.TextChoices):
    """How an actual is compared with the target value."""

    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "at most"
    FEWER_THAN = "fewer_than", "fewer than"
    MORE_THAN = "more_than", "more than"
    EXACTLY = "exactly", "exactly"


def target_met(direction: str, target_value: Decimal, actual: Decimal) -> bool:
    """Whether ``actual`` meets a target of ``direction`` ``target_value``: the one rule every
    summary uses."""
    if direction == Direction.AT_LEAST:
        return actual >= target_value
    if direction == Direction.AT_MOST:
        return actual <= target_value
    if direction == Direction.FEWER_THAN:
        return actual < target_value
    if direction == Direction.MORE_THAN:
        return actual > target_value
    return actual == target_value


class MilestoneKind(models.TextChoices):
    DATE = "date", "By a date"
    MONTH = "month", "In a month"
    RECURRING = "recurring", "Recurring"
    COMPLETED = "completed", "Completed"


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"
    ONGOING = "ongoing", "Ongoing"


def _actor() -> "models.ForeignKey[User | Combinable | None, User | None]":
    """The person who did something, or None for the portal itself (or not yet done)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class PlanQuerySet(models.QuerySet["Plan"]):
    def published(self) -> "PlanQuerySet":
        return self.filter(status=PlanStatus.PUBLISHED)

    def live(self) -> "PlanQuerySet":
        return self.filter(archived_at__isnull=True)


class Plan(models.Model):
    """A council's improvement plan. The public sees it only once published."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    period_covered = models.CharField(
        max_length=100, blank=True, help_text="As the plan states it, for example 2010/11."
    )
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = _actor()
    created_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = _actor()
    source_name = models.CharField("Imported file name", max_length=255, blank=True)
    source_size = models.PositiveIntegerField("Imported file size in bytes", null=True, blank=True)
    source_sha256 = models.CharField("Imported file SHA-256", max_length=64, blank=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "-created_at", "-pk"]
        indexes = [models.Index(fields=["council", "source_sha256"])]

    def __str__(self) -> str:
        return f"{self.council}: {self.title}"

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED


class OutcomeHeading(models.Model):
    """An outcome heading, such as Safeguarding Adults or Providing Leadership."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="headings")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = _actor()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Numbered(TypedDict):
    """A live area or action annotated with its place across its whole plan."""

    number: int


class ImprovementAreaQuerySet(models.QuerySet["ImprovementArea"]):
    def live(self) -> "ImprovementAreaQuerySet":
        return self.filter(archived_at__isnull=True, heading__archived_at__isnull=True)

    def numbered(self) -> "models.QuerySet[NumberedArea]":
        """Live areas, each annotated with ``number``: its place across the whole plan."""
        numbered = (
            self.live()
            .annotate(
                number=Window(
                    RowNumber(),
                    partition_by=[F("heading__plan_id")],
                    order_by=[F("heading__order").asc(), F("order").asc(), F("pk").asc()],
                )
            )
            .order_by("heading__plan_id", "heading__order", "order", "pk")
        )
        # django-stubs types the annotation as Any; a row number is an int.
        return cast("models.QuerySet[NumberedArea]", numbered)


class ImprovementArea(models.Model):
    """A numbered improvement area under an outcome heading."""

    heading = models.ForeignKey(OutcomeHeading, on_delete=models.PROTECT, related_name="areas")
    order = models.PositiveIntegerField()
    title = models.TextField()
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = _actor()

    objects = ImprovementAreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["heading__order", "order", "pk"]

    def __str__(self) -> str:
        number = getattr(self, "number", None)
        return f"Improvement Area {number} – {self.title}" if number else self.title


class ActionQuerySet(models.QuerySet["Action"]):
    def live(self) -> "ActionQuerySet":
        return self.filter(
            archived_at__isnull=True,
            area__archived_at__isnull=True,
            area__heading__archived_at__isnull=True,
        )

    def numbered(self) -> "models.QuerySet[NumberedAction]":
        """Live actions, each annotated with ``number``: its place across the whole plan."""
        numbered = (
            self.live()
            .annotate(
                number=Window(
                    RowNumber(),
                    partition_by=[F("area__heading__plan_id")],
                    order_by=[
                        F("area__heading__order").asc(),
                        F("area__order").asc(),
                        F("area_id").asc(),
                        F("order").asc(),
                        F("pk").asc(),
                    ],
                )
            )
            .order_by("area__heading__plan_id", "area__heading__order", "area__order", "order")
        )
        # django-stubs types the annotation as Any; a row number is an int.
        return cast("models.QuerySet[NumberedAction]", numbered)

    def in_plan(self, plan: Plan | int) -> "ActionQuerySet":
        return self.filter(area__heading__plan=plan)


class Action(models.Model):
    """An action: how the improvement is to be achieved, who owns it and where it stands."""

    area = models.ForeignKey(ImprovementArea, on_delete=models.PROTECT, related_name="actions")
    order = models.PositiveIntegerField()
    how_achieved = models.TextField("How is this to be achieved")
    owner = models.CharField(max_length=200, blank=True, help_text="A role or team.")
    status = models.CharField(
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
        help_text="The status of the latest progress update.",
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = _actor()

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__heading__order", "area__order", "order", "pk"]

    def __str__(self) -> str:
        number = getattr(self, "number", None)
        return f"Action {number}" if number else self.how_achieved[:60]


# Rows of ``numbered()``: a live area or action with its ``number`` across its plan.
NumberedArea: TypeAlias = "WithAnnotations[ImprovementArea, Numbered]"
NumberedAction: TypeAlias = "WithAnnotations[Action, Numbered]"


class ExpectedEvidence(models.Model):
    """One row of the template: an item of expected evidence of improvement and its timescale,
    as written."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    order = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    timescale = models.TextField(blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "order", "pk"]
        verbose_name_plural = "expected evidence"

    def __str__(self) -> str:
        return self.text[:80]


class ActionReference(models.Model):
    """A link from a phrase in an action's text ("see Area 3 Action 11", "Area 1 Actions 1 & 2")
    to the action it names. ``start`` and ``end`` are the phrase's character span in the source
    text; a phrase naming two actions has two rows with the same span. The phrase is rewritten
    with the current numbers when shown, so the link follows renumbering."""

    class Field(models.TextChoices):
        HOW_ACHIEVED = "how_achieved", "How achieved"
        EVIDENCE = "evidence", "Expected evidence"

    source_action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="outgoing_references"
    )
    source_evidence = models.ForeignKey(
        ExpectedEvidence,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="references",
    )
    field = models.CharField(max_length=20, choices=Field.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    token = models.PositiveSmallIntegerField(
        help_text="Which of the phrase's action numbers this is (0 for the first)."
    )
    target = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="incoming_references")
    history = HistoricalRecords()

    class Meta:
        ordering = ["source_action", "field", "source_evidence", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.source_action_id} -> {self.target_id}"


class Target(models.Model):
    """A measurable target stated in the expected evidence: ``direction`` ``target_value``
    ``unit`` (for example at least 70 %) of ``measure``."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="targets")
    source_evidence = models.ForeignKey(
        ExpectedEvidence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    description = models.TextField(help_text="The sentence that states the target.")
    measure = models.CharField("What is measured", max_length=500)
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=4)
    unit = models.CharField(max_length=10, choices=TargetUnit.choices, default=TargetUnit.PERCENT)
    direction = models.CharField(
        max_length=12, choices=Direction.choices, default=Direction.AT_LEAST
    )
    due_date = models.DateField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.target_value.normalize():f} {self.unit}"

    def is_met(self, actual: Decimal) -> bool:
        return target_met(self.direction, self.target_value, actual)


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def live(self) -> "MilestoneQuerySet":
        return self.filter(archived_at__isnull=True).filter(
            action__archived_at__isnull=True,
            action__area__archived_at__isnull=True,
            action__area__heading__archived_at__isnull=True,
        )

    def overdue_as_at(self, day: datetime.date) -> "MilestoneQuerySet":
        """Dated milestones overdue at the close of ``day``: due on or before it (a month
        milestone by the end of its month) and not completed by then. A milestone completed
        after ``day`` still counts, so the answer does not change when it is read later."""
        next_month_start = (day + datetime.timedelta(days=1)).replace(day=1)
        return self.live().filter(
            Q(kind=MilestoneKind.DATE, due_date__lte=day)
            | Q(kind=MilestoneKind.MONTH, due_date__lt=next_month_start),
            Q(completed_on__isnull=True) | Q(completed_on__gt=day),
        )

    def overdue(self, today: datetime.date) -> "MilestoneQuerySet":
        """Dated milestones past due and not completed: a date before today, or a month that
        ended before today (a month milestone is due by the end of its month)."""
        month_start = today.replace(day=1)
        return self.live().filter(
            Q(kind=MilestoneKind.DATE, due_date__lt=today)
            | Q(kind=MilestoneKind.MONTH, due_date__lt=month_start),
            completed_on__isnull=True,
        )


class Milestone(models.Model):
    """A point in an action's timescale: a date, a month (``due_date`` is its first day), a
    recurrence (with ``due_date`` as its start, if stated) or completed when written."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="milestones")
    source_evidence = models.ForeignKey(
        ExpectedEvidence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    description = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=MilestoneKind.choices)
    due_date = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, blank=True)
    raw_text = models.TextField("Timescale as written", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["date", "month"]) | Q(due_date__isnull=False),
                name="dated_milestone_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="recurring") | ~Q(recurrence=""),
                name="recurring_milestone_has_recurrence",
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.raw_text or self.get_kind_display()

    def is_overdue(self, today: datetime.date) -> bool:
        if self.completed_on is not None or self.due_date is None:
            return False
        if self.kind == MilestoneKind.DATE:
            return self.due_date < today
        if self.kind == MilestoneKind.MONTH:
            return self.due_date < today.replace(day=1)
        return False


class ProgressUpdate(models.Model):
    """A council's report on one action for one quarter. A second update in the same quarter is
    a new row; the latest (by ``recorded_at``, then id) is the quarter's status."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress_updates")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    commentary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "period__year", "period__quarter", "recorded_at", "pk"]
        indexes = [models.Index(fields=["action", "period", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.period}: {self.get_status_display()}"


class TargetActual(models.Model):
    """The actual figure against a target reported with a progress update."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="actuals")
    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="actuals")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    actual = models.DecimalField(max_digits=14, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "period__year", "period__quarter", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["update", "target"], name="one_actual_per_update")
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.actual.normalize():f}"

    @property
    def met(self) -> bool:
        return self.target.is_met(self.actual)


CITED_RECORDS = ("concern", "risk_assessment", "thematic_review", "standard", "engagement")


def _cites_exactly_one(fields: tuple[str, ...]) -> Q:
    """Exactly one of the cited records is set, or none of them and a scorecard domain."""
    condition = Q(*(Q(**{f"{name}__isnull": True}) for name in fields)) & ~Q(domain="")
    for chosen in fields:
        condition |= Q(
            Q(**{f"{chosen}__isnull": False}),
            *(Q(**{f"{name}__isnull": True}) for name in fields if name != chosen),
            domain="",
        )
    return condition


class Citation(models.Model):
    """What prompted a plan or one of its areas (a concern, the annual risk assessment, a
    self-assessment's thematic review or standard, a scorecard domain), or a support engagement
    that serves it. Exactly one of the cited things is set. ``area`` is empty when the plan as
    a whole cites it."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="citations")
    area = models.ForeignKey(
        ImprovementArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citations",
    )
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk_assessment = models.ForeignKey(
        RiskAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    thematic_review = models.ForeignKey(
        ThematicReview,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A thematic self-assessment whose results prompted it.",
    )
    standard = models.ForeignKey(
        Standard,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A self-assessment standard the council's result on prompted it.",
    )
    engagement = models.ForeignKey(
        Engagement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A support engagement that serves the plan or area.",
    )
    domain = models.CharField("Scorecard domain", max_length=20, choices=Domain.choices, blank=True)
    note = models.TextField(blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "area", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_cites_exactly_one(CITED_RECORDS), name="citation_cites_one_thing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.cited}"

    @property
    def cited(self) -> object:
        for name in CITED_RECORDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return self.get_domain_display()
