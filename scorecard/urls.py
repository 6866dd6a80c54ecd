from django.urls import path

from scorecard import views

app_name = "scorecard"

urlpatterns = [
    path("", views.council_list, name="councils"),
    path("<slug:slug>/", views.council_detail, name="council"),
]
