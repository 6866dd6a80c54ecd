from django.urls import path, register_converter

from returns.urls import FormatConverter
from scorecard.views import judgements, public, teasc

register_converter(FormatConverter, "download_format")

app_name = "scorecard"

urlpatterns = [
    # Public: published scorecards, comparators and measures.
    path("councils/", public.council_list, name="councils"),
    path("councils/<slug:slug>/", public.council_detail, name="council"),
    path("scorecard/", public.overview, name="overview"),
    path("scorecard/teasc/", teasc.teasc_overview, name="teasc_overview"),
    path("councils/<slug:slug>/scorecard/", public.council_scorecard, name="scorecard"),
    path("measures/<int:pk>/", public.measure_detail, name="measure"),
    path(
        "measures/<int:pk>/download.<download_format:fmt>",
        public.measure_download,
        name="measure_download",
    ),
    # The Planning Group: judgements, narratives and Local Accounts.
    path(
        "councils/<slug:slug>/scorecard/<str:period>/edit/",
        judgements.judgements,
        name="judgements",
    ),
    path(
        "councils/<slug:slug>/scorecard/<str:period>/publish/",
        judgements.publish,
        name="publish",
    ),
    path(
        "councils/<slug:slug>/scorecard/<str:period>/narrative/",
        judgements.narrative,
        name="narrative",
    ),
    path(
        "councils/<slug:slug>/scorecard/<str:period>/history/",
        judgements.judgement_history,
        name="judgement_history",
    ),
    path("councils/<slug:slug>/local-accounts/", judgements.local_accounts, name="local_accounts"),
    path(
        "councils/<slug:slug>/local-accounts/<int:year>/edit/",
        judgements.local_account_edit,
        name="local_account_edit",
    ),
    path(
        "councils/<slug:slug>/local-accounts/<int:year>/document/",
        judgements.local_account_document,
        name="local_account_document",
    ),
]
