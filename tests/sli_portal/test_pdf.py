"""The one PDF renderer: a link within the document is read out by its text, and the page's
margin boxes (running header, page number) are pagination artifacts, outside the structure
tree."""

import io
import re

from pypdf import PdfReader

from sli_portal.pdf import html_to_pdf

DOCUMENT = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>A document</title>
<style>@page { @top-left { content: string(section); } @bottom-right { content: "Page "
counter(page); } } h2 { string-set: section content(text); }</style></head><body>
<nav><a href="#first-section">The first section</a></nav>
<h2 id="first-section">The first section</h2><p>Some text.</p></body></html>"""


def test_a_link_reads_as_its_text_and_margins_are_artifacts() -> None:
    content, pages = html_to_pdf(DOCUMENT)
    assert pages == 1
    page = PdfReader(io.BytesIO(content)).pages[0]
    [link] = [a.get_object() for a in page["/Annots"]]
    assert link["/Dest"] == "first-section"
    assert link["/Contents"] == "The first section"
    stream = page.get_contents().get_data().decode("latin-1")
    assert stream.count("/Artifact\n<</Type /Pagination>>\nBDC") == 2
    assert "Page 1" in page.extract_text()
    # Every other marked content is a structure element's.
    assert len(re.findall(r"/MCID \d+", stream)) == 3
