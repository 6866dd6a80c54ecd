"""Every figure in the Account says what it is: each table column holding numbers names its
unit or statistic, the North West median says how many councils' returns it is of, the
neighbours' median names its list, every "–" has a footnote, and no median is called an
average."""

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import timezone

from reports.assembly import account_assemble, scope_resolve
from reports.services import TEMPLATE
from sli_portal import charts
from sli_portal.pdf import render_pdf_html
from tests.reports.regional_data import regional_data_fill

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """Each table's caption, column headers and body cells' text, by column."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self.cell: list[str] | None = None
        self.kind = ""
        self.column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "headers": [], "columns": {}})
        elif tag == "tr":
            self.column = 0
        elif tag in ("th", "td", "caption") and self.tables:
            self.cell = []
            self.kind = "header" if ("scope", "col") in attrs else tag
            # A table that may run over a page break prints its caption as its header's first
            # row, so that it is repeated on each page.
            if ("class", "ra-caption") in attrs:
                self.kind = "caption"

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("th", "td", "caption") or self.cell is None:
            return
        text = " ".join("".join(self.cell).split())
        table = self.tables[-1]
        if self.kind == "caption":
            table["caption"] = text
        elif self.kind == "header":
            table["headers"].append(text)
        else:
            table["columns"].setdefault(self.column, []).append(text)
        if self.kind != "caption":
            self.column += 1
        self.cell = None


def html_for(year: int = 2023) -> str:
    data = account_assemble(scope=scope_resolve(year=year))
    return render_pdf_html(
        TEMPLATE,
        {"account": data, "version_number": 1, "generated_at": timezone.now()},
        title=data.title,
    )


def test_every_column_of_figures_names_its_unit(planning_group_member: Any, wirral: Any) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral])
    parser = Tables()
    parser.feed(html_for())
    assert len(parser.tables) > 20
    checked = 0
    for table in parser.tables:
        assert table["caption"], table
        for index, header in enumerate(table["headers"]):
            cells = table["columns"].get(index, [])
            if any(re.match(r"\d", cell) for cell in cells):
                checked += 1
                assert re.search(r"\(.+\)", header), (table["caption"], header)
    assert checked > 20


def test_each_statistic_is_named_and_every_dash_explained(planning_group_member: Any) -> None:
    regional_data_fill(by=planning_group_member)
    html = html_for()
    assert "average" not in html.lower()
    assert re.search(r"median of \d+ councils’ returns", html)
    for article in re.findall(r'<article class="ra-council".*?</article>', html, re.S):
        if "<td>–" in article:
            assert "“–” means no figure." in article


def test_every_council_chart_shares_one_scale_per_measure_with_better_to_the_right(
    planning_group_member: Any, wirral: Any, sefton: Any
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    charts = re.findall(r"<svg role=\"img\".*?</svg>", html_for(), re.S)
    assert len(charts) == 24
    # The words and figures printed on a chart (measure codes, the scale's ends, the direction
    # marker) are the same on every council's chart: one scale per measure.
    printed = [re.findall(r"<text [^>]*>([^<]*)</text>", chart) for chart in charts]
    assert printed[0][:2] == ["Worse", "Better →"]
    assert all(words == printed[0] for words in printed)
    assert any(re.match(r"\d", word) for word in printed[0])


def test_charts_use_only_the_colour_blind_safe_palette_and_differ_by_shape(
    planning_group_member: Any,
) -> None:
    regional_data_fill(by=planning_group_member)
    html = html_for()
    svgs = re.findall(r"<svg role=\"img\".*?</svg>", html, re.S)
    assert len(svgs) == 24
    colours = {
        c.lower() for svg in svgs for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]+)"', svg)
    }
    assert colours
    assert colours <= charts.SAFE_PALETTE, colours - charts.SAFE_PALETTE
    # One hue only: nothing but the council's dot is in colour, so nothing hangs on telling two
    # colours apart.
    assert colours - {
        charts.INK,
        charts.SECONDARY_INK,
        charts.WHITE,
        charts.BAND_FILL,
        charts.RULE,
    } <= {charts.COUNCIL_FILL}
    wirral_chart = next(svg for svg in svgs if "Wirral: key measures" in svg)
    every_chart = "".join(svgs)
    marks = {
        "council (filled circle)": re.findall(r"<circle [^>]*r=\"5\"", every_chart),
        "England (diamond)": re.findall(
            r'<polygon points="(?:[\d.]+,[\d.]+ ){3}[\d.]+,[\d.]+"', every_chart
        ),
        "neighbours (triangle)": re.findall(
            r'<polygon points="(?:[\d.]+,[\d.]+ ){2}[\d.]+,[\d.]+"', every_chart
        ),
        "North West median (thick bar)": re.findall(r'<line [^>]*stroke-width="3"', every_chart),
        "middle half (shaded box)": re.findall(r"<rect ", every_chart),
    }
    for mark, found in marks.items():
        assert found, mark
    # The middle half is a box whichever way better runs (on a scale drawn high to low too).
    widths = re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="10"', every_chart)
    assert widths
    assert all(float(width) > 1 for width in widths), widths
    # Each mark is named by its shape in words, and the better direction is printed.
    for words in (
        "Shaded box: the middle half of North West councils.",
        "Thick bar: North West median.",
        "Diamond: England.",
        "Triangle: CIPFA nearest neighbours' median.",
        "Filled circle: the council.",
    ):
        assert words in html.replace("&#x27;", "'"), words
    assert "Better →" in wirral_chart


def test_nearest_neighbours_outside_the_region_are_named_not_coded() -> None:
    """The published lists name councils outside the region by ONS code only: the Account
    names them as the published national figures do, the latest name where it changed."""
    from types import SimpleNamespace

    from authorities.models import ComparatorGroup, ComparatorGroupMember, Council
    from reports.assembly import _neighbour_names
    from returns.models import GeographyLevel, Measure, PublishedValue

    bolton = Council.objects.get(slug="bolton")
    group = ComparatorGroup.objects.create(
        council=bolton,
        kind="cipfa",
        comparator_set="test_neighbours",
        applies_from_year=2024,
        source="test",
    )
    for order, (code, name) in enumerate(
        [("E06000002", ""), ("E08000002", "Bury"), ("E06000099", "")], start=1
    ):
        ComparatorGroupMember.objects.create(
            group=group, neighbour_code=code, neighbour_name=name, source_order=order
        )
    measure = Measure.objects.first()
    for year, name in ((2019, "Middlesbrough UA"), (2023, "Middlesbrough")):
        PublishedValue.objects.create(
            measure=measure,
            year=year,
            level=GeographyLevel.COUNCIL,
            geography="E06000002",
            geography_name=name,
            value=1.0,
            dataset="ascof_trend",
        )
    names = _neighbour_names({(1, 1): SimpleNamespace(peer_group_id=group.pk)})  # type: ignore[dict-item]
    # A code no published figure names stays a code rather than being left out.
    assert names == {group.pk: ["Middlesbrough", "Bury", "E06000099"]}
