from django.contrib import admin

from operations.models import Job
from sli_portal.admin import ReadOnlyAdmin


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin[Job]):
    """The job record, read-only: workers and the job sweeper write it (see operations.jobs)."""

    list_display = ["queued_at", "name", "state", "sends", "attempts", "started_at", "finished_at"]
    list_filter = ["state", "name"]
    search_fields = ["task_id", "name", "error"]
    date_hierarchy = "queued_at"
    readonly_fields = [
        "task_id",
        "name",
        "args",
        "kwargs",
        "state",
        "queued_at",
        "eta",
        "started_at",
        "finished_at",
        "sends",
        "attempts",
        "worker",
        "error",
    ]
