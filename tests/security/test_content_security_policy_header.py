"""The Content Security Policy allows our own scripts and styles only, none inline."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered by WeasyPrint into PDFs only, never served to a browser as HTML.
PDF_ONLY = {
    "selfassessment/report_pdf.html",
    "improvement_plans/plan_pdf.html",
    "pdf/meeting_pack.html",
}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\bstyle\s*=|<style\b", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("url_name", ["pages:home", "scorecard:overview", "accounts:login"])
def test_pages_send_a_policy_without_unsafe_inline(client, url_name) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = _directives(header)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_signed_in_pages_send_it_too(client_for, planning_group_member) -> None:
    response = client_for(planning_group_member).get(reverse("pages:home"))
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_no_template_served_as_html_has_inline_script_or_style() -> None:
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_ONLY:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []


def test_pdf_only_templates_go_to_weasyprint_only() -> None:
    """The templates allowed to keep styles are used only by modules that make PDFs."""
    sources = [
        p
        for p in Path(settings.BASE_DIR).glob("*/**/*.py")
        if not {".venv", "tests"} & set(p.parts)
    ]
    for template in PDF_ONLY:
        users = [p for p in sources if template in p.read_text(encoding="utf-8")]
        assert users, template
        for source in users:
            assert "sli_portal.pdf import" in source.read_text(encoding="utf-8"), source


def test_charts_have_no_style_attributes() -> None:
    from sli_portal import charts

    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert not re.search(r"\bstyle\s*=|<style", source)
