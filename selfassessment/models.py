"""Thematic reviews and councils' self-assessments (DOMAIN.md §6; Wirral report 2.6.1; MoU 2.1 a).

Each year the Board picks two themes. A :class:`ThematicReview` holds a theme's sections,
standards and level descriptors (Level 1 the minimum, up to Level 3 or 4). Every council
completes one :class:`SelfAssessment` per review: a level claimed per standard with narrative and
evidence (:class:`Answer`, :class:`EvidenceFile`). The Planning Group may record a moderated level
beside the claim; both are kept. Everything that changes keeps its history; each step of a
self-assessment is also written as a :class:`SelfAssessmentEvent`.
"""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from authorities.models import Council
from sli_portal.financial_years import year_label

# Level 0 is "Not yet at Level 1": a council may say it does not meet the minimum standard.
BELOW_LEVEL_1 = 0
MINIMUM_LEVEL = 1
HIGHEST_LEVEL = 4
MAX_LEVEL_CHOICES = [(3, "Levels 1 to 3"), (4, "Levels 1 to 4")]


def level_label(level: int | None) -> str:
    """How a level is written on pages and in files: ``Level 2``, ``Below Level 1``."""
    if level is None:
        return "Not answered"
    if level == BELOW_LEVEL_1:
        return "Below Level 1"
    return f"Level {level}"


