"""The Regional Account as a reader gets it: the text pdftotext extracts (reading order), and
the PDF's own structure read with pypdf (tagged PDF/UA, title, language, outline, A4, fonts)."""

import re
from typing import Any

import pytest

from tests.reports.conftest import CONFIDENTIAL, RenderedRegion, pdf_reader

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def titles(items: list) -> list[str]:
    """The outline's (bookmarks') titles, in order."""
    found: list[str] = []
    for item in items:
        if isinstance(item, list):
            found += titles(item)
        else:
            found.append(item.title)
    return found


def council_section(region: RenderedRegion, name: str) -> str:
    """The text of one council's section: from its heading to the next council's."""
    text = flat(region.text)
    names = region.councils
    start = text.index(f" {name} ", text.index("Councils For each council"))
    following = names[names.index(name) + 1] if names.index(name) + 1 < len(names) else None
    end = (
        text.index(f" {following} ", start + len(name) + 2)
        if following
        else text.index("Glossary and data sources", start)
    )
    return text[start:end]


def test_half_way_figures_are_rounded_half_up_in_the_pdf(rendered_region: RenderedRegion) -> None:
    """Wirral's first key measure is 19.15 beside an NW median of 3.05 and England's 69.65."""
    printed = [text for _, text in rendered_region.expected[:3]]
    assert printed == ["19.2", "3.1", "69.7"]
    wirral = council_section(rendered_region, "Wirral")
    for text in printed:
        assert f" {text} " in f" {wirral} ", text


def test_every_council_of_the_region_is_named(rendered_region: RenderedRegion) -> None:
    assert len(rendered_region.councils) == 24
    for name in rendered_region.councils:
        assert name in rendered_region.text, name


def test_each_council_has_its_own_section_with_ratings_measures_and_local_account(
    rendered_region: RenderedRegion,
) -> None:
    for name in rendered_region.councils:
        section = council_section(rendered_region, name)
        assert "Domain ratings" in section
        assert "Key measures" in section
        assert "Local Account" in section
        assert "Direction of travel" in section


def test_figures_are_the_databases_as_the_template_formats_them(
    rendered_region: RenderedRegion,
) -> None:
    wirral = council_section(rendered_region, "Wirral")
    for what, printed in rendered_region.expected[:4]:
        assert f" {printed} " in f" {wirral} ", f"{what}: {printed}"
    assert flat(rendered_region.published_commentary) in wirral
    text = flat(rendered_region.text)
    for what, printed in rendered_region.expected[4:]:
        assert printed in text, f"{what}: {printed}"


def test_the_regional_summary_the_matrix_and_the_glossary_are_there(
    rendered_region: RenderedRegion,
) -> None:
    text = flat(rendered_region.text)
    for heading in (
        "Contents",
        "Regional summary",
        "Headline figures",
        "The TEASC summary across the region",
        "Changes since last year",
        "The balanced scorecard",
        "Published ratings by council and domain, 2023/24 Q4",
        "Glossary and data sources",
        "Key messages",
        "Risk assessment and Table 2 concerns in aggregate",
        "Published by NHS England (formerly NHS Digital)",
        "What the portal does with it",
    ):
        assert heading in text, heading
    assert "Councils in the region 24" in text


def test_no_confidential_text_ever_appears(rendered_region: RenderedRegion) -> None:
    text = rendered_region.text
    raw = rendered_region.pdf
    for secret in CONFIDENTIAL:
        assert secret not in text, secret
        assert secret.encode() not in raw, secret
    assert "Internal: discussed with the DASS" not in text
    assert "Planning Group notes" not in text


