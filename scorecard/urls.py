from django.urls import path

from scorecard.views import public

app_name = "scorecard"

urlpatterns = [
    # Public: published scorecards, comparators and measures.
    path("councils/", public.council_list, name="councils"),
    path("councils/<slug:slug>/", public.council_detail, name="council"),
]