class ThematicReview(models.Model):
    """One of the Board's themes for a financial year, with the Planning Group's regional report.

    The report's narrative is written by the Planning Group and published once the review has
    closed; before then councils' self-assessments are seen only by their own council and the
    Planning Group.
    """

    year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2025 for 2025/26."
    )
    title = models.CharField("Theme", max_length=200)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    max_level = models.PositiveSmallIntegerField(
        "Highest level", choices=MAX_LEVEL_CHOICES, default=HIGHEST_LEVEL
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    report_summary = models.TextField("Summary", blank=True)
    report_strengths = models.TextField("Strengths", blank=True)
    report_areas_for_development = models.TextField("Areas for development", blank=True)
    report_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_updated_at = models.DateTimeField(null=True, blank=True)
    report_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["year", "slug"], name="one_review_slug_per_year"),
            models.CheckConstraint(
                condition=Q(max_level__in=[3, 4]), name="review_max_level_3_or_4"
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")), name="review_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_label})"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def levels(self) -> list[int]:
        """The levels a standard of this review has descriptors for: 1 to ``max_level``."""
        return list(range(MINIMUM_LEVEL, self.max_level + 1))

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    def has_opened(self, day: datetime.date) -> bool:
        return day >= self.opens_on

    def is_open(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class Section(models.Model):
    """A heading under which a review's standards are grouped."""

    review = models.ForeignKey(ThematicReview, on_delete=models.PROTECT, related_name="sections")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "order"], name="one_section_per_place"),
            models.UniqueConstraint(fields=["review", "title"], name="unique_section_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Standard(models.Model):
    """A standard a council assesses itself against. ``review`` repeats the section's review so a
    code is unique within a review (the database enforces it)."""

    review = models.ForeignKey(ThematicReview, on_delete=models.PROTECT, related_name="standards")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="standards")
    order = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    is_key_element = models.BooleanField(
        "Key element",
        default=False,
        help_text="Below Level 1 on a key element raises a concern under Table 2 (MoU).",
    )
    evidence_prompts = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "code"], name="unique_standard_code"),
            models.UniqueConstraint(fields=["section", "order"], name="one_standard_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class LevelDescriptor(models.Model):
    """What a council at ``level`` on a standard looks like. Level 1 is the minimum."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="levels")
    level = models.PositiveSmallIntegerField()
    descriptor = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["standard", "level"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "level"], name="one_descriptor_per_level"),
            models.CheckConstraint(
                condition=Q(level__gte=MINIMUM_LEVEL, level__lte=HIGHEST_LEVEL),
                name="descriptor_level_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} {level_label(self.level)}"


class SelfAssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    REOPENED = "reopened", "Reopened"


class SelfAssessment(models.Model):
    """A council's self-assessment for one review. Editable while a draft or reopened; read-only
    once submitted. The council's director signs off a submitted self-assessment; reopening
    (the administrator's, with a reason) clears the sign-off, which history keeps."""

    review = models.ForeignKey(
        ThematicReview, on_delete=models.PROTECT, related_name="self_assessments"
    )
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="self_assessments")
    status = models.CharField(
        max_length=20, choices=SelfAssessmentStatus.choices, default=SelfAssessmentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "council"], name="one_self_assessment_per_review"
            ),
            models.CheckConstraint(
                condition=~Q(status=SelfAssessmentStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                name="submitted_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(status=SelfAssessmentStatus.SUBMITTED),
                name="only_submitted_is_signed_off",
            ),
            models.CheckConstraint(
                condition=~Q(status=SelfAssessmentStatus.REOPENED) | ~Q(reopen_reason=""),
                name="reopened_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.review}"

    @property
    def is_editable(self) -> bool:
        return self.status != SelfAssessmentStatus.SUBMITTED

    @property
    def is_submitted(self) -> bool:
        return self.status == SelfAssessmentStatus.SUBMITTED

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def submitted_late(self) -> bool:
        """Submitted after the review's closing date (submission stays possible until the
        regional report is published; lateness is shown, not refused)."""
        return (
            self.submitted_at is not None
            and timezone.localdate(self.submitted_at) > self.review.closes_on
        )


def _level_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": BELOW_LEVEL_1, f"{field}__lte": HIGHEST_LEVEL}
    )


class Answer(models.Model):
    """A council's answer on one standard: the level claimed (0 = below Level 1; empty = not yet
    answered), narrative, evidence and links; and, beside it, the Planning Group's moderated
    level with reasons. The claim is never overwritten by moderation."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.PROTECT, related_name="answers"
    )
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="answers")
    level = models.PositiveSmallIntegerField("Level claimed", null=True, blank=True)
    narrative = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    links = models.TextField(blank=True, help_text="Web addresses, one a line.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    moderated_level = models.PositiveSmallIntegerField(null=True, blank=True)
    moderation_reasons = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["self_assessment", "standard__section__order", "standard__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "standard"], name="one_answer_per_standard"
            ),
            models.CheckConstraint(condition=_level_range("level"), name="answer_level_0_to_4"),
            models.CheckConstraint(
                condition=_level_range("moderated_level"), name="moderated_level_0_to_4"
            ),
            models.CheckConstraint(
                condition=Q(moderated_level__isnull=True)
                | Q(moderated_at__isnull=False, moderated_by__isnull=False),
                name="moderation_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.self_assessment}: {self.standard.code}"

    @property
    def is_answered(self) -> bool:
        return self.level is not None

    @property
    def is_moderated(self) -> bool:
        return self.moderated_level is not None

    @property
    def effective_level(self) -> int | None:
        """The level the regional report counts: the moderated level if there is one, otherwise
        the council's claim."""
        return self.moderated_level if self.moderated_level is not None else self.level

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    """Stored under MEDIA_ROOT (outside the web root) by a random name; the original name is
    kept on the record and served only through an access-checked view."""
    answer = instance.answer
    sa = answer.self_assessment
    suffix = PurePath(filename).suffix.lower()
    return f"selfassessment/{sa.review_id}/{sa.council_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A file of evidence attached to an answer. Archived, never deleted."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["answer", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class SelfAssessmentEvent(models.Model):
    """A step in a self-assessment's life: who did what, when and why."""

    class Action(models.TextChoices):
        CREATED = "created", "Started"
        SAVED = "saved", "Answer saved"
        FILE_ADDED = "file_added", "Evidence file added"
        FILE_ARCHIVED = "file_archived", "Evidence file removed"
        SUBMITTED = "submitted", "Submitted"
        SIGNED_OFF = "signed_off", "Signed off by the director"
        REOPENED = "reopened", "Reopened"
        MODERATED = "moderated", "Moderated"

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.self_assessment}: {self.get_action_display()}"


class ReviewImport(models.Model):
    """The ledger of imported review files: a second copy of the same file for the same year is
    recognised by its SHA-256."""

    review = models.ForeignKey(ThematicReview, on_delete=models.PROTECT, related_name="imports")
    year = models.PositiveSmallIntegerField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    rows_read = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sha256"], name="review_file_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} -> {self.review}"


class ReminderSent(models.Model):
    """A deadline reminder sent to a council for a review: the ledger that makes the reminder
    job safe to run twice."""

    review = models.ForeignKey(ThematicReview, on_delete=models.PROTECT, related_name="reminders")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    recipients = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "council", "days_before"], name="one_reminder_per_deadline_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.review}, {self.days_before} days before"
