"""The administrator's view of Table 2 and concerns. Quadrants, triggers and the automatic
triggers' thresholds are edited here, each change kept with its history. Concerns are
read-only here (their workflow is on the Planning Group's pages, where every step is recorded);
each concern opened here is recorded in the access log."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts import access
from sli_portal.admin import HistoryAdmin
from triggers.models import (
    AgendaItem,
    Concern,
    ConcernEvent,
    ConcernFile,
    Meeting,
    Quadrant,
    RiskAssessment,
    SelfCheck,
    Thresholds,
    Trigger,
)


class TriggerInline(admin.TabularInline[Trigger, Quadrant]):
    model = Trigger
    fields = ["order", "name", "source", "automatic", "active"]
    extra = 0
    show_change_link = True


@admin.register(Quadrant)
class QuadrantAdmin(HistoryAdmin[Quadrant]):
    list_display = ["order", "name", "key"]
    ordering = ["order"]
    inlines = [TriggerInline]


@admin.register(Trigger)
class TriggerAdmin(HistoryAdmin[Trigger]):
    list_display = ["name", "quadrant", "order", "automatic", "active"]
    list_filter = ["quadrant", "automatic", "active"]
    list_select_related = ["quadrant"]
    search_fields = ["name", "examples", "source"]
    ordering = ["quadrant__order", "order"]


@admin.register(Thresholds)
class ThresholdsAdmin(HistoryAdmin[Thresholds]):
    """One row: the thresholds every evaluation of the automatic triggers reads."""

    list_display = [
        "__str__",
        "mads_worse",
        "bottom_quartile_quarters",
        "unit_cost_change",
        "admissions_rise",
        "late_after_days",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not Thresholds.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConcernEventInline(admin.TabularInline[ConcernEvent, Concern]):
    model = ConcernEvent
    fields = ("at", "action", "actor", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConcernFileInline(admin.TabularInline[ConcernFile, Concern]):
    model = ConcernFile
    fields = ("original_name", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Concern)
class ConcernAdmin(HistoryAdmin[Concern]):
    list_display = ["title", "council", "trigger", "severity", "status", "visibility", "raised_on"]
    list_filter = ["status", "severity", "visibility", "trigger__quadrant"]
    list_select_related = ["council", "trigger"]
    search_fields = ["title", "council__name", "automatic_key"]
    inlines = [ConcernEventInline, ConcernFileInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Concern._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        concern = Concern.objects.select_related("council").filter(pk=object_id).first()
        if concern is not None and request.method == "GET":
            access.log_view(request.user, concern, council=concern.council)
        return super().change_view(request, object_id, form_url, extra_context)


class AgendaItemInline(admin.TabularInline[AgendaItem, Meeting]):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["council"]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin[Meeting]):
    list_display = ["title", "held_on"]
    date_hierarchy = "held_on"
    inlines = [AgendaItemInline]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(HistoryAdmin[RiskAssessment]):
    """Read here; recorded through the assessment pages, which enforce MoU 2.1 b."""

    list_display = [
        "council",
        "year",
        "assessor",
        "discussed_on",
        "final_view",
        "shared_with_council_at",
    ]
    list_filter = ["year", "final_view"]
    search_fields = ["council__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SelfCheck)
class SelfCheckAdmin(HistoryAdmin[SelfCheck]):
    """Councils' private self-checks: listed only once shared (MoU 2.1 h)."""

    list_display = ["council", "year", "shared_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SelfCheck]:
        return super().get_queryset(request).filter(shared_at__isnull=False)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
