"""The one place PDFs are made: WeasyPrint renders a template, offline. Its URL fetcher serves
only the portal's own static files, so a document never reaches the network or any other
file. Output is tagged PDF/UA-1, for accessibility."""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

BASE_URL = "https://sli-portal.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves ``/static/...`` from the portal's static folders; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        found = None
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith(
            settings.STATIC_URL
        ):
            found = finders.find(parts.path[len(settings.STATIC_URL) :])
        if not isinstance(found, str):
            raise FatalURLFetchingError(f"Not one of the portal's static files: {url}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(template_name: str, context: dict[str, Any], *, title: str) -> bytes:
    """Render ``template_name`` with ``context`` to a tagged PDF (PDF/UA-1). The template
    extends ``pdf/base.html``, which sets the document's title and language."""
    html = render_to_string(template_name, {**context, "document_title": title})
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1") or b""
