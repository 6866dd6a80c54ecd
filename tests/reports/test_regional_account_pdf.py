"""The Regional Account as a reader gets it: the text pdftotext extracts (reading order), and
the PDF's own structure read with pypdf (tagged PDF/UA, title, language, outline, A4, fonts)."""

import re

import pytest

from tests.reports.conftest import CONFIDENTIAL, RenderedRegion, pdf_reader

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


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
        "acbockmuehl-ascof-trend_data.csv",
        "nearest_neighbours.csv",
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

    def titles(items: list) -> list[str]:
        found: list[str] = []
        for item in items:
            if isinstance(item, list):
                found += titles(item)
            else:
                found.append(item.title)
        return found

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
    assert len(reader.pages) == rendered_region.pages >= 60
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
    assert (
        flat(rendered_region.text).count(
            "Better than the NW median of councils’ returns Improving Better and improving"
        )
        >= 2
    )


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
