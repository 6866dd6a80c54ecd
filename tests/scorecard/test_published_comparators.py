"""Annual comparators over the published figures of all English councils, checked against the
Oflog file's own MEDIAN and MADs_from_median for every row with a value, against figures
computed by hand for real NW councils, and on crafted data."""

import functools
import io
import statistics

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command

from authorities.models import ComparatorGroup as PeerGroup
from authorities.models import Council
from returns.catalogue import DATA_DIR
from returns.models import GeographyLevel, Measure, Polarity, PublishedValue, Unit
from returns.national import OFLOG_FRAMEWORK, national_import
from scorecard.comparators import (
    council_type_of,
    peer_groups_applicable,
    published_comparators_recompute,
    published_comparators_recompute_all,
    published_compute,
)
from scorecard.models import Band, ComparatorGroup, PublishedBenchmark, PublishedPosition
from tests.conftest import committed

OFLOG_CSV = DATA_DIR / "oflog-asc-metrics-by-council.csv"
WIRRAL, TRAFFORD, MANCHESTER = "E08000015", "E08000009", "E08000003"


# --- The oracle: Oflog's MEDIAN and MADs_from_median ------------------------------------------


def oflog_rows() -> pd.DataFrame:
    """The rows of the Oflog file with a value, as published text and as numbers."""
    raw = pd.read_csv(OFLOG_CSV, dtype=str, keep_default_na=False)
    rows = raw[raw["Value"] != ""].copy()
    for column in ("Value", "MEDIAN", "MADs_from_median"):
        rows[f"{column}_number"] = rows[column].astype(float)
    return rows


ROUNDED_METRICS = ("ASC6", "ASC7")
SPREADSHEET_WIDTH = 11


def printed_rounding(texts: pd.Series) -> pd.Series:
    """How far each printed figure may be from the number it stands for.

    Part of the file went through a spreadsheet's General format, which shows a number in at
    most 11 characters (besides the sign) and drops trailing zeros: ``-0.666666667``,
    ``0.008547009``, ``807.5001158``, ``14.53197927``, ``989.5366871``. So a figure is good to
    half a unit in the place its 11th character would hold (9 decimal places below 10, 7 in
    the hundreds), unless more places are printed (``0.3333333333333353``, never rounded), in
    which case to half a unit in its last printed place."""
    parts = texts.str.lstrip("-").str.partition(".")
    integer_digits = parts[0].str.len()
    printed_places = parts[2].str.len()
    fitting_places = SPREADSHEET_WIDTH - integer_digits - 1
    return 0.5 * 10.0 ** -np.maximum(printed_places, fitting_places)


def value_rounding(rows: pd.DataFrame) -> pd.Series:
    """How far each printed Value may be from the figure Oflog computed with: the printed
    rounding for ASC6 and ASC7 (derived figures, printed rounded); nothing for ASC1 to ASC5,
    which are the published ASCOF figures exactly (0 to 3 decimal places)."""
    return printed_rounding(rows["Value"]).where(rows["Code"].isin(ROUNDED_METRICS), 0.0)


def tolerances(rows: pd.DataFrame, mad: pd.Series) -> tuple[pd.Series, pd.Series]:
    """How far a recomputed median and distance may be from the file's, row by row.

    The file prints MEDIAN and MADs_from_median rounded (:func:`printed_rounding`). For ASC6 and ASC7
    Oflog computed them from unrounded figures but prints each Value rounded to 10 significant
    figures: recomputing from the printed Values moves the median by up to the group's largest
    Value rounding ``u``, each absolute deviation and so the MAD by up to ``2u``, and a
    distance (v - m) / MAD by up to (u_v + u + |distance| * 2u) / MAD. For ASC1 to ASC5
    ``u`` is 0: the check is to the printed rounding alone. A floor of 1e-12 relative allows
    for the last bit of double precision."""
    value_unit = value_rounding(rows)
    group_unit = value_unit.groupby([rows["Code"], rows["Financial year"]]).transform("max")
    median = rows["MEDIAN_number"]
    distance = rows["MADs_from_median_number"].abs()
    median_tolerance = (
        printed_rounding(rows["MEDIAN"]) + group_unit + 1e-12 * np.maximum(1.0, median.abs())
    )
    mads_tolerance = (
        printed_rounding(rows["MADs_from_median"])
        + (value_unit + group_unit + distance * 2 * group_unit) / mad
        + 1e-12 * np.maximum(1.0, distance)
    )
    return median_tolerance, mads_tolerance


