"""The administrator's view of thematic reviews and self-assessments, each change kept with
its history. Self-assessments, answers and their events are read-only here: their workflow
(save, submit, sign off, reopen with a reason, moderate) runs through the services, where every
step is checked and recorded."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from selfassessment.models import (
    Answer,
    EvidenceFile,
    LevelDescriptor,
    ReminderSent,
    ReviewImport,
    Section,
    SelfAssessment,
    SelfAssessmentEvent,
    Standard,
    ThematicReview,
)
from sli_portal.admin import HistoryAdmin, ReadOnlyMixin


class SectionInline(admin.TabularInline[Section, ThematicReview]):
    model = Section
    fields = ["order", "title"]
    extra = 0
    show_change_link = True


@admin.register(ThematicReview)
class ThematicReviewAdmin(HistoryAdmin[ThematicReview]):
    list_display = ["title", "year", "opens_on", "closes_on", "max_level", "report_published_at"]
    list_filter = ["year"]
    search_fields = ["title"]
    readonly_fields = [
        "copied_from",
        "created_by",
        "report_updated_by",
        "report_updated_at",
        "report_published_by",
        "report_published_at",
    ]
    inlines = [SectionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StandardInline(admin.TabularInline[Standard, Section]):
    model = Standard
    fields = ["order", "code", "title", "is_key_element"]
    extra = 0
    show_change_link = True


@admin.register(Section)
class SectionAdmin(HistoryAdmin[Section]):
    list_display = ["title", "review", "order"]
    list_filter = ["review"]
    inlines = [StandardInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LevelDescriptorInline(admin.TabularInline[LevelDescriptor, Standard]):
    model = LevelDescriptor
    fields = ["level", "descriptor"]
    extra = 0


@admin.register(Standard)
class StandardAdmin(HistoryAdmin[Standard]):
    list_display = ["code", "title", "review", "section", "is_key_element"]
    list_filter = ["review", "is_key_element"]
    search_fields = ["code", "title"]
    inlines = [LevelDescriptorInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyMixin, HistoryAdmin[SelfAssessment]):
    list_display = ["council", "review", "status", "submitted_at", "signed_off_at"]
    list_filter = ["review", "status"]
    list_select_related = ["council", "review"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyMixin, HistoryAdmin[Answer]):
    list_display = ["self_assessment", "standard", "level", "moderated_level", "updated_at"]
    list_filter = ["self_assessment__review"]
    list_select_related = ["self_assessment__council", "self_assessment__review", "standard"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyMixin, HistoryAdmin[EvidenceFile]):
    list_display = ["original_name", "answer", "uploaded_by", "uploaded_at", "archived_at"]


@admin.register(SelfAssessmentEvent)
class SelfAssessmentEventAdmin(ReadOnlyMixin, admin.ModelAdmin[SelfAssessmentEvent]):
    list_display = ["self_assessment", "action", "actor", "at"]
    list_filter = ["action"]


@admin.register(ReviewImport)
class ReviewImportAdmin(ReadOnlyMixin, admin.ModelAdmin[ReviewImport]):
    list_display = ["file_name", "review", "year", "imported_by", "imported_at"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyMixin, admin.ModelAdmin[ReminderSent]):
    list_display = ["review", "council", "days_before", "sent_at"]
