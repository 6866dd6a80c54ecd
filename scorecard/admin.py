"""The administrator's view of the scorecard. Judgements, narratives and Local Accounts keep their
history (HistoryAdmin shows it). Comparators are computed from accepted returns and
published data, so they are read-only here: change the figures, not the comparators."""

from django.contrib import admin

from scorecard.models import (
    CouncilPosition,
    Judgement,
    LocalAccount,
    MeasureBenchmark,
    Narrative,
    PublishedBenchmark,
    PublishedPosition,
    QualityStatement,
    TeascSummary,
)
from sli_portal.admin import HistoryAdmin, ReadOnlyAdmin


@admin.register(QualityStatement)
class QualityStatementAdmin(admin.ModelAdmin[QualityStatement]):
    list_display = ["number", "name", "theme", "domains"]
    list_filter = ["theme"]
    ordering = ["number"]


@admin.register(Judgement)
class JudgementAdmin(HistoryAdmin[Judgement]):
    list_display = ["council", "period", "domain", "rating", "published_rating", "published_at"]
    list_filter = ["domain", "rating", "published_rating", "period"]
    search_fields = ["council__name"]
    list_select_related = ["council", "period"]
    raw_id_fields = ["written_by", "published_by"]
    filter_horizontal = ["quality_statements"]


@admin.register(Narrative)
class NarrativeAdmin(HistoryAdmin[Narrative]):
    list_display = ["council", "period", "published_at", "updated_at"]
    list_filter = ["period"]
    search_fields = ["council__name"]
    list_select_related = ["council", "period"]
    raw_id_fields = ["edited_by"]


@admin.register(LocalAccount)
class LocalAccountAdmin(HistoryAdmin[LocalAccount]):
    list_display = ["council", "year", "assessment", "published_on", "updated_at"]
    list_filter = ["assessment", "year"]
    search_fields = ["council__name"]
    list_select_related = ["council"]
    raw_id_fields = ["recorded_by"]


# Computed by scorecard.comparators: viewable, never edited by hand.
@admin.register(MeasureBenchmark)
class MeasureBenchmarkAdmin(ReadOnlyAdmin[MeasureBenchmark]):
    list_display = ["measure", "period", "nw_count", "nw_median", "england_value"]
    list_filter = ["period"]
    search_fields = ["measure__code", "measure__name"]
    list_select_related = ["measure", "period"]


@admin.register(CouncilPosition)
class CouncilPositionAdmin(ReadOnlyAdmin[CouncilPosition]):
    list_display = ["council", "measure", "period", "value", "band", "direction"]
    list_filter = ["period", "band", "direction"]
    search_fields = ["council__name", "measure__code"]
    list_select_related = ["council", "measure", "period"]


@admin.register(PublishedBenchmark)
class PublishedBenchmarkAdmin(ReadOnlyAdmin[PublishedBenchmark]):
    list_display = ["measure", "year", "group", "group_key", "count", "median", "too_small"]
    list_filter = ["year", "group"]
    search_fields = ["measure__code", "group_key"]
    list_select_related = ["measure"]


@admin.register(PublishedPosition)
class PublishedPositionAdmin(ReadOnlyAdmin[PublishedPosition]):
    list_display = ["council", "measure", "year", "group", "value", "band"]
    list_filter = ["year", "group", "band"]
    search_fields = ["council__name", "measure__code"]
    list_select_related = ["council", "measure"]


@admin.register(TeascSummary)
class TeascSummaryAdmin(ReadOnlyAdmin[TeascSummary]):
    list_display = ["council", "period", "items", "better", "improving", "better_and_improving"]
    list_filter = ["period"]
    search_fields = ["council__name"]
    list_select_related = ["council", "period"]
