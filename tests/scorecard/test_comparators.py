"""Comparators checked against figures computed by hand, on crafted data and on the real
published ASCOF figures for North West councils."""

import csv
import statistics
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from authorities.models import Council
from returns.catalogue import DATA_DIR
from returns.models import Measure, Polarity, Return, ReturnStatus, ReturnValue, ReturnVersion
from returns.national import national_import
from scorecard.comparators import (
    DIRECTION_THRESHOLD,
    bands,
    comparators_recompute,
    compute,
    distance_in_mads,
    teasc_summaries,
)
from scorecard.models import (
    Band,
    CouncilPosition,
    Direction,
    MeasureBenchmark,
    TeascComparator,
    TeascSummary,
)
from tests.factories import periods

pytestmark = pytest.mark.django_db


class FakeMeasure:
    def __init__(self, pk: int, polarity: str) -> None:
        self.pk = pk
        self.polarity = polarity
        # What the comparators follow: the published direction, else the region's.
        self.effective_polarity = polarity


class FakePeriod:
    def __init__(self, pk: int, label: str) -> None:
        self.pk = pk
        self.label = label


WINDOW = [FakePeriod(i, f"Q{i}") for i in (1, 2, 3, 4)]


def frame(rows: list[tuple[int, int, int, float | None]]) -> pd.DataFrame:
    data = pd.DataFrame(rows, columns=["council_id", "measure_id", "period_id", "value"])
    data["value"] = data["value"].astype(float)
    return data