def test_the_pdf_is_tagged_with_title_language_and_author(
    rendered_region: RenderedRegion,
) -> None:
    reader = pdf_reader(rendered_region.pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "North West Regional Account 2023/24"
    assert reader.metadata.author == "North West ADASS"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_the_outline_has_every_section_and_every_council(
    rendered_region: RenderedRegion,
) -> None:
    reader = pdf_reader(rendered_region.pdf)
    outline = titles(reader.outline)
    for section in (
        "North West Regional Account 2023/24",
        "Contents",
        "Regional summary",
        "The balanced scorecard",
        "Councils",
        "Glossary and data sources",
    ):
        assert section in outline, section
    for name in rendered_region.councils:
        assert name in outline, name


def test_pages_are_a4_and_numbered_page_x_of_y(rendered_region: RenderedRegion) -> None:
    reader = pdf_reader(rendered_region.pdf)
    assert len(reader.pages) == rendered_region.pages
    # A Board document: about two pages a council, well under 80 pages for 24 councils.
    assert 48 <= rendered_region.pages < 80, rendered_region.pages
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))
    assert f"Page 2 of {rendered_region.pages}" in rendered_region.text


def test_every_font_is_embedded(rendered_region: RenderedRegion) -> None:
    reader = pdf_reader(rendered_region.pdf)
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descendants = font.get("/DescendantFonts")
        descriptor = (
            descendants[0].get_object()["/FontDescriptor"]
            if descendants
            else font["/FontDescriptor"]
        )
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_table_headers_repeat_on_each_page_a_table_spans(
    rendered_region: RenderedRegion,
) -> None:
    # The TEASC table runs over a page break: its header row is printed on both pages.
    assert flat(rendered_region.text).count("Better and improving (items; %)") >= 2


def test_charts_carry_a_text_alternative(rendered_region: RenderedRegion) -> None:
    reader = pdf_reader(rendered_region.pdf)
    alts: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    wanted = "Wirral: key measures against the North West, England and its CIPFA nearest neighbours"
    assert wanted in alts
    assert len([a for a in alts if "key measures against" in a]) == 24


def _link_annotations(reader: Any) -> list[dict[str, Any]]:
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                links.append(annotation)
    return links


def test_contents_links_read_as_the_section_titles(rendered_region: RenderedRegion) -> None:
    reader = pdf_reader(rendered_region.pdf)
    contents = {str(link["/Dest"]): str(link["/Contents"]) for link in _link_annotations(reader)}
    outline = titles(reader.outline)
    assert contents["key-messages"] == "Key messages"
    assert contents["summary"] == "Regional summary"
    assert contents["council-wirral"] == "Wirral"
    assert contents["risk"] == "Risk assessment and Table 2 concerns in aggregate"
    for dest, text in contents.items():
        assert text != dest
        # Each contents entry reads as the heading it leads to (the outline is the headings).
        assert text in outline, text


def test_the_account_opens_with_its_key_messages(rendered_region: RenderedRegion) -> None:
    text = flat(rendered_region.text)
    assert text.index("Key messages") < text.index("Contents")
    assert "The region by domain: number of councils at each published rating" in text
    assert "Questions and decisions for the Board" in text


def test_running_header_and_page_numbers_are_artifacts_outside_the_structure_tree(
    rendered_region: RenderedRegion,
) -> None:
    reader = pdf_reader(rendered_region.pdf)
    in_tree: set[int] = set()

    def walk(node: Any) -> None:
        if hasattr(node, "idnum"):
            if node.idnum in in_tree:
                return
            in_tree.add(node.idnum)
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    walk(root["/K"])
    nums = root["/ParentTree"]["/Nums"]
    mapping = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    page = reader.pages[3]
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count("/Artifact\n<</Type /Pagination>>\nBDC") >= 2  # header and footer
    used = {int(m) for m in re.findall(r"/MCID (\d+)", content)}
    elements = mapping[page["/StructParents"]].get_object()
    for mcid in used:
        assert elements[mcid].idnum in in_tree, mcid
    assert f"Page 4 of {rendered_region.pages}" in page.extract_text()


def body_lines(region: RenderedRegion) -> list[list[str]]:
    """Each page's lines of text in reading order, without its running header (the first line)
    and its page number (the last); the cover has neither."""
    pages = [page for page in region.text.split("\f") if page.strip()]
    found = []
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and lines[-1] == f"Page {number} of {region.pages}":
            lines = lines[1:-1]
        found.append(lines)
    return found


