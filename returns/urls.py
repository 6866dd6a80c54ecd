from django.urls import path, register_converter

from returns import national_views, views


class PeriodConverter:
    regex = r"\d{4}-\d{2}-Q[1-4]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "period")
register_converter(FormatConverter, "fmt")

app_name = "returns"

urlpatterns = [
    path("", views.return_list, name="list"),
    path("completeness/", views.completeness, name="completeness"),
    path("completeness/<slug:period_slug>.csv", views.completeness_csv, name="completeness_csv"),
    path(
        "completeness/<slug:period_slug>/remind/",
        views.completeness_remind,
        name="completeness_remind",
    ),
    path("national/", national_views.national_imports, name="national"),
    path("national/<int:pk>/", national_views.national_run, name="national_run"),
    path(
        "national/<int:pk>/status.json", national_views.national_run_json, name="national_run_json"
    ),
    path(
        "national/<int:pk>/report.csv", national_views.national_run_report, name="national_report"
    ),
    path("measures/directions/", views.polarity_list, name="polarity_list"),
    path("measures/<int:pk>/direction/", views.polarity_declare, name="polarity_declare"),
    path("uploads/<int:pk>/", views.upload_status, name="upload_status"),
    path("uploads/<int:pk>/status.json", views.upload_status_json, name="upload_status_json"),
    path("uploads/<int:pk>/file/", views.upload_file, name="upload_file"),
    path("<slug:council_slug>/<period:period_slug>/", views.return_detail, name="detail"),
    path(
        "<slug:council_slug>/<period:period_slug>/template.<fmt:fmt>",
        views.template_download,
        name="template",
    ),
    path("<slug:council_slug>/<period:period_slug>/upload/", views.upload, name="upload"),
    path("<slug:council_slug>/<period:period_slug>/accept/", views.accept, name="accept"),
    path("<slug:council_slug>/<period:period_slug>/reopen/", views.reopen, name="reopen"),
    path(
        "<slug:council_slug>/<period:period_slug>/versions/<int:number>/",
        views.version_detail,
        name="version",
    ),
    path(
        "<slug:council_slug>/<period:period_slug>/versions/<int:number>/submit/",
        views.submit,
        name="submit",
    ),
    path(
        "<slug:council_slug>/<period:period_slug>/versions/<int:number>/compare/<int:other>/",
        views.version_compare,
        name="compare",
    ),
]