@functools.cache
def oracle() -> pd.DataFrame:
    """Every row of the file with a value, beside our England median, MAD and distance: one
    pure computation over the whole file, each metric and year standing as one measure, every
    council in the file standing as a portal council so each row gets a position."""
    rows = oflog_rows().reset_index(drop=True)
    rows["measure_id"] = rows.groupby(["Code", "Financial year"]).ngroup()
    figures = pd.DataFrame(
        {
            "measure_id": rows["measure_id"],
            "geography": rows["Local authority code"],
            "value": rows["Value_number"],
        }
    )
    codes = figures["geography"].drop_duplicates().reset_index(drop=True)
    councils = pd.DataFrame({"council_id": codes.index, "ons_code": codes})
    peers = pd.DataFrame(columns=["group", "council_code", "neighbour_code"])
    polarity = dict.fromkeys(rows["measure_id"], Polarity.HIGHER)
    stats, positions = published_compute(figures, councils, peers, polarity)
    england = positions[positions["group"] == ComparatorGroup.ENGLAND][
        ["measure_id", "geography", "median", "mad", "mads", "count"]
    ]
    return rows.merge(
        england,
        left_on=["measure_id", "Local authority code"],
        right_on=["measure_id", "geography"],
        how="left",
        validate="one_to_one",
    )


def test_england_median_and_mads_match_oflog_for_every_row_with_a_value():
    rows = oracle()
    assert len(rows) == 6078
    assert rows["mads"].notna().all()
    median_tolerance, mads_tolerance = tolerances(rows, rows["mad"])
    median_error = (rows["median"] - rows["MEDIAN_number"]).abs()
    mads_error = (rows["mads"] - rows["MADs_from_median_number"]).abs()
    assert rows[median_error > median_tolerance].empty
    assert rows[mads_error > mads_tolerance].empty
    # England is every council with a value: the file's count per metric and year.
    assert (rows["count"] == rows.groupby("measure_id")["Value"].transform("size")).all()


def test_exactly_published_metrics_match_to_the_printed_rounding():
    """ASC1 to ASC5 are published exactly (at most 3 decimal places): our median and distance
    equal the file's to its printed rounding, with no allowance for input rounding (and 1e-12 relative for double precision where the file prints in full)."""
    rows = oracle()
    exact = rows[rows["Code"].isin(["ASC1", "ASC2", "ASC3", "ASC4", "ASC5"])]
    assert set(exact["Value"].map(lambda t: len(t.partition(".")[2]))) <= {0, 1, 2, 3}
    for ours, published in (("median", "MEDIAN"), ("mads", "MADs_from_median")):
        number = exact[f"{published}_number"]
        allowed = printed_rounding(exact[published]) + 1e-12 * np.maximum(1.0, number.abs())
        assert exact[(exact[ours] - number).abs() > allowed].empty, published
    assert len(exact) == 4059


# --- Real figures in the database --------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def oflog_measure(code: str) -> Measure:
    return Measure.objects.get(code=code, framework_version=OFLOG_FRAMEWORK)


@pytest.fixture
def oflog(db):
    national_import(dataset="oflog_asc", path=OFLOG_CSV)
    return published_comparators_recompute_all()


