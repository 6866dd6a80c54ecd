from django.urls import path

from operations import views

app_name = "operations"

urlpatterns = [
    # Exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT): keep the path.
    path("health/", views.health, name="health"),
    path("audit/", views.access_log, name="access_log"),
    path("audit/access-log.csv", views.access_log_csv, name="access_log_csv"),
    path("audit/changes/", views.change_log, name="change_log"),
]