def test_median_quartiles_and_rank_follow_polarity():
    values = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    rows = [(c, m, 4, v) for m in (1, 2, 3) for c, v in enumerate(values, start=1)]
    measures = [
        FakeMeasure(1, Polarity.HIGHER),
        FakeMeasure(2, Polarity.LOWER),
        FakeMeasure(3, Polarity.NOT_VERIFIED),
    ]
    stats, positions = compute(frame(rows), measures, WINDOW, WINDOW[-1])
    assert stats.loc[1, "nw_median"] == 45.0
    assert stats.loc[1, "nw_mean"] == 45.0
    assert stats.loc[1, "nw_lower_quartile"] == 27.5  # linear: 20 + 0.75 * 10
    assert stats.loc[1, "nw_upper_quartile"] == 62.5
    ranks = positions.set_index(["measure_id", "council_id"])["rank"]
    assert ranks[(1, 8)] == 1  # higher is better: 80 is best
    assert ranks[(2, 1)] == 1  # lower is better: 10 is best
    assert pd.isna(ranks[(3, 1)])  # no declared polarity: never ranked
    quartiles = positions.set_index(["measure_id", "council_id"])["value_quartile"]
    assert [quartiles[(1, c)] for c in range(1, 9)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_ties_share_a_rank():
    rows = [(1, 1, 4, 5.0), (2, 1, 4, 5.0), (3, 1, 4, 4.0)]
    _, positions = compute(frame(rows), [FakeMeasure(1, Polarity.HIGHER)], WINDOW, WINDOW[-1])
    assert sorted(positions["rank"].tolist()) == [1, 1, 3]


@pytest.mark.parametrize(
    ("series", "polarity", "direction"),
    [
        ([50, 52, 54, 60], Polarity.HIGHER, Direction.IMPROVING),
        ([50, 52, 54, 60], Polarity.LOWER, Direction.WORSENING),
        ([50, 49, 48, 45], Polarity.LOWER, Direction.IMPROVING),
        ([50, 50.5, 50.2, 50.9], Polarity.HIGHER, Direction.STABLE),
        ([50, 52, 54, 60], Polarity.NOT_VERIFIED, Direction.RISING),
        ([None, None, None, 60], Polarity.HIGHER, Direction.UNKNOWN),
        ([None, 50, None, 45], Polarity.HIGHER, Direction.WORSENING),
    ],
)
def test_direction_of_travel_over_four_quarters(series, polarity, direction):
    rows = [(1, 1, p.pk, v) for p, v in zip(WINDOW, series, strict=True) if v is not None]
    _, positions = compute(frame(rows), [FakeMeasure(1, polarity)], WINDOW, WINDOW[-1])
    assert positions.iloc[0]["direction"] == direction
    assert positions.iloc[0]["trend"] == [
        [p.label, None if v is None else float(v)] for p, v in zip(WINDOW, series, strict=True)
    ]


def test_stable_threshold_is_stated_and_applied():
    assert DIRECTION_THRESHOLD == 0.02
    rows = [(1, 1, 1, 100.0), (1, 1, 4, 101.99)]
    _, positions = compute(frame(rows), [FakeMeasure(1, Polarity.HIGHER)], WINDOW, WINDOW[-1])
    assert positions.iloc[0]["direction"] == Direction.STABLE


def published_nw_values(code: str, year: str) -> dict[str, float]:
    nw = {c.ons_code for c in Council.objects.all()}
    with (DATA_DIR / "acbockmuehl-ascof-trend_data.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        return {
            row["ONS Code"]: float(row["Measure_Value"])
            for row in csv.DictReader(handle)
            if row["Year"] == year and row["Measure Group"] == code and row["ONS Code"] in nw
        }


def published_england(code: str, year: str) -> float:
    with (DATA_DIR / "acbockmuehl-ascof-trend_data.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        return next(
            float(row["Measure_Value"])
            for row in csv.DictReader(handle)
            if row["Year"] == year
            and row["Measure Group"] == code
            and row["Geographical Level"] == "England"
        )


def test_real_figures_for_2c_match_hand_computed_comparators(regional_admin):
    national_import(dataset="ascof_trend", path=DATA_DIR / "acbockmuehl-ascof-trend_data.csv")
    figures = published_nw_values("2C", "2023-24")
    assert len(figures) == 24
    [period] = periods(2023, 4)[-1:]
    measure = Measure.objects.get(code="2C", in_return=True)
    for code, value in figures.items():
        ret = Return.objects.create(
            council=Council.objects.get(ons_code=code), period=period, status=ReturnStatus.ACCEPTED
        )
        version = ReturnVersion.objects.create(return_obj=ret, number=1, created_by=regional_admin)
        ReturnValue.objects.create(version=version, measure=measure, value=Decimal(str(value)))
        ret.accepted_version = ret.submitted_version = version
        ret.save()
    comparators_recompute(period=period)
    benchmark = MeasureBenchmark.objects.get(measure=measure, period=period)
    assert benchmark.nw_count == 24
    assert benchmark.nw_median == pytest.approx(statistics.median(figures.values()))
    assert benchmark.nw_mean == pytest.approx(statistics.fmean(figures.values()))
    assert benchmark.england_value == published_england("2C", "2023-24")
    assert benchmark.england_year == 2023
    wirral = CouncilPosition.objects.get(
        council__ons_code="E08000015", measure=measure, period=period
    )
    lower_is_better_rank = 1 + sum(v < figures["E08000015"] for v in figures.values())
    assert wirral.rank == lower_is_better_rank
    assert wirral.ranked_of == 24


def test_england_follows_the_predecessor_across_the_renumbering(regional_admin):
    national_import(dataset="ascof_trend", path=DATA_DIR / "acbockmuehl-ascof-trend_data.csv")
    [period] = periods(2022, 4)[-1:]
    measure = Measure.objects.get(code="2C", in_return=True)
    ret = Return.objects.create(
        council=Council.objects.get(ons_code="E08000015"),
        period=period,
        status=ReturnStatus.ACCEPTED,
    )
    version = ReturnVersion.objects.create(return_obj=ret, number=1, created_by=regional_admin)
    ReturnValue.objects.create(version=version, measure=measure, value=Decimal("600"))
    ret.accepted_version = version
    ret.save()
    comparators_recompute(period=period)
    benchmark = MeasureBenchmark.objects.get(measure=measure, period=period)
    assert measure.predecessor.code == "2A2"
    assert benchmark.england_value == published_england("2A2", "2022-23")
    assert benchmark.england_year == 2022


def test_recompute_twice_changes_nothing(regional_admin):
    from tests.factories import accepted_returns

    history = periods(2023, 4)
    councils = list(Council.objects.order_by("name")[:8])
    accepted_returns(councils, history, list(Measure.objects.in_return()), regional_admin)
    comparators_recompute(period=history[-1])
    first = list(
        CouncilPosition.objects.order_by("council_id", "measure_id").values_list(
            "council_id", "measure_id", "rank", "direction"
        )
    )
    comparators_recompute(period=history[-1])
    again = list(
        CouncilPosition.objects.order_by("council_id", "measure_id").values_list(
            "council_id", "measure_id", "rank", "direction"
        )
    )
    assert first == again
    assert len(first) == 8 * Measure.objects.in_return().count()


# --- MAD, distance and bands ------------------------------------------------------------------

EIGHT = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]


