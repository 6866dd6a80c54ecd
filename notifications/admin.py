from django.contrib import admin

from notifications.models import Notification
from sli_portal.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin[Notification]):
    """The e-mails, read-only: the record of what the portal e-mailed to whom, and of any the
    mail server refused (attempts and the last error)."""

    list_display = ["created_at", "user", "kind", "subject", "sent_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "subject", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "kind",
        "key",
        "subject",
        "paragraphs",
        "path",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ]
