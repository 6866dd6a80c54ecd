"""Comparators checked against figures computed by hand, on crafted data and on the real
published ASCOF figures for North West councils."""

import csv
import statistics
from decimal import Decimal

import pandas as pd
import pytest

from authorities.models import Council
from returns.catalogue import DATA_DIR
from returns.models import Measure, Polarity, Return, ReturnStatus, ReturnValue, ReturnVersion
from returns.national import national_import
from scorecard.comparators import DIRECTION_THRESHOLD, comparators_recompute, compute
from scorecard.models import CouncilPosition, Direction, MeasureBenchmark
from tests.factories import periods

pytestmark = pytest.mark.django_db


class FakeMeasure:
    def __init__(self, pk: int, polarity: str) -> None:
        self.pk = pk
        self.polarity = polarity


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
