"""The administrator's view of the support app. Table 1 (tiers and offers), the ledger's
setting and events are edited here, each change kept with its history. Engagements, directory
entries, challenges and bookings are read here: their workflows are on the app's pages and in
its services, where every step is checked and recorded."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sli_portal.admin import HistoryAdmin, ReadOnlyMixin
from support.models import (
    Booking,
    Engagement,
    EngagementEvent,
    EngagementProvider,
    Event,
    LedgerSettings,
    Offer,
    ShareChallenge,
    StrengthEntry,
    Table1Tier,
)


class OfferInline(admin.TabularInline[Offer, Table1Tier]):
    model = Offer
    fields = ["order", "key", "name", "description", "active"]
    extra = 0
    show_change_link = True


@admin.register(Table1Tier)
class Table1TierAdmin(HistoryAdmin[Table1Tier]):
    list_display = ["order", "name", "key"]
    inlines = [OfferInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Offer)
class OfferAdmin(HistoryAdmin[Offer]):
    list_display = ["name", "tier", "order", "source", "active"]
    list_filter = ["tier", "source", "active"]
    list_select_related = ["tier"]
    search_fields = ["name", "description", "key"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LedgerSettings)
class LedgerSettingsAdmin(HistoryAdmin[LedgerSettings]):
    """One row: the multiple of the regional median above which a council is flagged."""

    list_display = ["__str__", "disproportionate_multiple"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not LedgerSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(HistoryAdmin[Event]):
    list_display = ["title", "kind", "starts_at", "place", "host_council", "capacity"]
    list_filter = ["kind"]
    list_select_related = ["host_council"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["host_council"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyMixin, HistoryAdmin[Booking]):
    list_display = ["event", "council", "booked_by", "places", "status", "attended"]
    list_filter = ["status", "attended"]
    list_select_related = ["event", "council", "booked_by"]


@admin.register(StrengthEntry)
class StrengthEntryAdmin(ReadOnlyMixin, HistoryAdmin[StrengthEntry]):
    list_display = ["topic", "council", "status", "source", "endorsed_at"]
    list_filter = ["status", "source"]
    list_select_related = ["council"]
    search_fields = ["topic", "description", "council__name"]


class ProviderInline(admin.TabularInline[EngagementProvider, Engagement]):
    model = EngagementProvider
    fields = (
        "council",
        "role",
        "officer_days_planned",
        "officer_days_actual",
        "member_days_planned",
        "member_days_actual",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EngagementEventInline(admin.TabularInline[EngagementEvent, Engagement]):
    model = EngagementEvent
    fields = ("at", "action", "from_status", "to_status", "actor", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyMixin, HistoryAdmin[Engagement]):
    list_display = ["topic", "council", "offer", "tier", "origin", "status", "starts_on"]
    list_filter = ["status", "origin", "tier"]
    list_select_related = ["council", "offer", "tier"]
    search_fields = ["topic", "council__name"]
    inlines = [ProviderInline, EngagementEventInline]


@admin.register(ShareChallenge)
class ShareChallengeAdmin(ReadOnlyMixin, HistoryAdmin[ShareChallenge]):
    list_display = ["council", "year", "lodged_at", "outcome", "resolved_at"]
    list_filter = ["year", "outcome"]
    list_select_related = ["council"]