@pytestmark_db
def test_every_imported_oflog_row_matches_its_reference_median_and_mads(oflog):
    benchmarks = {
        (b.measure_id, b.year): b
        for b in PublishedBenchmark.objects.filter(
            group=ComparatorGroup.ENGLAND, measure__framework_version=OFLOG_FRAMEWORK
        )
    }
    rows = PublishedValue.objects.filter(
        dataset="oflog_asc", level=GeographyLevel.COUNCIL, value__isnull=False
    )
    checked = 0
    for row in rows:
        benchmark = benchmarks[(row.measure_id, row.year)]
        assert benchmark.median == pytest.approx(row.reference_median, rel=1e-9, abs=1e-9)
        mads = (row.value - benchmark.median) / benchmark.mad
        assert mads == pytest.approx(row.reference_mads, rel=1e-7, abs=1e-7)
        checked += 1
    assert checked == 6078
    missing = PublishedValue.objects.filter(dataset="oflog_asc", value__isnull=True).count()
    assert sum(b.suppressed for b in benchmarks.values()) == missing == 298


@pytestmark_db
def test_nw_positions_in_england_match_the_file(oflog):
    positions = PublishedPosition.objects.filter(
        group=ComparatorGroup.ENGLAND, measure__framework_version=OFLOG_FRAMEWORK
    ).select_related("council", "measure")
    references = {
        (r.measure_id, r.year, r.geography): r
        for r in PublishedValue.objects.filter(
            dataset="oflog_asc", geography__in=Council.objects.values("ons_code")
        )
    }
    checked = 0
    for position in positions:
        reference = references[(position.measure_id, position.year, position.council.ons_code)]
        assert position.value == reference.value
        assert position.median == pytest.approx(reference.reference_median, rel=1e-9)
        assert position.mads == pytest.approx(reference.reference_mads, rel=1e-7, abs=1e-7)
        checked += 1
    with_value = sum(1 for r in references.values() if r.value is not None)
    assert checked == with_value == 926  # NW rows of the file with a value


@pytestmark_db
def test_hand_computed_asc5_2022_23_for_nw_councils(oflog):
    """ASC5 2022-23: 151 councils, median 78.2, MAD 8.8 (the source note); higher is better."""
    measure = oflog_measure("ASC5")
    england = PublishedBenchmark.objects.get(
        measure=measure, year=2022, group=ComparatorGroup.ENGLAND
    )
    assert (england.count, england.median, england.mad) == (151, 78.2, pytest.approx(8.8))
    expected = {
        "E08000015": (76.9, -1.3 / 8.8, Band.SIMILAR),  # Wirral: -0.1477
        "E06000049": (91.0, 12.8 / 8.8, Band.SLIGHTLY_BETTER),  # Cheshire East: 1.4545
        "E06000009": (64.6, -13.6 / 8.8, Band.WORSE),  # Blackpool: -1.5455
        "E08000004": (99.1, 20.9 / 8.8, Band.BETTER),  # Oldham: 2.375
        "E08000009": (48.3, -29.9 / 8.8, Band.MUCH_WORSE),  # Trafford: -3.3977
    }
    for code, (value, mads, band) in expected.items():
        position = PublishedPosition.objects.get(
            council__ons_code=code, measure=measure, year=2022, group=ComparatorGroup.ENGLAND
        )
        assert position.value == value
        assert position.median == 78.2
        assert position.count == 151
        assert position.mads == pytest.approx(mads)
        assert position.band == band
    assert round(-1.3 / 8.8, 4) == -0.1477


@pytestmark_db
def test_real_groups_same_type_region_and_cipfa(oflog):
    measure = oflog_measure("ASC5")
    groups = dict(
        PublishedPosition.objects.filter(
            council__ons_code=WIRRAL, measure=measure, year=2022
        ).values_list("group", "count")
    )
    figures = PublishedValue.objects.filter(
        measure=measure, year=2022, level=GeographyLevel.COUNCIL, value__isnull=False
    )
    metropolitan = figures.filter(geography__startswith="E08").count()
    nw = figures.filter(geography__in=Council.objects.values("ons_code")).count()
    assert groups[ComparatorGroup.ENGLAND] == 151
    assert groups[ComparatorGroup.SAME_TYPE] == metropolitan == 36
    assert groups[ComparatorGroup.REGION] == nw == 23
    wirral_cipfa = PeerGroup.objects.get(council__ons_code=WIRRAL, kind=PeerGroup.Kind.CIPFA)
    members = set(wirral_cipfa.members.values_list("neighbour_code", flat=True))
    assert WIRRAL in members  # the Oflog list includes the council itself ...
    cipfa = figures.filter(geography__in=members - {WIRRAL})  # ... its neighbours do not
    assert groups[ComparatorGroup.CIPFA] == cipfa.count() == len(members) - 1
    benchmark = PublishedBenchmark.objects.get(
        measure=measure, year=2022, group=ComparatorGroup.CIPFA, group_key=WIRRAL
    )
    assert benchmark.median == pytest.approx(
        statistics.median(cipfa.values_list("value", flat=True))
    )
    assert ComparatorGroup.NHSE not in groups  # only Trafford has an NHS England group
    same_type = PublishedBenchmark.objects.get(
        measure=measure, year=2022, group=ComparatorGroup.SAME_TYPE, group_key="metropolitan"
    )
    assert same_type.count == 36


