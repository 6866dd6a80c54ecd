"""The administrator's view of Regional Account versions: read-only, with their history.
Versions are made, published and withdrawn on the portal's own pages, never edited here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reports.models import LocalAccountNaming, RegionalAccount
from sli_portal.admin import HistoryAdmin


@admin.register(RegionalAccount)
class RegionalAccountAdmin(HistoryAdmin[RegionalAccount]):
    list_display = [
        "year",
        "number",
        "status",
        "period_label",
        "page_count",
        "generated_by",
        "generated_at",
        "published_at",
    ]
    list_filter = ["status", "year"]
    list_select_related = ["generated_by", "up_to"]
    readonly_fields = [f.name for f in RegionalAccount._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LocalAccountNaming)
class LocalAccountNamingAdmin(HistoryAdmin[LocalAccountNaming]):
    """The Board's decision whether the Account names Local Account assessments: recorded
    here by the administrator, with the minute it comes from; each decision is kept."""

    list_display = ["decided_on", "name_councils", "decision", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(
        self, request: HttpRequest, obj: LocalAccountNaming, form: Any, change: bool
    ) -> None:
        obj.recorded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
