"""The Regional Account (DOMAIN.md 8): every generated version is kept, with who asked for it,
when, from which data, and the PDF it produced. Nothing is overwritten: generating again makes
a new version; publishing one keeps the older ones; the latest published one has a stable URL."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from returns.models import Period
from sli_portal.financial_years import year_label, year_slug


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RENDERING = "rendering", "Being produced"
    RENDERED = "rendered", "Ready to check (not published)"
    FAILED = "failed", "Could not be produced"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


FINISHED = frozenset({Status.RENDERED, Status.FAILED, Status.PUBLISHED, Status.WITHDRAWN})


def account_path(instance: "RegionalAccount", filename: str) -> str:
    """Under MEDIA_ROOT (outside the web root); the file is only served by an access-checked
    view. The name carries the version and the start of the file's SHA-256."""
    return (
        f"regional_accounts/{instance.year}/"
        f"regional-account-{instance.year}-v{instance.number}-{instance.sha256[:12]}.pdf"
    )


class RegionalAccountQuerySet(models.QuerySet["RegionalAccount"]):
    def published(self) -> "RegionalAccountQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def latest_published(self) -> "RegionalAccount | None":
        """The version behind the stable URL: the most recently published one."""
        return self.published().order_by("-published_at", "-pk").first()


class RegionalAccount(models.Model):
    """One generated version of the Regional Account for a financial year (optionally up to a
    quarter). ``manifest`` records the data it was built from; ``manifest_sha256`` lets a
    second request for the same data be recognised."""

    year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2023 for 2023/24."
    )
    up_to = models.ForeignKey(
        Period,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Only data up to this quarter; empty for the whole year.",
    )
    number = models.PositiveIntegerField(help_text="Version number within the year.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to=account_path, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    period_label = models.CharField(
        max_length=20, blank=True, help_text="The quarter the Account's figures are as at."
    )
    manifest = models.JSONField(default=dict, blank=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    error_message = models.TextField(blank=True)

    objects = RegionalAccountQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_regional_account_number"),
        ]

    def __str__(self) -> str:
        return f"Regional Account {self.year_label} version {self.number}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def scope_label(self) -> str:
        if self.up_to_id is None:
            return self.year_label
        return f"{self.year_label}, up to Q{self.up_to.quarter}" if self.up_to else ""

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.status in (
            Status.RENDERED,
            Status.PUBLISHED,
            Status.WITHDRAWN,
        )

    @property
    def filename(self) -> str:
        return f"nw-regional-account-{year_slug(self.year)}-v{self.number}.pdf"


class Topic(models.TextChoices):
    """The key messages that open the Account, in the order it prints them (MoU 2.1 b, i)."""

    DOMAINS = "domains", "The region in the six domains"
    TEASC = "teasc", "The TEASC headline"
    RETURNS = "returns", "Quarterly returns"
    SELF_ASSESSMENT = "self_assessment", "Thematic self-assessment"
    SUPPORT = "support", "Support given and received"
    BOARD = "board", "Questions and decisions for the Board"


class KeyMessage(models.Model):
    """The Planning Group's wording of one key message of a year's Account. The portal drafts
    each message from the figures; ``draft`` keeps the draft the Planning Group edited and
    ``text`` their words. Every change is kept in ``history``. A topic without a row is still
    the portal's draft, and no version holding one can be published."""

    year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2023 for 2023/24."
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    draft = models.TextField(help_text="The portal's draft this wording was edited from.")
    text = models.TextField(help_text="The Planning Group's wording.")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["year", "topic"], name="one_key_message_per_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}, {year_label(self.year)}"


class LocalAccountNaming(models.Model):
    """The Board's decision whether the Account names each council's Local Account assessment
    (Table 2 wording such as "vague" or "too ambitious" about a named council) or gives counts
    only. Counts only unless a recorded decision says otherwise; the latest decision holds."""

    name_councils = models.BooleanField(
        help_text="Whether the Account names each council's Local Account assessment."
    )
    decision = models.CharField(
        max_length=500, help_text="The Board's decision, as minuted (meeting and date)."
    )
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        named = "named" if self.name_councils else "counts only"
        return f"Local Account assessments {named} from {self.decided_on:%-d %B %Y}"