SPLIT_TABLES = [
    # (a column header only that table has, the start of its caption)
    ("Better and improving (items; %)", "TEASC summary by council, 2023/24 Q4"),
    ("Domain Rating Public commentary", ": published ratings, 2023/24 Q4"),
    ("Direction over", ": key measures, 2023/24 Q4"),
    ("Which way is better", "The key measures shown for every council"),
]


def test_table_captions_and_header_rows_repeat_on_every_page_a_table_spans(
    rendered_region: RenderedRegion,
) -> None:
    pages = [" ".join(lines) for lines in body_lines(rendered_region)]
    for header, caption in SPLIT_TABLES:
        holding = [page for page in pages if header in page]
        assert holding, header
        for page in holding:
            # The caption is printed with the header row wherever the table goes on.
            assert page.count(caption) >= page.count(header) >= 1, (caption, page[:200])
    # Some of them do run over a page break: their caption and header are printed again.
    assert len([p for p in pages if "TEASC summary by council, 2023/24 Q4" in p]) >= 2
    assert len([p for p in pages if "Which way is better" in p]) >= 2


HEADINGS = {
    "Key messages",
    "Regional summary",
    "Headline figures",
    "Local Accounts",
    "The TEASC summary across the region",
    "Changes since last year",
    "The balanced scorecard",
    "Councils",
    "Domain ratings",
    "Published narrative",
    "Direction of travel",
    "Key measures",
    "Local Account",
    "Glossary and data sources",
    "Glossary",
    "Data sources",
}


def test_no_page_holds_only_a_heading_or_ends_with_one(rendered_region: RenderedRegion) -> None:
    pages = body_lines(rendered_region)
    for number, lines in enumerate(pages[1:], start=2):
        assert len(lines) >= 3, (number, lines)
        assert lines[-1] not in HEADINGS, (number, lines[-1])
        following = pages[number] if number < len(pages) else []
        # A council's name at the foot of a page, its description carried over.
        starts_council = bool(following) and following[0].endswith("sub-region.")
        assert not (lines[-1] in rendered_region.councils and starts_council), number


def test_the_running_header_names_the_section_or_council_the_page_is_in(
    rendered_region: RenderedRegion,
) -> None:
    pages = [page for page in rendered_region.text.split("\f") if page.strip()]
    headers = [page.strip().splitlines()[0] for page in pages[1:]]
    for name in rendered_region.councils:
        assert f"Councils: {name}" in headers, name
    for section in ("Key messages", "Contents", "Regional summary", "The balanced scorecard"):
        assert section in headers, section
    # A page that starts inside a council's section is headed by that council.
    for header, page in zip(headers, pages[1:], strict=True):
        captions = re.findall(r"^(.+): key measures, 2023/24 Q4", page, re.M)
        next_council = page.find(" sub-region.")
        if captions and (next_council == -1 or page.index(captions[0]) < next_council):
            assert header == f"Councils: {captions[0]}", header


def test_text_is_10_point_or_larger(rendered_region: RenderedRegion) -> None:
    """Every piece of text on every page, body, tables, chart labels, the running header and the
    page number, prints at 10 pt or more."""
    reader = pdf_reader(rendered_region.pdf)
    smallest: dict[int, float] = {}

    def size_of(number: int) -> Any:
        def visit(text: str, cm: list, tm: list, _font: Any, size: float) -> None:
            if not text.strip():
                return
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            printed = size * abs(a * d - b * c) ** 0.5
            smallest[number] = min(smallest.get(number, printed), printed)

        return visit

    for number, page in enumerate(reader.pages, start=1):
        page.extract_text(visitor_text=size_of(number))
    assert len(smallest) == rendered_region.pages
    assert min(smallest.values()) >= 9.99, {n: s for n, s in smallest.items() if s < 9.99}
