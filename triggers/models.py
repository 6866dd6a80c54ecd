"""Table 2 of the MoU as data, confidential concerns raised against councils, the Planning
Group's review and meetings, the annual risk assessment and councils' private self-checks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.models import Council
from sli_portal.financial_years import year_label


class Quadrant(models.Model):
    """One of Table 2's four quadrants: Outcomes; Resources (Finance and People); Other
    Intelligence; Interface with Stakeholders."""

    key = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100)
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Automatic(models.TextChoices):
    """The triggers the portal can raise from data by itself."""

    MEASURE_OUTLIER = (
        "measure_outlier",
        "An ASCOF measure far worse than the NW median, or in the bottom quartile and worsening",
    )
    LOCAL_MEASURE_OUTLIER = (
        "local_measure_outlier",
        "One of the region's own measures in the return (AQuA whole-system or NW benchmarking) "
        "far worse than the NW median, or in the bottom quartile and worsening",
    )
    UNIT_COST_CHANGE = (
        "unit_cost_change",
        "A change of more than the threshold year on year in a unit-cost measure",
    )
    ADMISSIONS_RISE = "admissions_rise", "A sharp rise in admissions to residential or nursing care"
    WORKFORCE_TURNOVER = (
        "workforce_turnover",
        "Workforce turnover far above the national median (Oflog ASC7)",
    )
    DELAYS_SOCIAL_CARE = (
        "delays_social_care",
        "Delayed transfers of care attributable to social care far worse than the NW median "
        "or sharply rising",
    )
    RETURN_LATE = "return_late", "A return missing or late after its deadline"
    LOCAL_ACCOUNT = "local_account", "A Local Account missing, vague, ambiguous or too ambitious"
    SELF_ASSESSMENT_LEVEL1 = (
        "self_assessment_level1",
        "Below Level 1 on a key element of a thematic self-assessment",
    )


class Trigger(models.Model):
    """A trigger in Table 2, with its examples and source of data or intelligence."""

    quadrant = models.ForeignKey(Quadrant, on_delete=models.PROTECT, related_name="triggers")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    examples = models.TextField(blank=True)
    source = models.TextField("Source of data or intelligence", blank=True)
    automatic = models.CharField(max_length=30, choices=Automatic.choices, blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quadrant__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["quadrant", "order"], name="one_trigger_per_place")
        ]

    def __str__(self) -> str:
        return self.name


class Thresholds(models.Model):
    """The automatic triggers' thresholds, set by the administrator (one row, with history)."""

    mads_worse = models.DecimalField(
        "MADs worse than the NW median", max_digits=5, decimal_places=2, default=2
    )
    bottom_quartile_quarters = models.PositiveSmallIntegerField(
        "Quarters in the bottom quartile and worsening", default=3
    )
    unit_cost_change = models.DecimalField(
        "Year-on-year change in a unit-cost measure (share, 0.20 = 20%)",
        max_digits=4,
        decimal_places=2,
        default=0.2,
    )
    admissions_rise = models.DecimalField(
        "Year-on-year rise in admissions to residential or nursing care (share)",
        max_digits=4,
        decimal_places=2,
        default=0.15,
    )
    late_after_days = models.PositiveSmallIntegerField(
        "Days after the deadline before a missing return raises a concern", default=0
    )
    local_account_grace_days = models.PositiveSmallIntegerField(
        "Days after a financial year ends before its Local Account is looked for", default=275
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "thresholds"

    def __str__(self) -> str:
        return "Automatic trigger thresholds"

    @classmethod
    def current(cls) -> "Thresholds":
        return cls.objects.order_by("pk").first() or cls.objects.create()


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Visibility(models.TextChoices):
    PLANNING_GROUP = "planning_group", "Planning Group only"
    SHARED = "shared", "Shared with the council"
    BOARD_SUMMARY = "board_summary", "Included in the board's summary"


class ConcernStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    SHARED = "shared", "Shared with the council for discussion"
    RESPONDED = "responded", "Council has responded"
    CONFIRMED = "confirmed", "Confirmed"
    CLOSED = "closed", "Closed"


class ConcernQuerySet(models.QuerySet["Concern"]):
    def open(self) -> "ConcernQuerySet":
        return self.exclude(status=ConcernStatus.CLOSED)

    def in_queue(self) -> "ConcernQuerySet":
        """Open and still supported by the data: an automatic flag whose condition has
        cleared leaves the review queue on its own."""
        return self.open().filter(condition_cleared_on__isnull=True)


class Concern(models.Model):
    """A trigger raised against a council: confidential soft intelligence or an automatic
    finding from data. A council sees it only once it is shared with the council."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="concerns")
    trigger = models.ForeignKey(Trigger, on_delete=models.PROTECT, related_name="concerns")
    title = models.CharField(max_length=200)
    evidence = models.TextField(blank=True)
    links = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=300, blank=True)
    raised_on = models.DateField()
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PLANNING_GROUP
    )
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.RAISED
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    automatic_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="For automatic concerns: what raised it, so a second run raises nothing new.",
    )
    reasons = models.TextField(blank=True)
    evidence_url = models.CharField(max_length=300, blank=True)
    condition_cleared_on = models.DateField(null=True, blank=True)
    evidence_items = models.JSONField(
        default=list,
        blank=True,
        help_text="For automatic flags: each measure, period and figure that set it off.",
    )
    evidence_scope = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For automatic flags: the quarter (its index) whose evaluation set the evidence.",
    )
    new_evidence_at = models.DateTimeField(
        null=True, blank=True, help_text="When the concern last had new evidence."
    )
    held_open = models.BooleanField(
        default=False,
        help_text="Reopened by a person: the portal no longer clears it on its own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConcernQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "automatic_key"],
                condition=~Q(automatic_key=""),
                name="one_automatic_concern_per_finding",
            )
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.title}"

    @property
    def is_automatic(self) -> bool:
        return bool(self.automatic_key)


class ConcernEvent(models.Model):
    """A step in a concern's life: who, when and why."""

    class Action(models.TextChoices):
        RAISED = "raised", "Raised"
        EDITED = "edited", "Edited"
        SHARED = "shared", "Shared with the council"
        RESPONDED = "responded", "Council responded"
        CONFIRMED = "confirmed", "Confirmed"
        CLOSED = "closed", "Closed"
        CLEARED = "cleared", "Condition cleared"
        REOPENED = "reopened", "Reopened"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.concern}: {self.get_action_display()}"


