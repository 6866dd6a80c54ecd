"""The published national data used as comparators (ASCOF, Oflog) and the record of each
national import."""

import datetime
import uuid

from django.conf import settings
from django.db import models

from returns.models import Measure, _suffix


class GeographyLevel(models.TextChoices):
    COUNCIL = "council", "Council"
    REGION = "region", "Region"
    COUNCIL_TYPE = "council_type", "Council type"
    ENGLAND = "england", "England"


# ``PublishedValue.month`` of a figure for the whole financial year.
WHOLE_YEAR = 0


class PublishedValue(models.Model):
    """A figure from a published national dataset (NHS England ASCOF and delayed transfers,
    Oflog, PHE, ASC-FR) for a council, region, council type or England in a financial year, or
    in one month of it for a monthly measure. A missing figure is stored as missing with its
    reason; it is never an error and never a zero."""

    # No index of its own: the unique constraint, which starts with it, serves every lookup.
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="published_values", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(
        default=WHOLE_YEAR,
        help_text="Calendar month (1-12) of a monthly figure, within the financial year; 0 for "
        "a figure of the whole year.",
    )
    level = models.CharField(max_length=20, choices=GeographyLevel.choices)
    geography = models.CharField(
        max_length=60, help_text="ONS code, or a normalised name for council types."
    )
    geography_name = models.CharField(max_length=120)
    value = models.FloatField(null=True, blank=True)
    missing_reason = models.CharField(max_length=60, blank=True)
    reference_median = models.FloatField(null=True, blank=True)
    reference_mads = models.FloatField(null=True, blank=True)
    dataset = models.CharField(max_length=40)
    digest = models.BigIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="A hash of the row as the last national import stored it, by which a later "
        "import knows the row unchanged without comparing it. On PostgreSQL the database "
        "clears it whenever anything else changes the row (see the migration).",
    )

    class Meta:
        ordering = ["measure", "year", "level", "geography"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "month", "level", "geography"],
                name="unique_published_value",
            )
        ]
        indexes = [models.Index(fields=["level", "year"])]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.year} {self.geography_name}: {self.value}"


class NationalImportState(models.TextChoices):
    QUEUED = "queued", "Waiting to be imported"
    RUNNING = "running", "Being imported"
    SUCCEEDED = "succeeded", "Imported"
    FAILED = "failed", "Failed: nothing changed"


def national_upload_path(run: "NationalImport", filename: str) -> str:
    return f"national/{run.dataset}/{uuid.uuid4().hex}{_suffix(filename)}"


class NationalImport(models.Model):
    """One run of a national import (from the browser or the command): its file (name, size,
    SHA-256), who ran it and when, how long it took, what it found and, if it failed, why. A
    failed run changed nothing."""

    dataset = models.CharField(max_length=40)
    file = models.FileField(upload_to=national_upload_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    remove_missing = models.BooleanField(
        default=False, help_text="Remove stored rows the file no longer has."
    )
    state = models.CharField(
        max_length=20, choices=NationalImportState.choices, default=NationalImportState.QUEUED
    )
    step = models.CharField(max_length=120, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_matched = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(default=0)
    rows_renamed = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)
    rows_missing = models.PositiveIntegerField(default=0)
    rows_conflicting = models.PositiveIntegerField(default=0)
    rows_disappearing = models.PositiveIntegerField(default=0)
    rows_removed = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    failure_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        indexes = [models.Index(fields=["dataset", "sha256"], name="national_import_file")]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.file_name}"

    @property
    def rows_stored(self) -> int:
        return self.rows_new + self.rows_changed

    @property
    def resumable(self) -> bool:
        """Whether a worker can run it again: an uploaded file is stored; a command's is not."""
        return bool(self.file)

    @property
    def run_by(self) -> str:
        """Who ran it, as the pages name them."""
        if self.imported_by is None:
            return "the import command"
        return self.imported_by.get_full_name() or self.imported_by.email

    @property
    def is_finished(self) -> bool:
        return self.state in (NationalImportState.SUCCEEDED, NationalImportState.FAILED)

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return self.finished_at - self.started_at
