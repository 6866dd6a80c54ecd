from django.contrib import admin
from django.http import HttpRequest

from notifications.models import SentNotification


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    """The sent log, read-only: it is the record of what the portal e-mailed to whom."""

    list_display = ["sent_at", "user", "kind", "subject"]
    list_filter = ["kind"]
    search_fields = ["user__email", "subject", "key"]
    date_hierarchy = "sent_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "kind", "key", "subject", "path", "sent_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