class ConcernFile(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="concerns/", max_length=300)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Decision(models.TextChoices):
    NO_ACTION = "no_action", "No action"
    MONITOR = "monitor", "Monitor"
    DISCUSS = "discuss", "Discuss with the council"
    RECOMMEND_SUPPORT = "recommend_support", "Recommend support"
    RECOMMEND_INTERVENTION = "recommend_intervention", "Recommend intervention"


class Meeting(models.Model):
    """A Planning Group meeting with its agenda of councils to review."""

    held_on = models.DateField()
    title = models.CharField(max_length=200, default="SLI Planning Group")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Approves the minutes, which locks the meeting.",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended"
    )
    other_attendees = models.TextField(
        blank=True, help_text="People without a portal account, one per line: name and role."
    )
    minutes = models.TextField(blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on:%-d %B %Y}"

    @property
    def is_locked(self) -> bool:
        """Once the chair approves the minutes, the record stands; corrections are new
        entries (:class:`MeetingCorrection`)."""
        return self.minutes_approved_at is not None


class MeetingAction(models.Model):
    """An action agreed at a meeting, with its owner: a portal user or a named other person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""),
                name="meeting_action_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.text[:60]}"

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner is not None else self.owner_name


class MeetingCorrection(models.Model):
    """A correction to a meeting whose minutes are approved: a new, attributed entry; the
    approved record itself is never changed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}: correction of {self.recorded_at:%-d %B %Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "council"], name="council_once_per_agenda")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.council}"


