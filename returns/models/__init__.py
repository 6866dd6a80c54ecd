"""The measure catalogue, quarterly periods, council returns and their immutable versions, and
the published national data used as comparators."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.models import Council
from returns import measure_words
from sli_portal.financial_years import quarter_bounds, quarter_label, year_slug


class ReturnTier(models.TextChoices):
    """The three tiers of data in the quarterly return, which each measure belongs to (Halton
    minutes: TEASC). Not the tiers of support of the MoU's Table 1 (``SupportTier``)."""

    ASCOF = "ascof", "ASCOF"
    AQUA = "aqua", "AQuA whole-system"
    NW_BENCHMARKING = "nw", "NW benchmarking"


class TeascSection(models.TextChoices):
    """The ten sections of the TEASC overview (2012/13: 80 items)."""

    ACCESS = "access", "Access to Services"
    COMMUNITY = "community", "Community Based Services"
    RESIDENTIAL = "residential", "Residential and Nursing"
    HOME_CARE = "home_care", "Intensity of Home Care"
    CARERS = "carers", "Services for Carers"
    QUALITY_OF_LIFE = "quality_of_life", "Quality of Life"
    SELF_DIRECTED = "self_directed", "Self Directed Support"
    LIVING_INDEPENDENTLY = "living_independently", "Living Independently"
    DISCHARGE = "discharge", "Assisting Discharge"
    VIEWS = "views", "Views of Users and Carers"


