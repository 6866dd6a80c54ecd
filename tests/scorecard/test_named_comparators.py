"""Comparators named for what they are, computed from the real published files in
returns/data/ and checked against figures read from those files here: the published North West
and England figures, the median of councils of the same type, and the CIPFA nearest
neighbours' median without the council itself; and no median, quartile, band or rank over
fewer than 8 councils."""

import re
import statistics

import pandas as pd
import pytest
from django.urls import reverse

from authorities.models import ComparatorGroup as PeerGroup
from authorities.models import Council
from returns.catalogue import DATA_DIR
from returns.models import GeographyLevel, Measure, Polarity, PublishedValue
from returns.national import national_import
from scorecard.comparators import comparators_recompute, published_comparators_recompute
from scorecard.models import (
    ComparatorGroup,
    MeasureBenchmark,
    PublishedBenchmark,
    PublishedPosition,
)
from scorecard.selectors import figure_comparators
from tests.factories import accepted_returns, periods

pytestmark = pytest.mark.django_db

ASCOF_CSV = DATA_DIR / "acbockmuehl-ascof-trend_data.csv"
NEIGHBOURS_CSV = DATA_DIR.parent.parent / "authorities" / "data" / "nearest_neighbours.csv"
WIRRAL, NORTH_WEST, ENGLAND = "E08000015", "E12000002", "E92000001"
YEAR = 2022
RENUMBERED_YEAR = 2023  # the first year of the 2023 ASCOF codes the return collects


def ascof_rows() -> pd.DataFrame:
    """The headline rows of the published ASCOF file, read here independently of the import."""
    raw = pd.read_csv(ASCOF_CSV, dtype=str, keep_default_na=False)
    headline = raw[
        raw["Disaggregation Level"].isin(["Total", ""]) & raw["Measure Type"].isin(["Outcome", ""])
    ].copy()
    headline["number"] = pd.to_numeric(headline["Measure_Value"], errors="coerce")
    return headline[headline["number"].notna()]


def file_figures(code: str, year: int) -> pd.DataFrame:
    rows = ascof_rows()
    return rows[
        (rows["Measure Group"] == code) & (rows["Year"] == f"{year}-{(year + 1) % 100:02d}")
    ]


@pytest.fixture
def ascof(db):
    national_import(dataset="ascof_trend", path=ASCOF_CSV)
    published_comparators_recompute(year=YEAR)


def measures_published_in(year: int) -> list[Measure]:
    ids = PublishedValue.objects.filter(
        level=GeographyLevel.COUNCIL, year=year, geography=WIRRAL, value__isnull=False
    ).values_list("measure_id", flat=True)
    return list(Measure.objects.filter(pk__in=ids).order_by("code"))


def test_published_north_west_and_england_figures_are_the_files(ascof, regional_admin):
    """For a quarter of 2023/24, the figures NHS England published for that year."""
    quarters = periods(RENUMBERED_YEAR, 4)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    measures = list(Measure.objects.in_return())
    accepted_returns(councils, quarters[-1:], measures, regional_admin)
    comparators_recompute(period=quarters[-1])
    checked = 0
    for benchmark in MeasureBenchmark.objects.filter(period=quarters[-1]).select_related("measure"):
        if benchmark.region_year != RENUMBERED_YEAR:
            continue
        figures = file_figures(benchmark.measure.code, RENUMBERED_YEAR)
        region = figures[figures["ONS Code"] == NORTH_WEST]["number"].tolist()
        england = figures[figures["ONS Code"] == ENGLAND]["number"].tolist()
        assert [benchmark.region_value] == region, benchmark.measure.code
        assert [benchmark.england_value] == england, benchmark.measure.code
        assert benchmark.region_year_label == "2023/24"
        # Never the mean of the councils' returns, which the page used to call the NW figure.
        assert benchmark.region_value != benchmark.nw_mean
        checked += 1
    assert checked >= 5


