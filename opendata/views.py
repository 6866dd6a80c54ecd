"""Pages and downloads of open data: what is published, for anyone to re-use. Open data is the
published set whoever asks (see :mod:`opendata.selectors`)."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import access
from opendata.api import CanReadOpenData, PortalUser
from opendata.downloads import measure_values_download, ratings_download
from opendata.filters import BadFilter, open_data_query
from opendata.schema import open_data_operations, open_data_schema
from opendata.selectors import DATASETS
from sli_portal.spreadsheets import Download


def _may_read(request: HttpRequest) -> None:
    if not access.can_read_open_data(request.user):
        raise PermissionDenied


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    _may_read(request)
    return render(request, "opendata/index.html", {"datasets": DATASETS})


def _send(
    request: HttpRequest, make: Callable[..., Download], allowed: tuple[str, ...], fmt: str
) -> HttpResponse:
    _may_read(request)
    try:
        query = open_data_query(request.GET, allowed=allowed)
    except BadFilter as bad:
        return render(request, "opendata/bad_filter.html", {"errors": [bad]}, status=400)
    download = make(query=query, fmt=fmt)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@require_safe
def ratings(request: HttpRequest, fmt: str) -> HttpResponse:
    """Published scorecard ratings, filtered by ``?year=`` and ``?council=``."""
    return _send(request, ratings_download, ("year", "council"), fmt)


@require_safe
def measure_values(request: HttpRequest, fmt: str) -> HttpResponse:
    """Measure values, filtered by ``?year=``, ``?measure=`` and ``?council=``."""
    return _send(request, measure_values_download, ("year", "measure", "council"), fmt)


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API described in words, from the same OpenAPI schema the schema download serves."""
    _may_read(request)
    schema = open_data_schema()
    return render(
        request,
        "opendata/api_docs.html",
        {"info": schema.get("info", {}), "operations": open_data_operations()},
    )


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema of the open data API: YAML, or JSON with ``?format=json``."""

    authentication_classes = [PortalUser]
    permission_classes = [CanReadOpenData]
    http_method_names = ["get", "head"]

    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = Response(open_data_schema())
        fmt = "json" if "json" in str(request.accepted_renderer.format) else "yaml"
        response["Content-Disposition"] = f'inline; filename="nw-sli-open-data-api.{fmt}"'
        return response