class Periodicity(models.TextChoices):
    """How often a measure's figure is published or collected."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class QuarterRule(models.TextChoices):
    """How a quarter's figure is made from the measure's months (for a quarterly item, how its
    months add up to the quarter where both are given)."""

    SUM = "sum", "Sum of the months"
    MEAN = "mean", "Mean of the months"
    LAST = "last", "Last month of the quarter"
    ANNUAL_ONLY = "annual_only", "Annual only: no quarterly figure"


class Domain(models.TextChoices):
    """The six risk domains of the balanced scorecard."""

    LEADERSHIP = "leadership", "Leadership & Governance"
    PERFORMANCE = "performance", "Performance & Outcomes"
    COMMISSIONING = "commissioning", "Commissioning & Quality"
    PRIORITIES = "priorities", "National Priorities & Partnerships"
    RESOURCES = "resources", "Resource & Workforce"
    CULTURE = "culture", "Culture & Challenge"


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    RATE = "rate", "Rate per 100,000"
    SCORE = "score", "Score"
    COUNT = "count", "Count"
    POUNDS = "pounds", "£"


UNIT_MULTIPLIER = {
    Unit.PERCENTAGE: Decimal(100),
    Unit.RATE: Decimal(100_000),
    Unit.SCORE: Decimal(1),
    Unit.COUNT: Decimal(1),
    Unit.POUNDS: Decimal(1),
}


class Polarity(models.TextChoices):
    HIGHER = "higher_is_better", "Higher is better"
    LOWER = "lower_is_better", "Lower is better"
    NOT_VERIFIED = "not_verified", "Not declared (no published statement found)"
    NOT_DECLARED = "not_declared", "Not declared by the publisher"


# The change reasons on a measure's history rows written by the region's declarations of its
# better direction; the reason given is kept in the row's ``region_polarity_reason``.
POLARITY_DECLARED = "Better direction declared by the region"
POLARITY_WITHDRAWN = "The region's declared direction withdrawn"


class MeasureQuerySet(models.QuerySet["Measure"]):
    def in_return(self) -> "MeasureQuerySet":
        return self.filter(in_return=True, retired=False)

    def published_nationally(self) -> "MeasureQuerySet":
        """The whole-system and benchmarking items not collected in the return: their figures
        come from national data (NHS England, PHE, ASC-FR), so councils never type them."""
        return self.filter(in_return=False, retired=False).exclude(tier=ReturnTier.ASCOF)

    def for_year(self, year: int) -> "MeasureQuerySet":
        return self.filter(
            Q(first_year__lte=year), Q(last_year__isnull=True) | Q(last_year__gte=year)
        )


class Measure(models.Model):
    """One item of the quarterly return or of a published national dataset.

    A code is only unique together with its framework version: ASCOF was renumbered in 2023, so
    ``predecessor`` links a measure to the one it continues (never across a changed definition).
    """

    code = models.CharField(max_length=20)
    framework_version = models.CharField(max_length=60)
    name = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    numerator_denominator = models.TextField(
        blank=True,
        help_text="How the figure is made: its numerator and denominator, or the question.",
    )
    definition_source = models.TextField(
        blank=True, help_text="Where the definition was read, quoted (for the administrator)."
    )
    tier = models.CharField(max_length=10, choices=ReturnTier.choices, default=ReturnTier.ASCOF)
    teasc_section = models.CharField(
        "TEASC section", max_length=30, choices=TeascSection.choices, blank=True
    )
    scorecard_domain = models.CharField(max_length=20, choices=Domain.choices, blank=True)
    periodicity = models.CharField(
        max_length=10, choices=Periodicity.choices, default=Periodicity.ANNUAL
    )
    quarter_rule = models.CharField(
        "How a quarter is made",
        max_length=12,
        choices=QuarterRule.choices,
        default=QuarterRule.ANNUAL_ONLY,
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    unit_label = models.CharField(max_length=120, blank=True)
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    polarity_source = models.TextField(blank=True)
    region_polarity = models.CharField(
        "Direction the region declares",
        max_length=20,
        choices=[
            (Polarity.HIGHER.value, "Higher is better"),
            (Polarity.LOWER.value, "Lower is better"),
        ],
        blank=True,
        help_text="Only where no published direction exists; declared by the regional administrator.",
    )
    region_polarity_reason = models.TextField(blank=True)
    decimal_places = models.PositiveSmallIntegerField(default=1)
    min_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    collects_numerator_denominator = models.BooleanField(default=False)
    in_return = models.BooleanField(
        "Collected in the quarterly return",
        default=False,
        help_text="Measures collected in the return need a code unique among collected measures.",
    )
    retired = models.BooleanField(default=False)
    first_year = models.PositiveSmallIntegerField(help_text="First financial year (e.g. 2023).")
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors"
    )
    equivalent_code = models.CharField(max_length=20, blank=True)
    source = models.TextField(blank=True)
    display_order = models.PositiveIntegerField(default=0)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "framework_version"], name="unique_code_per_framework"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(in_return=True, retired=False),
                name="unique_code_in_return",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        """An annual measure has no quarters; a monthly or quarterly one says how its months
        make a quarter."""
        super().clean()
        annual = self.periodicity == Periodicity.ANNUAL
        if annual != (self.quarter_rule == QuarterRule.ANNUAL_ONLY):
            raise ValidationError(
                {
                    "quarter_rule": "An annual measure is annual only"
                    if annual
                    else "Choose how the months make a quarter: sum, mean or last month"
                }
            )

    @property
    def has_published_polarity(self) -> bool:
        return self.polarity in (Polarity.HIGHER, Polarity.LOWER)

    @property
    def polarity_is_regional(self) -> bool:
        """The direction compared is the region's declaration, not a published one."""
        return not self.has_published_polarity and bool(self.region_polarity)

    @property
    def effective_polarity(self) -> str:
        """The direction comparisons follow: the published one, else the region's declaration,
        else the published 'not declared' state."""
        return self.region_polarity if self.polarity_is_regional else self.polarity

    @property
    def has_polarity(self) -> bool:
        return self.effective_polarity in (Polarity.HIGHER, Polarity.LOWER)

    @property
    def better_in_words(self) -> str:
        if self.polarity_is_regional:
            way = "higher" if self.region_polarity == Polarity.HIGHER else "lower"
            return (
                f"No published source states a better direction. The region treats {way} as "
                f"better because {self.region_polarity_reason}"
            )
        if self.polarity == Polarity.HIGHER:
            return "A higher value is better."
        if self.polarity == Polarity.LOWER:
            return "A lower value is better."
        return "No direction of improvement has been declared for this measure."

    @property
    def polarity_basis(self) -> str:
        """Who publishes the better direction, in words for the public."""
        return (
            measure_words.polarity_basis(self.polarity_source)
            if self.has_published_polarity
            else ""
        )

    @property
    def definition_basis(self) -> str:
        return measure_words.definition_basis(self.definition_source, self.definition)

    @property
    def data_collection(self) -> str:
        return measure_words.data_collection(self.numerator_denominator, self.definition_source)

    @property
    def publisher(self) -> str:
        return measure_words.publisher(self.framework_version)

    @property
    def is_oflog(self) -> bool:
        return self.framework_version == measure_words.OFLOG_FRAMEWORK

    @property
    def kind_words(self) -> str:
        """What the measure is: an ASCOF measure, an Oflog metric, or a return item."""
        if self.is_oflog:
            return "Oflog adult social care metric"
        return f"{self.get_tier_display()} measure"

    @property
    def code_history(self) -> str:
        """The code's history; the page selects ``predecessor`` with the measure."""
        return measure_words.code_history(
            code=self.code,
            framework_version=self.framework_version,
            predecessor_code=self.predecessor.code if self.predecessor else None,
            equivalent_code=self.equivalent_code,
        )