@pytestmark_db
def test_measures_without_polarity_are_never_banded_and_missing_figures_have_no_position(oflog):
    asc7 = oflog_measure("ASC7")
    bands = set(PublishedPosition.objects.filter(measure=asc7).values_list("band", flat=True))
    assert bands == {Band.NOT_BANDED}
    # Trafford's ASC7 for 2021-22 is not published: no position, counted as suppressed.
    assert not PublishedPosition.objects.filter(
        council__ons_code=TRAFFORD, measure=asc7, year=2021
    ).exists()
    region = PublishedBenchmark.objects.get(measure=asc7, year=2021, group=ComparatorGroup.REGION)
    assert region.suppressed >= 1


# --- Crafted data ----------------------------------------------------------------------------


def crafted_measure(code: str, polarity: str) -> Measure:
    return Measure.objects.create(
        code=code,
        framework_version="Crafted",
        name=code,
        unit=Unit.PERCENTAGE,
        polarity=polarity,
        first_year=2010,
    )


def publish(measure: Measure, year: int, figures: dict[str, float | None]) -> None:
    PublishedValue.objects.bulk_create(
        PublishedValue(
            measure=measure,
            year=year,
            level=GeographyLevel.COUNCIL,
            geography=code,
            geography_name=code,
            value=value,
            missing_reason="" if value is not None else "suppressed [c]",
            dataset="crafted",
        )
        for code, value in figures.items()
    )


def codes(prefix: str, count: int, start: int = 900) -> list[str]:
    return [f"{prefix}000{start + i:03d}" for i in range(count)]


def test_council_type_comes_from_the_ons_prefix():
    types = council_type_of(
        pd.Series(["E06000001", "E08000015", "E09000001", "E10000017", "W06000001"])
    )
    assert types.tolist()[:4] == ["unitary", "metropolitan", "london", "county"]
    assert pd.isna(types.iloc[4])


def test_the_peer_group_applying_is_the_latest_started_else_the_earliest():
    groups = pd.DataFrame(
        {
            "group_id": [1, 2, 3, 4],
            "council_id": [7, 7, 7, 7],
            "kind": ["cipfa"] * 4,
            "applies_from_year": [2024, 2019, 2021, 2024],
        }
    )
    chosen = {
        y: int(peer_groups_applicable(groups, y)["group_id"].iloc[0])
        for y in (2015, 2019, 2020, 2022, 2024, 2030)
    }
    assert chosen == {2015: 2, 2019: 2, 2020: 2, 2022: 3, 2024: 1, 2030: 1}


