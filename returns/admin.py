from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from returns.catalogue_csv import catalogue_export, catalogue_import
from returns.models import (
    Measure,
    NationalImport,
    Period,
    Return,
    ReturnEvent,
    ReturnUpload,
    ReturnVersion,
)
from sli_portal.admin import HistoryAdmin, ReadOnlyAdmin


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label="Catalogue CSV", help_text="Columns as in the export.")


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin[Measure]):
    list_display = [
        "code",
        "name",
        "framework_version",
        "tier",
        "teasc_section",
        "scorecard_domain",
        "polarity",
        "in_return",
    ]
    list_filter = [
        "in_return",
        "tier",
        "framework_version",
        "teasc_section",
        "scorecard_domain",
        "periodicity",
        "polarity",
    ]
    search_fields = ["code", "name"]
    autocomplete_fields = ["predecessor"]
    change_list_template = "admin/returns/measure/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="returns_measure_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="returns_measure_import",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(catalogue_export(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="measure-catalogue.csv"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request) or not self.has_add_permission(request):
            return redirect("admin:returns_measure_changelist")
        form = CatalogueUploadForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            result = catalogue_import(content=form.cleaned_data["file"].read())
            if not result.problems:
                messages.success(
                    request,
                    f"Catalogue imported: {result.created} created, {result.updated} updated.",
                )
                return redirect("admin:returns_measure_changelist")
            problems = result.problems
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "problems": problems,
            "title": "Import measures from CSV",
            "opts": self.model._meta,
        }
        return render(
            request, "admin/returns/measure/import.html", context, status=400 if problems else 200
        )


@admin.register(Period)
class PeriodAdmin(HistoryAdmin[Period]):
    list_display = ["__str__", "opens_on", "deadline", "closes_on"]
    list_filter = ["year"]


# Returns are never edited in place: the admin shows them; services change them.
@admin.register(Return)
class ReturnAdmin(ReadOnlyAdmin[Return]):
    list_display = ["council", "period", "status", "is_demonstration"]
    list_filter = ["status", "period", "is_demonstration"]
    search_fields = ["council__name"]


@admin.register(ReturnVersion)
class ReturnVersionAdmin(ReadOnlyAdmin[ReturnVersion]):
    list_display = ["return_obj", "number", "created_by", "created_at", "blank_count"]


@admin.register(ReturnUpload)
class ReturnUploadAdmin(ReadOnlyAdmin[ReturnUpload]):
    list_display = ["return_obj", "original_name", "state", "uploaded_by", "uploaded_at"]
    list_filter = ["state"]
    exclude = ["file"]


@admin.register(ReturnEvent)
class ReturnEventAdmin(ReadOnlyAdmin[ReturnEvent]):
    list_display = ["return_obj", "action", "actor", "at"]
    list_filter = ["action"]


@admin.register(NationalImport)
class NationalImportAdmin(ReadOnlyAdmin[NationalImport]):
    list_display = [
        "dataset",
        "file_name",
        "state",
        "rows_read",
        "rows_new",
        "rows_changed",
        "rows_refused",
        "imported_at",
    ]
