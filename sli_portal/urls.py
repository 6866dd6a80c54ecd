from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "North West SLI Portal administration"
admin.site.site_title = "North West SLI Portal"

urlpatterns = [
    path("", include("pages.urls")),
    path("accounts/", include("accounts.urls")),
    path("returns/", include("returns.urls")),
    path("", include("scorecard.urls")),
    path("triggers/", include("triggers.urls")),
    path("self-assessment/", include("selfassessment.urls")),
    path("support/", include("support.urls")),
    path("plans/", include("improvement_plans.urls")),
    path("regional-account/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("open-data/", include("opendata.urls")),
    path("", include("operations.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "pages.views.permission_denied"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
