from django.urls import path, register_converter

from opendata import api, views
from returns.urls import FormatConverter

register_converter(FormatConverter, "open_data_format")

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("ratings.<open_data_format:fmt>", views.ratings, name="ratings_download"),
    path(
        "measure-values.<open_data_format:fmt>",
        views.measure_values,
        name="measure_values_download",
    ),
    # The JSON API, version 1: its field names are a contract.
    path("api/v1/councils/", api.CouncilList.as_view(), name="api_councils"),
    path("api/v1/measures/", api.MeasureList.as_view(), name="api_measures"),
    path("api/v1/measure-values/", api.MeasureValueList.as_view(), name="api_measure_values"),
    path("api/v1/ratings/", api.RatingList.as_view(), name="api_ratings"),
    path("api/v1/schema/", views.SchemaView.as_view(), name="schema"),
    path("api/v1/docs/", views.api_docs, name="api_docs"),
]