class PeriodQuerySet(models.QuerySet["Period"]):
    def open_on(self, day: datetime.date) -> "PeriodQuerySet":
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class Period(models.Model):
    """A financial-year quarter (Q1 = April to June) with its return window."""

    year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2024 for 2024/25."
    )
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Q{q}") for q in range(1, 5)])
    opens_on = models.DateField()
    deadline = models.DateField()
    closes_on = models.DateField()

    objects = PeriodQuerySet.as_manager()
    # Who opened or closed a quarter or moved its deadline: the audit log's "who changed what".
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="unique_period"),
            models.CheckConstraint(
                condition=Q(
                    opens_on__lte=models.F("deadline"), deadline__lte=models.F("closes_on")
                ),
                name="period_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def slug(self) -> str:
        return f"{year_slug(self.year)}-Q{self.quarter}"

    @property
    def index(self) -> int:
        return self.year * 4 + self.quarter - 1

    @property
    def starts_on(self) -> datetime.date:
        return quarter_bounds(self.year, self.quarter)[0]

    @property
    def ends_on(self) -> datetime.date:
        return quarter_bounds(self.year, self.quarter)[1]

    @staticmethod
    def parse_slug(slug: str) -> tuple[int, int] | None:
        """``2024-25-Q1`` (or the label ``2024/25 Q1``) to (2024, 1); None if malformed."""
        text = slug.strip().upper().replace("/", "-").replace(" ", "-")
        parts = text.split("-")
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
            return None
        year, short, quarter = int(parts[0]), int(parts[1]), parts[2]
        if (year + 1) % 100 != short or quarter not in {"Q1", "Q2", "Q3", "Q4"}:
            return None
        return year, int(quarter[1])

    def is_open(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    REOPENED = "reopened", "Reopened"


class Return(models.Model):
    """A council's return for one quarter. Its figures live in immutable versions; its status
    changes only through services, each change recorded as a :class:`ReturnEvent`."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    submitted_version = models.ForeignKey(
        "ReturnVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_version = models.ForeignKey(
        "ReturnVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demonstration = models.BooleanField(
        default=False, help_text="Generated from published annual figures for demonstration."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "period"], name="one_return_per_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


def upload_path(instance: "ReturnUpload", filename: str) -> str:
    ret = instance.return_obj
    return f"returns/{ret.council.ons_code}/{ret.period.slug}/{instance.sha256}{_suffix(filename)}"


def _suffix(filename: str) -> str:
    lowered = filename.lower()
    return ".xlsx" if lowered.endswith(".xlsx") else ".csv"


class LateReturnReminder(models.Model):
    """A reminder sent from the completeness grid to a council whose return is late: one per
    council, quarter and day, whoever asks for it, naming who asked and how many were e-mailed."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="late_reminders")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="late_reminders")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "council", "-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "council", "sent_on"], name="one_late_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.period.label} reminder of {self.sent_on:%-d %B %Y}"


class UploadState(models.TextChoices):
    QUEUED = "queued", "Waiting to be checked"
    VALIDATING = "validating", "Being checked"
    VALID = "valid", "Checked: no problems"
    INVALID = "invalid", "Checked: problems found"
    FAILED = "failed", "Could not be checked"


class ReturnUpload(models.Model):
    """One uploaded file and the job that checks it. The job's state lives here, in the
    database, not only in the broker. A valid upload becomes exactly one new version."""

    return_obj = models.ForeignKey(
        Return, on_delete=models.PROTECT, related_name="uploads", db_column="return_id"
    )
    file = models.FileField(upload_to=upload_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    reason = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=UploadState.choices, default=UploadState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    failure_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["return_obj", "sha256"], name="same_file_once_per_return"
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (UploadState.VALID, UploadState.INVALID, UploadState.FAILED)


class ReturnVersion(models.Model):
    """An immutable set of figures: version n of a council's return, made from one valid upload."""

    return_obj = models.ForeignKey(
        Return, on_delete=models.PROTECT, related_name="versions", db_column="return_id"
    )
    number = models.PositiveIntegerField()
    upload = models.OneToOneField(
        ReturnUpload, null=True, blank=True, on_delete=models.PROTECT, related_name="version"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    blank_count = models.PositiveIntegerField(default=0)
    is_demonstration = models.BooleanField(
        default=False,
        help_text="Made by the demonstration from published annual figures, not by a person.",
    )

    class Meta:
        ordering = ["return_obj", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["return_obj", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.return_obj} version {self.number}"

    @property
    def is_complete(self) -> bool:
        return self.blank_count == 0


class ReturnValue(models.Model):
    """One measure's figure in one version. Never updated: a correction is a new version."""

    version = models.ForeignKey(ReturnVersion, on_delete=models.PROTECT, related_name="values")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="return_values")
    value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["version", "measure__display_order", "measure__code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "measure"], name="one_value_per_measure")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code}: {self.value}"


class ReturnEvent(models.Model):
    """The history of a return: who did what, when and why."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded a file"
        VALIDATED = "validated", "File checked: new version made"
        REJECTED = "rejected", "File checked: problems found"
        FAILED = "failed", "File could not be checked"
        SUBMITTED = "submitted", "Submitted (signed off)"
        ACCEPTED = "accepted", "Accepted and locked"
        REOPENED = "reopened", "Reopened"

    return_obj = models.ForeignKey(
        Return, on_delete=models.PROTECT, related_name="events", db_column="return_id"
    )
    version = models.ForeignKey(ReturnVersion, null=True, blank=True, on_delete=models.PROTECT)
    upload = models.ForeignKey(ReturnUpload, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.return_obj}: {self.get_action_display()}"


# The published national data lives in its own module; imported here so Django finds it.
from returns.models.national import (  # noqa: E402
    WHOLE_YEAR,
    GeographyLevel,
    NationalImport,
    NationalImportState,
    PublishedValue,
    national_upload_path,
)

__all__ = [
    "GeographyLevel",
    "NationalImport",
    "NationalImportState",
    "PublishedValue",
    "WHOLE_YEAR",
    "national_upload_path",
]