class Priority(models.TextChoices):
    """The Planning Group's own priority for a council in its review queue, least to most
    pressing. The queue is ordered by it, never by a count of concerns (MoU Table 2: "not a
    rigid formula")."""

    NONE = "none", "None"
    WATCH = "watch", "Watch"
    NEXT_MEETING = "next_meeting", "Discuss at the next meeting"
    WITH_COUNCIL = "with_council", "Discuss with the council"


PRIORITY_RANK: dict[str, int] = {value: rank for rank, value in enumerate(Priority.values)}


class ReviewPriority(models.Model):
    """The Planning Group's priority for one council, with the reason it gives (history kept)."""

    council = models.OneToOneField(
        Council, on_delete=models.PROTECT, related_name="review_priority"
    )
    priority = models.CharField(max_length=20, choices=Priority.choices, default=Priority.NONE)
    reason = models.TextField(blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.council}: {self.get_priority_display()}"


class SupportTier(models.TextChoices):
    """The three tiers of support of Table 1 of the MoU, in its order, which a risk assessment
    may recommend (MoU 2.1 i). The one statement of them: the support app's ``Table1Tier`` rows
    (support/data/table1.csv, with each tier's note and offers) take their keys from it, and the
    specific offer becomes a support engagement linked to the risk assessment. Not the tiers of
    data in the quarterly return (``returns.models.ReturnTier``)."""

    SUPPORT = "support", "Support (Self Help)"
    TARGETED = "targeted", "Targeted Support"
    INTERVENTION = "intervention", "Intervention"


class RiskView(models.TextChoices):
    LOW = "low", "Low risk"
    MEDIUM = "medium", "Medium risk"
    HIGH = "high", "High risk"


class RiskAssessment(models.Model):
    """The annual risk assessment of a council against Table 2 (MoU 2.1 b): where concerns
    arise the assessor discusses them with the council before taking a final view."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="risk_assessments")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts.")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    concerns = models.ManyToManyField(Concern, blank=True, related_name="risk_assessments")
    discussed_on = models.DateField(null=True, blank=True)
    discussion_participants = models.TextField(blank=True)
    discussion_record = models.TextField(blank=True)
    council_position = models.TextField("The council's response in the discussion", blank=True)
    final_view = models.CharField(max_length=10, choices=RiskView.choices, blank=True)
    rationale = models.TextField(blank=True)
    recommended_tier = models.CharField(
        "Recommended support or intervention (Table 1 tier)",
        max_length=20,
        choices=SupportTier.choices,
        blank=True,
    )
    recommendation = models.TextField("What support is recommended, and why", blank=True)
    shared_with_council_at = models.DateTimeField(null=True, blank=True)
    council_response = models.TextField(blank=True)
    council_responded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[concerns])

    class Meta:
        ordering = ["-year", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_risk_assessment_a_year"),
            models.CheckConstraint(
                condition=Q(final_view="") | Q(discussed_on__isnull=False),
                name="final_view_only_after_discussion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} risk assessment {year_label(self.year)}"


class SelfCheck(models.Model):
    """A council's private run through Table 2 as its informal annual self-assessment
    (MoU 2.1 h). Nobody else sees it unless the council shares it."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="self_checks")
    year = models.PositiveSmallIntegerField()
    shared_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_self_check_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.council} self-check {self.year}"


class SelfCheckAnswer(models.Model):
    class Answer(models.TextChoices):
        NO_CONCERN = "no_concern", "No concern"
        WATCH = "watch", "Keep under review"
        CONCERN = "concern", "A concern: consider support"

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="answers")
    trigger = models.ForeignKey(Trigger, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["self_check", "trigger"], name="one_answer_per_trigger")
        ]

    def __str__(self) -> str:
        return f"{self.self_check}: {self.trigger}"
