"""The administrator's view of improvement plans, every model with its history. Plans are
edited by their councils on the plan pages, where numbering and references are kept right;
here the structure is read-only apart from a plan's title and status."""

from django.contrib import admin
from django.http import HttpRequest

from improvement_plans.models import (
    Action,
    ActionReference,
    Citation,
    ExpectedEvidence,
    ImprovementArea,
    Milestone,
    OutcomeHeading,
    Plan,
    ProgressUpdate,
    Target,
    TargetActual,
)
from sli_portal.admin import HistoryAdmin, ReadOnlyMixin


@admin.register(Plan)
class PlanAdmin(HistoryAdmin[Plan]):
    list_display = ["title", "council", "status", "published_at", "created_at", "archived_at"]
    list_filter = ["status", "council"]
    list_select_related = ["council"]
    search_fields = ["title", "council__name"]
    readonly_fields = [
        "council",
        "created_by",
        "created_at",
        "published_at",
        "published_by",
        "source_name",
        "source_size",
        "source_sha256",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Plan | None = None) -> bool:
        return False


# The structure is read-only here: changes go through the services, which renumber in the same
# transaction.
@admin.register(OutcomeHeading)
class OutcomeHeadingAdmin(ReadOnlyMixin, HistoryAdmin[OutcomeHeading]):
    list_display = ["title", "plan", "order", "archived_at"]
    list_select_related = ["plan__council"]


@admin.register(ImprovementArea)
class ImprovementAreaAdmin(ReadOnlyMixin, HistoryAdmin[ImprovementArea]):
    list_display = ["title", "heading", "order", "archived_at"]
    list_select_related = ["heading__plan"]
    search_fields = ["title"]


@admin.register(Action)
class ActionAdmin(ReadOnlyMixin, HistoryAdmin[Action]):
    list_display = ["how_achieved", "area", "order", "status", "archived_at"]
    list_select_related = ["area"]
    search_fields = ["how_achieved"]


@admin.register(ExpectedEvidence)
class ExpectedEvidenceAdmin(ReadOnlyMixin, HistoryAdmin[ExpectedEvidence]):
    list_display = ["text", "timescale", "action", "order"]
    search_fields = ["text", "timescale"]


@admin.register(ActionReference)
class ActionReferenceAdmin(ReadOnlyMixin, HistoryAdmin[ActionReference]):
    list_display = ["source_action", "field", "target", "start", "end"]


@admin.register(Target)
class TargetAdmin(ReadOnlyMixin, HistoryAdmin[Target]):
    list_display = ["measure", "direction", "target_value", "unit", "due_date", "action"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyMixin, HistoryAdmin[Milestone]):
    list_display = ["description", "kind", "due_date", "recurrence", "completed_on", "action"]
    list_filter = ["kind", "recurrence"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyMixin, HistoryAdmin[ProgressUpdate]):
    list_display = ["action", "period", "status", "recorded_by", "recorded_at"]
    list_filter = ["status"]
    list_select_related = ["period", "recorded_by"]


@admin.register(TargetActual)
class TargetActualAdmin(ReadOnlyMixin, HistoryAdmin[TargetActual]):
    list_display = ["target", "period", "actual"]


@admin.register(Citation)
class CitationAdmin(ReadOnlyMixin, HistoryAdmin[Citation]):
    list_display = ["plan", "area", "domain", "created_at", "archived_at"]
