from django.urls import URLPattern, path

from reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("", views.account_list, name="list"),
    path("latest.pdf", views.latest, name="latest"),
    path("new/", views.generate, name="generate"),
    path("<int:pk>/", views.status, name="status"),
    path("<int:pk>/status.json", views.status_json, name="status_json"),
    path("<int:pk>/regional-account.pdf", views.download, name="download"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:year>/key-messages/", views.key_messages, name="key_messages"),
    path("<int:year>/key-messages/<slug:topic>/", views.edit_key_message, name="key_message_edit"),
    path("meetings/<int:pk>/pack.pdf", views.meeting_pack, name="meeting_pack"),
]