def test_same_type_and_neighbour_medians_are_the_files_without_the_council(ascof):
    wirral = Council.objects.get(ons_code=WIRRAL)
    group = PeerGroup.objects.get(council=wirral, kind=PeerGroup.Kind.CIPFA)
    members = pd.read_csv(NEIGHBOURS_CSV, dtype=str)
    listed = set(
        members[
            (members["council_code"] == WIRRAL)
            & (members["comparator_set"] == group.comparator_set)
        ]["neighbour_code"]
    )
    assert WIRRAL in listed  # the published list includes Wirral itself
    neighbours = listed - {WIRRAL}
    differs = 0
    measures = measures_published_in(YEAR)
    assert len(measures) >= 5
    for measure in measures:
        figures = file_figures(measure.code, YEAR)
        councils = figures[figures["Geographical Level"] == "Council"]
        by_code = dict(zip(councils["ONS Code"], councils["number"], strict=True))
        position = PublishedPosition.objects.get(
            council=wirral, measure=measure, year=YEAR, group=ComparatorGroup.CIPFA
        )
        expected = [by_code[c] for c in neighbours if c in by_code]
        assert position.count == len(expected), measure.code
        assert position.median == pytest.approx(statistics.median(expected)), measure.code
        assert position.peer_group == group
        with_wirral = statistics.median([*expected, by_code[WIRRAL]])
        differs += with_wirral != position.median
        metropolitan = [v for c, v in by_code.items() if c.startswith("E08")]
        same_type = PublishedBenchmark.objects.get(
            measure=measure, year=YEAR, group=ComparatorGroup.SAME_TYPE, group_key="metropolitan"
        )
        assert same_type.median == pytest.approx(statistics.median(metropolitan)), measure.code
        assert same_type.count == len(metropolitan)
    assert differs > 0  # leaving Wirral out changes the median, as it must


def test_comparator_labels_name_the_statistic_the_list_and_the_year(ascof):
    wirral = Council.objects.get(ons_code=WIRRAL)
    measure = measures_published_in(YEAR)[0]
    neighbours = PublishedPosition.objects.select_related("peer_group").get(
        council=wirral, measure=measure, year=YEAR, group=ComparatorGroup.CIPFA
    )
    shown = figure_comparators(
        council=wirral, benchmark=None, position=None, neighbours=neighbours, period_label="Q"
    )
    labels = [c.label for c in shown]
    assert labels == [
        "North West median of councils’ returns",
        "Published North West figure",
        "Published England figure",
        "Median of metropolitan districts (same type)",
        "CIPFA nearest neighbours’ median (excluding Wirral)",
    ]
    cipfa = shown[-1]
    assert cipfa.value == neighbours.median
    assert "2022/23" in cipfa.detail
    assert "CIPFA nearest neighbours as Oflog publishes them (2024)" in cipfa.detail
    assert f"median of {neighbours.count} neighbours’" in cipfa.detail


@pytest.fixture
def one_return(regional_admin):
    """2023/24 Q1 with Wirral's accepted return only."""
    [period] = periods(2023, 1)
    wirral = Council.objects.get(slug="wirral")
    accepted_returns([wirral], [period], list(Measure.objects.in_return()), regional_admin)
    comparators_recompute(period=period)
    return period


def test_one_return_is_too_few_to_compare(one_return, client_for, sefton_lead):
    client = client_for(sefton_lead)  # signed in: ranks would be shown if there were any
    html = client.get(
        reverse("scorecard:council", args=["wirral"]), {"period": one_return.slug}
    ).content.decode()
    assert "Not compared: 1 council has a figure, too few to compare" in html
    assert "ranked" not in html
    assert "quarter of NW values" not in html
    measure = Measure.objects.in_return().filter(polarity=Polarity.HIGHER).first()
    page = client.get(
        reverse("scorecard:measure", args=[measure.pk]), {"period": one_return.slug}
    ).content.decode()
    assert re.search(r"1 of \d+ councils have a figure", page)
    assert "Not compared: 1 council has a figure, too few to compare" in page
    assert "no median, quartiles, bands or ranks are shown" in page
    assert "1 of 1" not in page
    assert "the middle half of councils lie between" not in page
    download = client.get(
        reverse("scorecard:measure_download", args=[measure.pk, "csv"]),
        {"period": one_return.slug},
    ).content.decode("utf-8-sig")
    wirral_row = next(line for line in download.splitlines() if line.startswith("Wirral,"))
    assert "Not compared: 1 council has a figure" in wirral_row
    assert ",1,,,," in wirral_row  # one council with a figure; no median or quartiles


def test_seven_are_too_few_and_eight_are_enough(regional_admin, client_for):
    [period] = periods(2023, 1)
    councils = list(Council.objects.active_on(period.ends_on).order_by("name"))
    measure = Measure.objects.in_return().filter(polarity=Polarity.HIGHER).first()
    accepted_returns(councils[:7], [period], [measure], regional_admin)
    comparators_recompute(period=period)
    url = reverse("scorecard:measure", args=[measure.pk])
    html = client_for(None).get(url, {"period": period.slug}).content.decode()
    assert "Not compared: 7 councils have a figure, too few to compare" in html
    accepted_returns(councils[7:8], [period], [measure], regional_admin)
    comparators_recompute(period=period)
    html = client_for(None).get(url, {"period": period.slug}).content.decode()
    assert "too few to compare" not in html
    assert "The North West median of 8 councils’ accepted returns is" in html
