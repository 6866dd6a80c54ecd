"""One of everything the ``reports`` app's URLs address, added to the access matrix's world: a
published Regional Account and a rendered draft, each with a small stored PDF."""

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from reports.models import RegionalAccount, Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _version(number: int, status: str, by: Any) -> RegionalAccount:
    account = RegionalAccount(
        year=2024,
        number=number,
        status=status,
        progress=100,
        generated_by=by,
        sha256=f"{number:064d}",
        size=len(PDF),
        page_count=1,
        period_label="2024/25 Q1",
    )
    if status == Status.PUBLISHED:
        account.published_by = by
        account.published_at = timezone.now()
    account.file.save("account.pdf", ContentFile(PDF), save=False)
    account.save()
    return account


def build_reports_world(world: dict[str, Any]) -> dict[str, Any]:
    """Records for the ``reports`` URLs, built on the core world; returns the keys to add."""
    by = world["reviewer"]
    return {
        "published_account": _version(1, Status.PUBLISHED, by),
        "draft_account": _version(2, Status.RENDERED, by),
    }
