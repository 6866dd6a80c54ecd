from django.contrib import admin

from authorities.models import ComparatorGroup, ComparatorGroupMember, Council, SubRegion
from sli_portal.admin import HistoryAdmin


@admin.register(SubRegion)
class SubRegionAdmin(admin.ModelAdmin[SubRegion]):
    list_display = ["name"]


@admin.register(Council)
class CouncilAdmin(HistoryAdmin[Council]):
    list_display = ["name", "ons_code", "authority_type", "sub_region", "start_date", "end_date"]
    list_filter = ["authority_type", "sub_region", "in_2013_mou"]
    search_fields = ["name", "ons_code"]
    prepopulated_fields = {"slug": ["name"]}


class ComparatorGroupMemberInline(admin.TabularInline[ComparatorGroupMember, ComparatorGroup]):
    model = ComparatorGroupMember
    extra = 0


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(HistoryAdmin[ComparatorGroup]):
    list_display = ["council", "kind", "comparator_set", "applies_from_year"]
    list_filter = ["kind", "applies_from_year"]
    inlines = [ComparatorGroupMemberInline]
