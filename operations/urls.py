from django.urls import path

from operations import administration, views

app_name = "operations"

urlpatterns = [
    # Exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT): keep the path.
    path("health/", views.health, name="health"),
    path("audit/", views.access_log, name="access_log"),
    path("audit/access-log.csv", views.access_log_csv, name="access_log_csv"),
    path("audit/changes/", views.change_log, name="change_log"),
    # The regional administrator's pages: quarters and people.
    path("administration/", administration.index, name="administration"),
    path("administration/quarters/", administration.quarters, name="quarters"),
    path("administration/quarters/open/", administration.quarter_open, name="quarter_open"),
    path("administration/quarters/<str:slug>/", administration.quarter, name="quarter"),
    path(
        "administration/quarters/<str:slug>/close/",
        administration.quarter_close,
        name="quarter_close",
    ),
    path("administration/people/", administration.people, name="people"),
    path("administration/people/invite/", administration.invite, name="invite"),
    path("administration/people/<int:pk>/", administration.person, name="person"),
    path(
        "administration/people/<int:pk>/roles/<int:membership_pk>/remove/",
        administration.role_remove,
        name="role_remove",
    ),
]