def current_rows(values: list[float | None], measure: int = 1) -> list:
    return [(c, measure, 4, v) for c, v in enumerate(values, start=1)]


def by_council(positions: pd.DataFrame, column: str, measure: int = 1) -> dict[int, object]:
    chosen = positions[positions["measure_id"] == measure]
    return dict(zip(chosen["council_id"], chosen[column], strict=True))


def test_nw_mad_is_the_unscaled_median_of_absolute_deviations():
    stats, positions = compute(
        frame(current_rows(EIGHT)), [FakeMeasure(1, Polarity.HIGHER)], WINDOW, WINDOW[-1]
    )
    deviations = [abs(v - 45.0) for v in EIGHT]  # 35 25 15 5 5 15 25 35
    assert stats.loc[1, "nw_mad"] == statistics.median(deviations) == 20.0
    mads = by_council(positions, "nw_mads")
    assert mads[1] == pytest.approx((10 - 45) / 20)
    assert mads[8] == pytest.approx((80 - 45) / 20)


@pytest.mark.parametrize(
    ("mads", "higher", "lower"),
    [
        (0.0, Band.SIMILAR, Band.SIMILAR),
        (0.49, Band.SIMILAR, Band.SIMILAR),
        (-0.49, Band.SIMILAR, Band.SIMILAR),
        (0.5, Band.SLIGHTLY_BETTER, Band.SLIGHTLY_WORSE),
        (-0.5, Band.SLIGHTLY_WORSE, Band.SLIGHTLY_BETTER),
        (1.49, Band.SLIGHTLY_BETTER, Band.SLIGHTLY_WORSE),
        (1.5, Band.BETTER, Band.WORSE),
        (-1.5, Band.WORSE, Band.BETTER),
        (2.99, Band.BETTER, Band.WORSE),
        (3.0, Band.MUCH_BETTER, Band.MUCH_WORSE),
        (-3.0, Band.MUCH_WORSE, Band.MUCH_BETTER),
        (7.5, Band.MUCH_BETTER, Band.MUCH_WORSE),
        (-7.5, Band.MUCH_WORSE, Band.MUCH_BETTER),
        (7.51, Band.BEYOND, Band.BEYOND),
        (-30.0, Band.BEYOND, Band.BEYOND),
    ],
)
def test_each_band_edge_both_ways_by_polarity(mads, higher, lower):
    [by_higher] = bands([1.0], [mads], [Polarity.HIGHER], [8])
    [by_lower] = bands([1.0], [mads], [Polarity.LOWER], [8])
    assert (by_higher, by_lower) == (higher, lower)


def test_floating_point_noise_never_moves_a_figure_across_an_edge():
    [noisy] = distance_in_mads([0.7], [0.1], [0.2])
    assert noisy < 3.0  # 2.9999999999999996
    assert bands([0.7], [noisy], [Polarity.HIGHER], [8])[0] == Band.MUCH_BETTER
    [noisy] = distance_in_mads([1.15], [0.1], [0.7])
    assert noisy < 1.5
    assert bands([1.15], [noisy], [Polarity.LOWER], [8])[0] == Band.WORSE


