"""The one place PDFs are made: WeasyPrint renders a template, offline. Its URL fetcher serves
only the portal's own static files, so a document never reaches the network or any other
file. Output is tagged PDF/UA-1, for accessibility."""

import logging
import mimetypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

BASE_URL = "https://sli-portal.invalid/"
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}

# A progress hook is told (stage, page): stage is "layout" with the page being laid out, then
# "pdf" (writing the file) with the page count; page is 0 for the earlier stages.
Progress = Callable[[str, int], None]


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
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


def render_pdf_html(
    template_name: str, context: dict[str, Any], *, title: str, author: str = ""
) -> str:
    """The finished HTML :func:`render_pdf` lays out (for tests and benchmarks)."""
    return render_to_string(
        template_name, {**context, "document_title": title, "document_author": author}
    )


def html_to_pdf(html: str, *, progress: Progress | None = None) -> tuple[bytes, int]:
    """Lay out finished HTML and write it as a tagged PDF; returns the PDF and its page count."""
    document_html = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    with _reporting(progress):
        document = document_html.render(**PDF_OPTIONS)
    pages = len(document.pages)
    if progress is not None:
        progress("pdf", pages)
    names = _link_texts(html)

    def finish(_document: Any, pdf: Any) -> None:
        _name_links(pdf, names)
        if "StructTreeRoot" in pdf.catalog:
            _margins_as_artifacts(pdf)

    return document.write_pdf(finisher=finish, **PDF_OPTIONS) or b"", pages


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    title: str,
    author: str = "",
    progress: Progress | None = None,
    on_pages: Callable[[int], None] | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` to a tagged PDF (PDF/UA-1). The template
    extends ``pdf/base.html``, which sets the document's title, author and language.
    ``progress`` hears the layout page by page; ``on_pages`` is told the page count."""
    html = render_pdf_html(template_name, context, title=title, author=author)
    content, pages = html_to_pdf(html, progress=progress)
    if on_pages is not None:
        on_pages(pages)
    return content


class _LinkTexts(HTMLParser):
    """The text of each link to a place in the document, by the place's id."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self._target: str | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("#"):
            self._target, self._parts = href[1:], []

    def handle_data(self, data: str) -> None:
        if self._target is not None:
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._target is not None:
            self.texts.setdefault(self._target, " ".join("".join(self._parts).split()))
            self._target = None


def _link_texts(html: str) -> dict[str, str]:
    parser = _LinkTexts()
    parser.feed(html)
    return parser.texts


def _name_links(pdf: Any, texts: dict[str, str]) -> None:
    """A link within the document is read out by its text (a section's title in the
    contents), not by the id it points to: its annotation's Contents is the link's text."""
    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or item.get("Subtype") != "/Link":
            continue
        dest = item.get("Dest")
        target = dest.string if isinstance(dest, pydyf.String) else None
        if isinstance(target, str) and texts.get(target):
            item["Contents"] = pydyf.String(texts[target])


def _number(reference: Any) -> int | None:
    """The object number of a reference written as ``b"12 0 R"``, else None."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split()[0])
    return None


def _reachable(pdf: Any) -> set[int]:
    """The structure elements in the document's structure tree."""
    seen: set[int] = set()
    todo = [_number(pdf.catalog["StructTreeRoot"])]
    while todo:
        number = todo.pop()
        if number is None or number in seen:
            continue
        seen.add(number)
        kids = pdf.objects[number].get("K")
        items = kids if isinstance(kids, list) else [kids]
        todo.extend(_number(item) for item in items)
    return seen


def _margins_as_artifacts(pdf: Any) -> None:
    """Running headers and page numbers (the page's margin boxes) are marked as pagination
    artifacts, as PDF/UA asks: WeasyPrint marks their text as content of elements it leaves
    out of the structure tree, which a screen reader cannot place."""
    reachable = _reachable(pdf)
    tree_root = pdf.objects[_number(pdf.catalog["StructTreeRoot"]) or 0]
    nums = pdf.objects[_number(tree_root["ParentTree"]) or 0]["Nums"]
    orphans: dict[int, set[int]] = {}
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if isinstance(value, list):
            orphans[key] = {mcid for mcid, ref in enumerate(value) if _number(ref) not in reachable}
    for page_number, page_ref in enumerate(pdf.page_references):
        page = pdf.objects[_number(page_ref) or 0]
        stream = pdf.objects[_number(page["Contents"]) or 0].stream
        hidden = orphans.get(page_number, set())
        for index in range(len(stream) - 2):
            properties = stream[index + 1]
            if (
                stream[index + 2] == b"BDC"
                and isinstance(properties, pydyf.Dictionary)
                and properties.get("MCID") in hidden
            ):
                stream[index] = "/Artifact"
                stream[index + 1] = pydyf.Dictionary({"Type": "/Pagination"})


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's progress log ("Step 5 - Creating layout - Page 12") into calls of a
    progress hook, for the rendering thread only."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(level=logging.INFO)
        self.progress = progress
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        message = record.getMessage()
        if "Creating layout - Page" in message:
            page = message.rsplit(" ", 1)[-1]
            self.progress("layout", int(page) if page.isdigit() else 0)


@contextmanager
def _reporting(progress: Progress | None) -> Iterator[None]:
    if progress is None:
        yield
        return
    logger = logging.getLogger("weasyprint.progress")
    handler = _LayoutProgress(progress)
    # The page-by-page messages are for the hook, not for the log.
    previous = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]
