"""Table 1 of the MoU as data, the regional excellence directory, support engagements between
councils with the time each gives, the reciprocity ledger's setting and challenges, and events
with their bookings (MoU Table 1 and 2.1 c-g, i; DOMAIN.md 5)."""

import datetime
from decimal import Decimal
from typing import Any, Literal, overload

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import Combinable
from simple_history.models import HistoricalRecords

from authorities.models import Council
from returns.models import Domain, Measure
from sli_portal.financial_years import year_label
from triggers.models import Concern, RiskAssessment, SupportTier

ZERO = Decimal(0)


# What a days column is given (as Django's DecimalField takes it).
_DaysValue = str | float | Decimal | Combinable


@overload
def _days(label: str) -> "models.DecimalField[_DaysValue, Decimal]": ...
@overload
def _days(
    label: str, *, null: Literal[True]
) -> "models.DecimalField[_DaysValue | None, Decimal | None]": ...
def _days(label: str, *, null: bool = False) -> "models.DecimalField[Any, Any]":
    """Officer or member days, to the half day (0.5); ``null`` for a figure that may be not
    yet recorded."""
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        null=null,
        blank=null,
        default=None if null else ZERO,
    )


# Table 1 --------------------------------------------------------------------------------------


class Table1Tier(models.Model):
    """A column of Table 1 as the MoU prints it: Support (Self Help), Targeted Support or
    Intervention, with its note and place. Its key is one of ``triggers.models.SupportTier``,
    the one statement of the three tiers, which the annual risk assessment records too."""

    key = models.SlugField(max_length=30, unique=True, choices=SupportTier.choices)
    name = models.CharField(max_length=100)
    note = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = "Table 1 tier"

    def __str__(self) -> str:
        return self.name