def test_bands_in_a_quarter_follow_polarity_both_ways():
    measures = [FakeMeasure(1, Polarity.HIGHER), FakeMeasure(2, Polarity.LOWER)]
    rows = current_rows(EIGHT, 1) + current_rows(EIGHT, 2)
    _, positions = compute(frame(rows), measures, WINDOW, WINDOW[-1])
    # 80 is 1.75 MADs above the median of 45 (MAD 20); 50 is 0.25 above; 10 is 1.75 below.
    assert by_council(positions, "band", 1)[8] == Band.BETTER
    assert by_council(positions, "band", 2)[8] == Band.WORSE
    assert by_council(positions, "band", 1)[1] == Band.WORSE
    assert by_council(positions, "band", 2)[1] == Band.BETTER
    assert by_council(positions, "band", 1)[5] == Band.SIMILAR


@pytest.mark.parametrize("polarity", [Polarity.NOT_VERIFIED, Polarity.NOT_DECLARED])
def test_a_measure_without_polarity_is_never_banded(polarity):
    values = [*EIGHT[:7], 10_000.0]
    _, positions = compute(
        frame(current_rows(values)), [FakeMeasure(1, polarity)], WINDOW, WINDOW[-1]
    )
    assert set(positions["band"]) == {Band.NOT_BANDED}
    assert by_council(positions, "nw_mads")[8] > 7.5  # the distance is still stated


def test_a_group_of_seven_is_too_small_and_eight_is_not():
    measure = [FakeMeasure(1, Polarity.HIGHER)]
    _, seven = compute(frame(current_rows(EIGHT[:7])), measure, WINDOW, WINDOW[-1])
    _, eight = compute(frame(current_rows(EIGHT)), measure, WINDOW, WINDOW[-1])
    assert set(seven["band"]) == {Band.TOO_SMALL}
    assert Band.TOO_SMALL not in set(eight["band"])


def test_mad_of_zero_is_similar_at_the_median_and_beyond_elsewhere():
    values = [10.0, 10.0, 10.0, 10.0, 10.0, 11.0, 12.0, 9.0]
    stats, positions = compute(
        frame(current_rows(values)), [FakeMeasure(1, Polarity.HIGHER)], WINDOW, WINDOW[-1]
    )
    assert stats.loc[1, "nw_mad"] == 0.0
    assert by_council(positions, "nw_mads")[1] == 0.0
    assert by_council(positions, "band")[1] == Band.SIMILAR
    assert by_council(positions, "nw_mads")[6] == np.inf
    assert by_council(positions, "band")[6] == Band.BEYOND
    assert by_council(positions, "band")[8] == Band.BEYOND


def test_blank_figures_are_left_out_of_the_group_and_counted():
    values = [*EIGHT, None, None]
    stats, positions = compute(
        frame(current_rows(values)), [FakeMeasure(1, Polarity.HIGHER)], WINDOW, WINDOW[-1]
    )
    assert stats.loc[1, "nw_count"] == 8
    assert stats.loc[1, "nw_missing"] == 2
    assert stats.loc[1, "nw_median"] == 45.0
    assert by_council(positions, "band")[9] == Band.NO_VALUE
    assert pd.isna(by_council(positions, "rank")[9])
    assert pd.isna(by_council(positions, "value_quartile")[9])
    assert by_council(positions, "ranked_of")[1] == 8


def test_same_type_group_median_distance_and_too_small():
    values = [*EIGHT, 100.0, 200.0, 300.0]
    types = {c: "metropolitan" for c in range(1, 9)} | {9: "unitary", 10: "unitary", 11: "county"}
    _, positions = compute(
        frame(current_rows(values)),
        [FakeMeasure(1, Polarity.LOWER)],
        WINDOW,
        WINDOW[-1],
        council_types=types,
    )
    assert by_council(positions, "same_type_count")[1] == 8
    assert by_council(positions, "same_type_median")[1] == 45.0
    assert by_council(positions, "same_type_mads")[1] == pytest.approx(-35 / 20)
    assert by_council(positions, "same_type_band")[1] == Band.BETTER  # lower is better
    assert by_council(positions, "same_type_count")[9] == 2
    assert by_council(positions, "same_type_median")[9] == 150.0
    assert by_council(positions, "same_type_band")[9] == Band.TOO_SMALL
    assert by_council(positions, "same_type_band")[11] == Band.TOO_SMALL
    # The NW group holds all eleven.
    assert by_council(positions, "band")[11] != Band.TOO_SMALL