@pytest.mark.django_db
def test_cipfa_group_follows_the_version_for_the_year():
    """Trafford has CIPFA lists from 2019, 2021 and two from 2024 (the Oflog list, loaded first
    and including Trafford itself, is the one used)."""
    lists = {
        g.comparator_set: set(g.members.values_list("neighbour_code", flat=True))
        for g in PeerGroup.objects.filter(council__ons_code=TRAFFORD, kind=PeerGroup.Kind.CIPFA)
    }
    everyone = sorted(set().union(*lists.values()) | {TRAFFORD})
    measure = crafted_measure("CR1", Polarity.HIGHER)
    value_of = {code: float(i * i) for i, code in enumerate(everyone)}
    expected = {
        2015: "cipfa_2019_trafford_data_lab",
        2020: "cipfa_2019_trafford_data_lab",
        2022: "cipfa_2021_trafford_data_lab",
        2024: "cipfa_oflog_nn_json",
    }
    for year in expected:
        publish(measure, year, value_of)
        published_comparators_recompute(year=year)
    for year, name in expected.items():
        benchmark = PublishedBenchmark.objects.get(
            measure=measure, year=year, group=ComparatorGroup.CIPFA, group_key=TRAFFORD
        )
        neighbours = lists[name] - {TRAFFORD}  # never the council itself
        assert benchmark.count == len(neighbours), year
        assert benchmark.median == statistics.median(value_of[c] for c in neighbours), year
        position = PublishedPosition.objects.get(
            council__ons_code=TRAFFORD, measure=measure, year=year, group=ComparatorGroup.CIPFA
        )
        assert position.median == benchmark.median
        assert position.peer_group is not None
        assert position.peer_group.comparator_set == name
    assert TRAFFORD in lists["cipfa_oflog_nn_json"]
    assert TRAFFORD not in lists["cipfa_2019_trafford_data_lab"]


@pytest.mark.django_db
def test_suppressed_figures_are_left_out_and_counted():
    measure = crafted_measure("CR2", Polarity.LOWER)
    figures: dict[str, float | None] = dict.fromkeys(codes("E06", 10), 5.0)
    figures |= dict(zip(codes("E06", 10), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], strict=False))
    figures[codes("E06", 10)[8]] = None
    figures[codes("E06", 10)[9]] = None
    figures[WIRRAL] = 4.0
    figures[MANCHESTER] = None
    publish(measure, 2020, figures)
    published_comparators_recompute(year=2020)
    england = PublishedBenchmark.objects.get(
        measure=measure, year=2020, group=ComparatorGroup.ENGLAND
    )
    assert (england.count, england.suppressed) == (9, 3)
    assert england.median == 4.0
    unitary = PublishedBenchmark.objects.get(
        measure=measure, year=2020, group=ComparatorGroup.SAME_TYPE, group_key="unitary"
    )
    assert (unitary.count, unitary.suppressed, unitary.median) == (8, 2, 4.5)
    assert unitary.mad == statistics.median(abs(v - 4.5) for v in range(1, 9))
    region = PublishedBenchmark.objects.get(
        measure=measure, year=2020, group=ComparatorGroup.REGION
    )
    assert (region.count, region.suppressed, region.too_small) == (1, 1, True)
    assert not PublishedPosition.objects.filter(council__ons_code=MANCHESTER).exists()
    wirral = dict(
        PublishedPosition.objects.filter(council__ons_code=WIRRAL).values_list("group", "band")
    )
    assert wirral[ComparatorGroup.ENGLAND] == Band.SIMILAR
    assert wirral[ComparatorGroup.REGION] == Band.TOO_SMALL
    assert wirral[ComparatorGroup.SAME_TYPE] == Band.TOO_SMALL  # the only metropolitan figure


@pytest.mark.django_db
def test_a_published_group_of_seven_is_too_small_and_eight_is_not():
    measure = crafted_measure("CR3", Polarity.HIGHER)
    london = dict(zip(codes("E09", 7), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], strict=True))
    counties = dict(zip(codes("E10", 8), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], strict=True))
    publish(measure, 2021, london | counties)
    published_comparators_recompute(year=2021)
    too_small = dict(
        PublishedBenchmark.objects.filter(
            measure=measure, year=2021, group=ComparatorGroup.SAME_TYPE
        ).values_list("group_key", "too_small")
    )
    assert too_small == {"london": True, "county": False}