class Offer(models.Model):
    """One offer of Table 1 (a cell: "Shadowing via existing regional or national networks")
    or an activity of the regional programme, which has no tier of its own."""

    class Source(models.TextChoices):
        MOU_TABLE_1 = "mou_table1", "MoU Table 1"
        NW_PROGRAMME = "nw_programme", "NW ADASS SLI programme"

    key = models.SlugField(max_length=60, unique=True)
    tier = models.ForeignKey(
        Table1Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="offers"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    order = models.PositiveSmallIntegerField()
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [F("tier__order").asc(nulls_last=True), "order"]

    def __str__(self) -> str:
        return f"{self.tier}: {self.name}" if self.tier_id else self.name


# The regional excellence directory -------------------------------------------------------------


class StrengthEntry(models.Model):
    """An area of strength a council offers to share (MoU 2.1 c, f): the "self help" regional
    excellence directory of Table 1. Drafted, published for every signed-in user, archived when
    it no longer holds; the Planning Group may endorse a published entry."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Source(models.TextChoices):
        COUNCIL = "council", "Written by the council"
        SUGGESTION = "suggestion", "Accepted from the portal's suggestion"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="strengths")
    topic = models.CharField(max_length=200)
    description = models.TextField()
    measures = models.ManyToManyField(Measure, blank=True, related_name="strengths")
    domains = models.JSONField(
        "Scorecard domains", default=list, blank=True, help_text="Keys of returns.models.Domain."
    )
    contact_role = models.CharField(
        "Role to contact",
        max_length=200,
        help_text="A role title, such as 'Head of Commissioning': never a person's own details.",
    )
    evidence = models.TextField(blank=True)
    evidence_links = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.COUNCIL)
    suggestion_basis = models.TextField(
        blank=True, help_text="For an accepted suggestion: the evidence the portal found."
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[measures])

    class Meta:
        ordering = ["council__name", "topic", "pk"]
        verbose_name_plural = "strength entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(endorsed_at__isnull=True) | Q(status="published"),
                name="only_published_strengths_are_endorsed",
            ),
            models.CheckConstraint(
                condition=Q(endorsed_at__isnull=True, endorsed_by__isnull=True)
                | Q(endorsed_at__isnull=False, endorsed_by__isnull=False),
                name="endorsement_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.topic}"

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_at is not None

    def domain_labels(self) -> list[str]:
        return [Domain(d).label for d in self.domains if d in Domain.values]


# Support engagements ---------------------------------------------------------------------------


class EngagementStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    MATCHED = "matched", "Matched"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


class Origin(models.TextChoices):
    REQUESTED = "requested", "Requested by the council (self help)"
    PLANNING_GROUP = "planning_group", "Recommended by the SLI Planning Group"
    BOARD = "board", "Recommended by the NW Towards Excellence Board"


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def live(self) -> "EngagementQuerySet":
        """Neither completed nor declined."""
        return self.exclude(status__in=[EngagementStatus.COMPLETED, EngagementStatus.DECLINED])


class Engagement(models.Model):
    """Support or intervention from Table 1 received by one council and given by one or more
    others. A council asks for self help; the Planning Group or the Board recommends targeted
    support or intervention, linked to the concern or risk assessment behind it, which stays
    as confidential as it was (see ``accounts.access.may_see_linked_concern``)."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="engagements_received"
    )
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="engagements")
    tier = models.ForeignKey(Table1Tier, on_delete=models.PROTECT, related_name="engagements")
    origin = models.CharField(max_length=20, choices=Origin.choices)
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk_assessment = models.ForeignKey(
        RiskAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(max_length=200)
    description = models.TextField(
        "What is asked for", blank=True, help_text="Seen by the providing councils."
    )
    reasons = models.TextField(
        "Reasons for the recommendation",
        blank=True,
        help_text="Seen by the Planning Group, and by the council only when the concern or "
        "risk assessment behind it has been shared with it; never by providers.",
    )
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField(max_length=20, choices=Domain.choices, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.REQUESTED
    )
    decline_reason = models.TextField(blank=True)
    # The receiving council's own time, where it wants it recorded; the ledger counts the
    # providers' time only.
    officer_days_planned = _days("Receiving council's officer days planned")
    officer_days_actual = _days("Receiving council's officer days actual", null=True)
    member_days_planned = _days("Receiving council's member days planned")
    member_days_actual = _days("Receiving council's member days actual", null=True)
    outcome = models.TextField("Outcome (receiving council)", blank=True)
    feedback = models.TextField("Feedback (receiving council)", blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="engagement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(officer_days_planned__gte=0)
                & Q(member_days_planned__gte=0)
                & (Q(officer_days_actual__isnull=True) | Q(officer_days_actual__gte=0))
                & (Q(member_days_actual__isnull=True) | Q(member_days_actual__gte=0)),
                name="engagement_days_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="declined_engagement_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(origin="requested", concern__isnull=True, risk_assessment__isnull=True)
                | ~Q(origin="requested"),
                name="only_recommendations_link_concerns",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.offer.name} ({self.topic})"

    @property
    def is_recommendation(self) -> bool:
        return self.origin != Origin.REQUESTED


class ProviderRole(models.TextChoices):
    BUDDY = "buddy", "Buddy"
    MENTOR = "mentor", "Peer mentor"
    COACH = "coach", "Coach"
    SHADOWING_HOST = "shadowing_host", "Shadowing host"
    TRAINER = "trainer", "Trainer"
    FACILITATOR = "facilitator", "Action learning facilitator"
    PEER_CHALLENGER = "peer_challenger", "Peer challenger"
    PEER_CONSULTANT = "peer_consultant", "Peer consultant"
    OTHER = "other", "Other"


class EngagementProvider(models.Model):
    """A council giving officer and member time to an engagement, free of charge (MoU 2.1 f),
    with the days planned and actually given and its own feedback."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="providers")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="engagements_given")
    role = models.CharField(max_length=20, choices=ProviderRole.choices)
    officer_days_planned = _days("Officer days planned")
    officer_days_actual = _days("Officer days actual", null=True)
    member_days_planned = _days("Member days planned")
    member_days_actual = _days("Member days actual", null=True)
    feedback = models.TextField(blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["engagement", "council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "council"], name="council_provides_once_per_engagement"
            ),
            models.CheckConstraint(
                condition=Q(officer_days_planned__gte=0)
                & Q(member_days_planned__gte=0)
                & (Q(officer_days_actual__isnull=True) | Q(officer_days_actual__gte=0))
                & (Q(member_days_actual__isnull=True) | Q(member_days_actual__gte=0)),
                name="provider_days_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} ({self.get_role_display()})"


class EngagementEvent(models.Model):
    """A step in an engagement's life (a change of status, providers added, days or feedback
    recorded): who, when, from which status to which."""

    class Action(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RECOMMENDED = "recommended", "Recommended"
        MATCHED = "matched", "Providers matched"
        AGREED = "agreed", "Agreed"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        DAYS = "days", "Days recorded"
        FEEDBACK = "feedback", "Feedback recorded"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=EngagementStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=EngagementStatus.choices)
    provider = models.ForeignKey(
        EngagementProvider, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.engagement}: {self.get_action_display()}"


# The reciprocity ledger (MoU 2.1 g) ------------------------------------------------------------


class LedgerSettings(models.Model):
    """The ledger's setting, one row with history: a council giving more than this multiple of
    the regional median of days given in a year is flagged as carrying a disproportionate
    share (MoU 2.1 g)."""

    disproportionate_multiple = models.DecimalField(
        "Multiple of the regional median", max_digits=4, decimal_places=2, default=Decimal("2.0")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "ledger settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(disproportionate_multiple__gt=0), name="ledger_multiple_positive"
            )
        ]

    def __str__(self) -> str:
        return "Reciprocity ledger settings"

    @classmethod
    def current(cls) -> "LedgerSettings":
        return cls.objects.order_by("pk").first() or cls.objects.create()


class ChallengeOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class ShareChallenge(models.Model):
    """A council's challenge that it is asked to give a disproportionate amount of time
    (MoU 2.1 g), recorded and resolved by the regional administrator on behalf of the relevant
    sub-regional DASS on the Board."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="share_challenges")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts.")
    reason = models.TextField()
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lodged_at = models.DateTimeField(auto_now_add=True)
    resolution = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=ChallengeOutcome.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-lodged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_challenge_per_council_year",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, outcome="", resolved_by__isnull=True)
                | (
                    Q(resolved_at__isnull=False, resolved_by__isnull=False)
                    & ~Q(outcome="")
                    & ~Q(resolution="")
                ),
                name="challenge_resolved_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} challenge {year_label(self.year)}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