def test_teasc_summary_counts_better_improving_and_both():
    # Council 1 over two quarters: measure 1 (higher) 40 -> 80, better and improving;
    # measure 2 (lower) 90 -> 80, improving but worse than the median; measure 3 has no
    # polarity.
    history = [(1, 1, 1, 40.0), (1, 2, 1, 90.0), (1, 3, 1, 5.0)]
    rows = history + current_rows(EIGHT, 1) + current_rows(EIGHT, 2) + current_rows(EIGHT, 3)
    measures = [
        FakeMeasure(1, Polarity.HIGHER),
        FakeMeasure(2, Polarity.LOWER),
        FakeMeasure(3, Polarity.NOT_VERIFIED),
    ]
    data = frame(rows)
    data.loc[(data["council_id"] == 1) & (data["period_id"] == 4), "value"] = 80.0
    _, positions = compute(data, measures, WINDOW, WINDOW[-1])
    # Published figures: England's 90 on measure 1 beats everyone; none for measure 2.
    summary = teasc_summaries(positions, {TeascComparator.ENGLAND: {1: 90.0}})
    nw = summary[summary["comparator"] == TeascComparator.NW_MEDIAN].drop(columns="comparator")
    assert nw.loc[1].to_dict() == {
        "items": 2,
        "better": 1,
        "improving": 2,
        "better_and_improving": 1,
    }
    # Council 8 (80 on every measure): better on measure 1 only, no history.
    assert nw.loc[8].to_dict() == {
        "items": 2,
        "better": 1,
        "improving": 0,
        "better_and_improving": 0,
    }
    england = summary[summary["comparator"] == TeascComparator.ENGLAND]
    assert england.loc[1, ["items", "better", "improving"]].tolist() == [1, 0, 1]
    # No same-type groups were given, so nothing is compared with one.
    same_type = summary[summary["comparator"] == TeascComparator.SAME_TYPE]
    assert same_type["items"].sum() == 0


def test_teasc_summary_never_counts_against_a_median_of_too_few():
    rows = current_rows(EIGHT[:7], 1)
    _, positions = compute(frame(rows), [FakeMeasure(1, Polarity.HIGHER)], WINDOW, WINDOW[-1])
    summary = teasc_summaries(positions)
    nw = summary[summary["comparator"] == TeascComparator.NW_MEDIAN]
    assert nw["items"].sum() == nw["better"].sum() == 0