@pytest.mark.django_db
def test_published_bands_follow_polarity():
    higher = crafted_measure("CR4", Polarity.HIGHER)
    lower = crafted_measure("CR5", Polarity.LOWER)
    # Median 50 and MAD 10 over nine councils with Wirral at 80: +3 MADs.
    others = dict(
        zip(codes("E06", 8), [30.0, 40.0, 40.0, 50.0, 50.0, 50.0, 60.0, 60.0], strict=True)
    )
    for measure in (higher, lower):
        publish(measure, 2022, others | {WIRRAL: 80.0})
    published_comparators_recompute(year=2022)
    bands = dict(
        PublishedPosition.objects.filter(
            council__ons_code=WIRRAL, year=2022, group=ComparatorGroup.ENGLAND
        ).values_list("measure__code", "band")
    )
    mads = PublishedPosition.objects.get(
        council__ons_code=WIRRAL, year=2022, group=ComparatorGroup.ENGLAND, measure=higher
    ).mads
    assert mads == 3.0
    assert bands == {"CR4": Band.MUCH_BETTER, "CR5": Band.MUCH_WORSE}


@pytest.mark.django_db
def test_published_recompute_is_idempotent_and_replaces_the_year():
    measure = crafted_measure("CR6", Polarity.HIGHER)
    publish(measure, 2019, dict(zip(codes("E08", 9) + [WIRRAL], range(10), strict=True)))

    def stored() -> tuple[list, list]:
        return (
            list(
                PublishedBenchmark.objects.order_by("group", "group_key").values_list(
                    "group", "group_key", "count", "median", "mad", "suppressed"
                )
            ),
            list(
                PublishedPosition.objects.order_by("council_id", "group").values_list(
                    "council_id", "group", "value", "mads", "band"
                )
            ),
        )

    first_result = published_comparators_recompute(year=2019)
    first = stored()
    again = published_comparators_recompute(year=2019)
    assert stored() == first
    assert again == first_result
    assert first_result.positions == len(first[1]) > 0
    PublishedValue.objects.filter(measure=measure).delete()
    published_comparators_recompute_all()
    assert not PublishedBenchmark.objects.exists()
    assert not PublishedPosition.objects.exists()


# --- Triggers and the command ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_national_import_recomputes_the_published_comparators():
    with committed():
        national_import(dataset="oflog_asc", path=OFLOG_CSV)
    years = set(PublishedBenchmark.objects.values_list("year", flat=True))
    assert years == set(range(2015, 2023))


@pytest.mark.django_db
def test_the_command_changes_nothing_without_commit():
    national_import(dataset="oflog_asc", path=OFLOG_CSV)
    out = io.StringIO()
    call_command("recompute_comparators", "--year", "2022", stdout=out)
    assert "2022/23 published:" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert not PublishedBenchmark.objects.exists()
    out = io.StringIO()
    call_command("recompute_comparators", "--year", "2022", "--commit", stdout=out)
    assert "Dry run" not in out.getvalue()
    assert set(PublishedBenchmark.objects.values_list("year", flat=True)) == {2022}


@pytest.mark.django_db
def test_the_command_recomputes_a_quarter(regional_admin):
    from tests.factories import accepted_returns, periods

    [period] = periods(2023, 4)[-1:]
    councils = list(Council.objects.active_on(period.ends_on)[:8])
    accepted_returns(councils, [period], list(Measure.objects.in_return()), regional_admin)
    out = io.StringIO()
    call_command("recompute_comparators", "--period", period.slug, "--commit", stdout=out)
    assert f"{period.label}: " in out.getvalue()
    assert "8 TEASC summaries" in out.getvalue()
    with pytest.raises(Exception, match="No quarter"):
        call_command("recompute_comparators", "--period", "2023-Q9")


@pytest.mark.django_db
def test_the_command_without_options_covers_every_quarter_and_year(regional_admin):
    from scorecard.models import CouncilPosition
    from tests.factories import accepted_returns, periods

    national_import(dataset="oflog_asc", path=OFLOG_CSV)
    quarters = periods(2023, 2)
    councils = list(Council.objects.active_on(quarters[-1].ends_on)[:8])
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), regional_admin)
    out = io.StringIO()
    call_command("recompute_comparators", stdout=out)
    lines = out.getvalue().splitlines()
    assert [q.label for q in quarters] == [line.split(":")[0] for line in lines[:2]]
    assert sum("published:" in line for line in lines) == 8  # 2015/16 to 2022/23
    assert lines[-1].startswith("Dry run")
    assert not CouncilPosition.objects.exists()
    assert not PublishedBenchmark.objects.exists()