# Events ----------------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    BEACON = "beacon", "Beacon event"
    ACTION_LEARNING_SET = "action_learning_set", "Action learning set"
    WORKSHOP = "workshop", "Workshop"
    MASTERCLASS = "masterclass", "Masterclass"
    CONFERENCE = "conference", "Conference"
    PEER_CHALLENGE = "peer_challenge", "Peer challenge"


class Event(models.Model):
    """A regional event councils book places on (MoU 2.1 d, e). A Beacon event is hosted by a
    council at the Board's request, with funding for its costs recorded here."""

    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300)
    host_council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="events_hosted"
    )
    capacity = models.PositiveIntegerField(help_text="Places available, in total.")
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    beacon_funding_amount = models.DecimalField(
        "Beacon event funding (£)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    beacon_funding_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="event_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(beacon_funding_amount__isnull=True)
                | Q(kind="beacon", beacon_funding_amount__gte=0),
                name="funding_only_for_beacon_events",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.starts_at:%-d %B %Y}"

    @property
    def starts_on(self) -> datetime.date:
        return self.starts_at.date()


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", "Not recorded"
    YES = "yes", "Attended"
    NO = "no", "Did not attend"


class Booking(models.Model):
    """Places booked on an event by a council user: confirmed while there is room, otherwise
    on the waiting list, promoted in order when a confirmed booking is cancelled."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    places = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    attended = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "booked_by"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_person_per_event",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="booking_has_a_place"),
            models.CheckConstraint(
                condition=Q(attended="unknown") | Q(status="confirmed"),
                name="attendance_only_for_confirmed_bookings",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.council} ({self.get_status_display()})"