def test_recompute_stores_mads_bands_same_type_and_teasc(regional_admin):
    from tests.factories import accepted_returns

    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on).order_by("name"))
    measures = list(Measure.objects.in_return())
    accepted_returns(councils, history, measures, regional_admin)
    result = comparators_recompute(period=history[-1])
    assert result.teasc_summaries == len(councils) == 24
    assert result.positions == 24 * len(measures)
    measure = next(m for m in measures if m.has_polarity)
    benchmark = MeasureBenchmark.objects.get(measure=measure, period=history[-1])
    stored = dict(
        CouncilPosition.objects.filter(measure=measure, period=history[-1]).values_list(
            "council_id", "value"
        )
    )
    median = statistics.median(stored.values())
    assert benchmark.nw_mad == pytest.approx(
        statistics.median(abs(v - median) for v in stored.values())
    )
    wirral = CouncilPosition.objects.get(
        council__ons_code="E08000015", measure=measure, period=history[-1]
    )
    assert wirral.nw_mads == pytest.approx((wirral.value - median) / benchmark.nw_mad)
    assert [label for label, _ in wirral.trend] == [p.label for p in history]
    assert wirral.trend[-1] == [history[-1].label, wirral.value]
    assert wirral.band not in (Band.NOT_BANDED, Band.TOO_SMALL, Band.NO_VALUE)
    metropolitan = [c.pk for c in councils if c.authority_type == "metropolitan"]
    assert wirral.same_type_count == len(metropolitan) == 15
    assert wirral.same_type_median == pytest.approx(
        statistics.median(stored[c] for c in metropolitan)
    )
    county = CouncilPosition.objects.get(
        council__ons_code="E10000017", measure=measure, period=history[-1]
    )
    assert county.same_type_count == 1
    assert county.same_type_band == Band.TOO_SMALL
    unbanded = CouncilPosition.objects.filter(period=history[-1]).exclude(
        measure__polarity__in=[Polarity.HIGHER, Polarity.LOWER]
    )
    assert unbanded.exists()
    assert set(unbanded.values_list("band", flat=True)) == {Band.NOT_BANDED}
    summary = TeascSummary.objects.get(
        council__ons_code="E08000015", period=history[-1], comparator=TeascComparator.NW_MEDIAN
    )
    polar = [m for m in measures if m.has_polarity]
    assert summary.items == len(polar)
    positions = CouncilPosition.objects.filter(
        council__ons_code="E08000015", period=history[-1], measure__in=polar
    ).select_related("measure")
    means = dict(
        MeasureBenchmark.objects.filter(period=history[-1]).values_list("measure_id", "nw_median")
    )
    better = {
        p.measure_id
        for p in positions
        if (p.value > means[p.measure_id]) == (p.measure.polarity == Polarity.HIGHER)
        and p.value != means[p.measure_id]
    }
    improving = {p.measure_id for p in positions if p.direction == Direction.IMPROVING}
    assert summary.better == len(better)
    assert summary.improving == len(improving)
    assert summary.better_and_improving == len(better & improving)


def test_blank_figure_in_an_accepted_return_is_a_position_without_a_value(regional_admin):
    from tests.factories import accepted_returns

    [period] = periods(2023, 4)[-1:]
    councils = list(Council.objects.active_on(period.ends_on).order_by("name")[:9])
    measures = list(Measure.objects.in_return())
    accepted_returns(councils, [period], measures, regional_admin)
    blank = ReturnValue.objects.filter(
        version__return_obj__council=councils[0],
        version__return_obj__period=period,
        measure=measures[0],
    )
    blank.update(value=None)
    result = comparators_recompute(period=period)
    assert result.missing == 1
    position = CouncilPosition.objects.get(council=councils[0], measure=measures[0], period=period)
    assert (position.value, position.band, position.rank) == (None, Band.NO_VALUE, None)
    assert MeasureBenchmark.objects.get(measure=measures[0], period=period).nw_count == 8


def test_recompute_twice_stores_the_same_bands_and_summaries(regional_admin):
    from tests.factories import accepted_returns

    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on))
    accepted_returns(councils, history, list(Measure.objects.in_return()), regional_admin)

    def stored() -> tuple[list, list, list]:
        return (
            list(
                CouncilPosition.objects.order_by("council_id", "measure_id").values_list(
                    "council_id",
                    "measure_id",
                    "nw_mads",
                    "band",
                    "same_type_mads",
                    "same_type_band",
                    "trend",
                )
            ),
            list(
                MeasureBenchmark.objects.order_by("measure_id").values_list(
                    "measure_id", "nw_mad", "nw_median"
                )
            ),
            list(
                TeascSummary.objects.order_by("council_id", "comparator").values_list(
                    "council_id",
                    "comparator",
                    "items",
                    "better",
                    "improving",
                    "better_and_improving",
                )
            ),
        )

    comparators_recompute(period=history[-1])
    first = stored()
    comparators_recompute(period=history[-1])
    assert stored() == first
    assert TeascSummary.objects.count() == 24 * len(TeascComparator)


def test_a_quarter_without_accepted_returns_stores_empty_benchmarks():
    [period] = periods(2023, 1)
    result = comparators_recompute(period=period)
    assert result.positions == result.teasc_summaries == 0
    assert result.benchmarks == Measure.objects.in_return().count()
    assert set(
        MeasureBenchmark.objects.filter(period=period).values_list("nw_count", flat=True)
    ) == {0}
