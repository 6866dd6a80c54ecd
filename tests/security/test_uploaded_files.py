"""Uploaded files live outside the web root and no URL serves them directly."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from returns.models import ReturnUpload
from tests.conftest import committed
from tests.returns.files import csv_upload

pytestmark = pytest.mark.django_db

CONFIGURED_MEDIA_ROOT = Path(settings.MEDIA_ROOT).resolve()


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_media_root_is_not_under_the_static_files() -> None:
    static_places = [
        Path(settings.STATIC_ROOT).resolve(),
        Path(settings.BASE_DIR, "static").resolve(),
    ]
    static_places += [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    for place in static_places:
        assert not CONFIGURED_MEDIA_ROOT.is_relative_to(place), place
        assert not place.is_relative_to(CONFIGURED_MEDIA_ROOT), place
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("/", "")


def test_no_url_serves_the_media_root() -> None:
    from django.views.static import serve

    for route, pattern in _patterns(get_resolver()):
        assert pattern.callback is not serve, route
        document_root = (pattern.default_args or {}).get("document_root")
        assert document_root is None, route
        assert not route.startswith(("media", "uploads")), route


def test_a_stored_upload_cannot_be_fetched_by_its_path(
    client, client_for, wirral_lead, wirral, open_period
) -> None:
    from django.urls import reverse

    with committed():
        client_for(wirral_lead).post(
            reverse("returns:upload", args=[wirral.slug, open_period.slug]),
            {"file": csv_upload(wirral, open_period), "reason": ""},
        )
    upload = ReturnUpload.objects.get()
    stored = Path(upload.file.path)
    assert stored.exists()
    relative = upload.file.name
    for url in (
        f"/media/{relative}",
        f"/static/{relative}",
        f"/uploads/{relative}",
        f"/{relative}",
    ):
        for who in (client, client_for(wirral_lead)):
            assert who.get(url).status_code == 404, url
