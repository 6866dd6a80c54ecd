"""The record of every background job, kept in the database rather than in the broker.

A row is written when a task's message is sent (before the broker is asked, so a send the
broker refuses is still on record), and again when a worker starts and finishes it. Redis only
carries the messages: if it is flushed, restarted without its data or unreachable when a job is
sent, or a worker dies in the middle of a job, this record still says which jobs are owed, and
the job sweeper (:mod:`operations.jobs`) sends them again or fails them.

Tasks run in-process (the embedded default, no broker) are not background jobs and are not
recorded here.
"""

from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    STARTED = "started", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """One background job: a task's message under one id, through every send and run of it."""

    task_id = models.CharField(max_length=64, unique=True)
    name = models.CharField("task", max_length=200, db_index=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    queued_at = models.DateTimeField("last sent")
    eta = models.DateTimeField(
        "not before", null=True, blank=True, help_text="A retry waits until then."
    )
    started_at = models.DateTimeField("last started", null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(
        default=0, help_text="Messages sent for this job: the first and each one sent again."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Runs a worker started (a run cut short by a dead worker counts)."
    )
    worker = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "queued_at"], name="job_state_queued"),
            models.Index(fields=["state", "started_at"], name="job_state_started"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.task_id} ({self.get_state_display()})"
