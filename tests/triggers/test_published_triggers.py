"""Automatic triggers on the published national figures, on the real files: workforce turnover
far above Oflog's national median (ASC7), delays attributable to social care far worse than the
North West or sharply rising (NHS England's monthly delayed transfers), and a sharp change in a
published unit cost (ASC-FR); each fires above its threshold and not below, names its evidence,
is one flag per council and clears when a later period no longer finds it."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from authorities.models import Council
from returns.catalogue import DATA_DIR
from returns.models import WHOLE_YEAR, GeographyLevel, Measure, Period, PublishedValue
from returns.national import national_import
from returns.services import period_ensure
from tests.conftest import committed
from triggers.automatic import figures, published
from triggers.automatic.evaluation import triggers_by_kind, triggers_evaluate
from triggers.automatic.registry import Finding
from triggers.models import Automatic, Concern, ConcernEvent, Thresholds
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

OFLOG = DATA_DIR / "oflog-asc-metrics-by-council.csv"
REASON = DATA_DIR / "psychty-dtoc-days-reason-for-delay.csv"
ORGANISATION = DATA_DIR / "psychty-dtoc-days-responsible-organisation.csv"
ASCFR = DATA_DIR / "bengoodair-ascfr-2014-15-unit-costs-by-cassr.csv"
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def table2(db: None) -> None:
    table2_load()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def store(code: str, council: Council, year: int, value: float | None, **extra: Any) -> None:
    PublishedValue.objects.create(
        measure=Measure.objects.get(code=code),
        year=year,
        month=extra.pop("month", WHOLE_YEAR),
        level=GeographyLevel.COUNCIL,
        geography=council.ons_code,
        geography_name=council.name,
        value=value,
        dataset=extra.pop("dataset", "test"),
        **extra,
    )


def by_council(findings: list[Finding], kind: str) -> dict[str, Finding]:
    names = dict(Council.objects.values_list("pk", "name"))
    return {names[f.council_id]: f for f in findings if f.kind == kind}


def flags(kind: str) -> dict[str, Concern]:
    return {
        c.council.name: c
        for c in Concern.objects.filter(automatic_key=kind).select_related("council")
    }


def evaluate(year: int, quarter: int) -> None:
    triggers_evaluate(period=period_ensure(year=year, quarter=quarter), today=TODAY)


def set_thresholds(**values: Any) -> None:
    thresholds = Thresholds.current()
    for name, value in values.items():
        setattr(thresholds, name, value)
    thresholds.save()


# --- Table 2 ---------------------------------------------------------------------------------


def test_each_new_kind_is_raised_under_its_table2_row() -> None:
    triggers = triggers_by_kind()

    turnover = triggers[Automatic.WORKFORCE_TURNOVER]
    assert (turnover.quadrant.key, turnover.order) == ("resources", 4)
    assert "significant turnover of senior staff" in turnover.name
    delays = triggers[Automatic.DELAYS_SOCIAL_CARE]
    assert (delays.quadrant.key, delays.order) == ("outcomes", 4)
    assert delays.name == "Locality Scorecard Measures (AQAA)"


def test_admissions_are_the_2023_24_measures_continuing_2a1_and_2a2() -> None:
    """ASCOF 2023-24 renumbered 2A(1) (18-64) as 2B and 2A(2) (65+) as 2C: both are admissions
    to residential and nursing care (``ascof_measures.csv`` ``previous_code``)."""
    measures = Measure.objects.in_return().filter(code__in=figures.ADMISSIONS_CODES)

    assert {(m.code, m.predecessor.code if m.predecessor else "") for m in measures} == {
        ("2B", "2A1"),
        ("2C", "2A2"),
    }
    assert all("residential and nursing care" in m.name for m in measures)


# --- Workforce turnover (Oflog ASC7) ---------------------------------------------------------


@pytest.fixture
def turnover() -> None:
    """The NW councils' published ASC7 rows, with Oflog's median and MADs, as in the file."""
    councils = {c.ons_code: c for c in Council.objects.all()}
    for row in rows(OFLOG):
        council = councils.get(row["Local authority code"])
        if row["Code"] != "ASC7" or council is None:
            continue
        store(
            "ASC7",
            council,
            int(row["Financial year"][:4]),
            float(row["Value"]) if row["Value"] else None,
            reference_median=float(row["MEDIAN"]),
            reference_mads=float(row["MADs_from_median"]) if row["MADs_from_median"] else None,
            dataset="oflog_asc",
        )


def test_turnover_far_above_the_national_median_is_found(turnover: None) -> None:
    # A 2019/20 quarter looks at 2018/19, the last year ended before it began.
    found = by_council(
        published.workforce_turnover(period_ensure(year=2019, quarter=1)),
        Automatic.WORKFORCE_TURNOVER,
    )

    assert set(found) == {"Cheshire East"}  # 2.54 MADs above Oflog's median of 30.3
    finding = found["Cheshire East"]
    assert finding.key == "workforce_turnover:ASC7:2018-19"
    assert finding.subject == "workforce_turnover:ASC7"
    assert (finding.period, finding.measure) == ("2018/19", "ASC7 Workforce turnover rate")
    assert finding.comparator == "Median of English councils 30.3 (Oflog)"
    assert finding.mads is not None
    assert round(finding.mads, 2) == 2.54
    assert "2.5 MADs above the median of English councils of 30.3" in finding.reasons
    assert "the threshold is 2 MADs" in finding.reasons
    assert finding.evidence_url.endswith(f"/measures/{Measure.objects.get(code='ASC7').pk}/")


def test_turnover_below_the_threshold_is_not_found(turnover: None) -> None:
    set_thresholds(mads_worse=Decimal("2.6"))

    assert not published.workforce_turnover(period_ensure(year=2019, quarter=1))


def test_one_turnover_flag_that_clears_when_a_later_year_no_longer_finds_it(
    turnover: None,
) -> None:
    evaluate(2019, 1)
    evaluate(2019, 2)  # the same year looked at: nothing changes
    assert list(flags(Automatic.WORKFORCE_TURNOVER)) == ["Cheshire East"]
    flag = flags(Automatic.WORKFORCE_TURNOVER)["Cheshire East"]
    assert flag.trigger.quadrant.key == "resources"
    assert flag.trigger.order == 4
    assert flag.evidence_scope == 2018 * 4 + 3
    assert not ConcernEvent.objects.filter(concern=flag, action=ConcernEvent.Action.EDITED)

    evaluate(2024, 1)  # 2023/24 is not published: missing data has not improved
    flag.refresh_from_db()
    assert flag.condition_cleared_on is None

    evaluate(2020, 1)  # 2019/20: 1.78 MADs above the median, under the threshold
    flag.refresh_from_db()
    assert flag.condition_cleared_on == TODAY
    cleared = ConcernEvent.objects.get(concern=flag, action=ConcernEvent.Action.CLEARED)
    assert "ASC7 " in cleared.text
    assert "in 2019/20, 1.8 MADs above the national median" in (cleared.text)
    assert Concern.objects.filter(automatic_key=Automatic.WORKFORCE_TURNOVER).count() == 1


# --- Delays attributable to social care (NHS England) ----------------------------------------


def _month(text: str) -> tuple[int, int]:
    day = datetime.datetime.strptime(text.strip(), "%B %Y").date()
    return (day.year - (day.month < 4), day.month)


@pytest.fixture
def delays() -> None:
    """The NW councils' published monthly delays (total, and attributable to social care) for
    October-December 2017 and 2018 and April-June 2018 and 2019, as in the two files."""
    councils = {c.name.lower(): c for c in Council.objects.all()}
    wanted = {(y, m) for y in (2017, 2018) for m in (10, 11, 12)} | {
        (y, m) for y in (2018, 2019) for m in (4, 5, 6)
    }
    for path, name, column, code, month in [
        (REASON, "Name", "Total Delayed Transfers of Care", "DTOC-TOTAL", "Period"),
        (ORGANISATION, "Name", "Social Care", "DTOC-SOCIAL-CARE", "Period_year"),
    ]:
        for row in rows(path):
            council = councils.get(row[name].strip().lower())
            year, calendar_month = _month(row[month])
            if council is None or (year, calendar_month) not in wanted:
                continue
            store(code, council, year, float(row[column]), month=calendar_month)


def test_delays_far_worse_than_the_north_west_median_are_found(delays: None) -> None:
    period = period_ensure(year=2018, quarter=3)  # October to December 2018

    found = by_council(published.delays_social_care(period), Automatic.DELAYS_SOCIAL_CARE)

    assert set(found) == {"Bolton", "Stockport", "Tameside"}
    tameside = found["Tameside"]
    assert tameside.key == "delays_social_care:DTOC-SOCIAL-CARE:2018-19-Q3"
    assert tameside.subject == "delays_social_care:DTOC-SOCIAL-CARE"
    assert tameside.title == (
        "Delays attributable to social care far worse than the NW median, 2018/19 Q3"
    )
    assert tameside.figure == "1,525 delayed days (62% of all delayed days)"
    assert tameside.comparator.startswith("North West median share ")
    assert tameside.comparator.endswith("(23 councils)")
    assert tameside.mads is not None
    assert tameside.mads > 2
    assert "1,525 of 2,458" in tameside.reasons
    assert "MADs above the median share of 23 North West councils" in tameside.reasons
    assert tameside.period == "2018/19 Q3"


def test_delays_sharply_rising_are_found_and_not_below_the_threshold(delays: None) -> None:
    period = period_ensure(year=2019, quarter=1)  # April to June 2019 against 2018

    found = by_council(published.delays_social_care(period), Automatic.DELAYS_SOCIAL_CARE)

    salford = found["Salford"]
    assert "sharply rising" in salford.title
    assert "rose from 355 in the same quarter a year earlier to 1,103" in salford.reasons
    assert "the threshold is 100%" in salford.reasons
    assert "Tameside" in found
    assert "sharply rising" not in found["Tameside"].title
    assert "Bolton" not in found  # up 75%, and 1.3 MADs from the median: neither holds


def test_delays_in_a_group_of_fewer_than_8_are_not_compared(delays: None) -> None:
    PublishedValue.objects.exclude(
        geography__in=Council.objects.filter(name__in=["Tameside", "Salford", "Bolton"]).values(
            "ons_code"
        )
    ).delete()

    found = by_council(
        published.delays_social_care(period_ensure(year=2018, quarter=3)),
        Automatic.DELAYS_SOCIAL_CARE,
    )

    assert not found


def test_one_delays_flag_that_clears_when_a_later_quarter_no_longer_finds_it(
    delays: None,
) -> None:
    evaluate(2018, 3)
    evaluate(2018, 3)
    raised = flags(Automatic.DELAYS_SOCIAL_CARE)
    assert set(raised) == {"Bolton", "Stockport", "Tameside"}
    assert raised["Tameside"].trigger.name == "Locality Scorecard Measures (AQAA)"

    evaluate(2019, 1)
    now = flags(Automatic.DELAYS_SOCIAL_CARE)
    for name in ("Bolton", "Stockport"):
        assert now[name].condition_cleared_on == TODAY
        cleared = ConcernEvent.objects.get(concern=now[name], action=ConcernEvent.Action.CLEARED)
        assert "delayed days in 2019/20 Q1" in cleared.text
    assert now["Tameside"].condition_cleared_on is None
    assert now["Salford"].condition_cleared_on is None
    assert (
        Concern.objects.filter(
            automatic_key=Automatic.DELAYS_SOCIAL_CARE, council__name="Tameside"
        ).count()
        == 1
    )

    evaluate(2026, 1)  # no delays published since 2019: nothing clears
    assert flags(Automatic.DELAYS_SOCIAL_CARE)["Tameside"].condition_cleared_on is None


# --- Unit costs (ASC-FR, annual) -------------------------------------------------------------


@pytest.fixture
def unit_costs() -> dict[str, float]:
    """ASC-FR 2014-15 as published, and 2015-16 figures written here for three councils."""
    national_import(dataset="ascfr_unit_costs", path=ASCFR)
    wirral, sefton, halton = (Council.objects.get(slug=s) for s in ("wirral", "sefton", "halton"))
    before = {
        c.name: PublishedValue.objects.get(
            measure__code="UC-RN-18", geography=c.ons_code, year=2014
        ).value
        for c in (wirral, sefton, halton)
    }
    store("UC-RN-18", wirral, 2015, round(before["Wirral"] * 1.3, 2))
    store("UC-RN-18", sefton, 2015, round(before["Sefton"] * 1.1, 2))
    store("UC-RN-18", halton, 2015, round(before["Halton"] * 0.7, 2))
    return {k: float(v or 0) for k, v in before.items()}


def test_a_published_unit_cost_change_either_way_is_found(unit_costs: dict[str, float]) -> None:
    period = period_ensure(year=2016, quarter=1)  # looks at 2015/16 against 2014/15

    found = by_council(published.published_unit_cost_changes(period), Automatic.UNIT_COST_CHANGE)

    assert set(found) == {"Wirral", "Halton"}
    wirral = found["Wirral"]
    assert wirral.key == "unit_cost_change:UC-RN-18:2015-16"
    assert wirral.period == "2015/16"
    assert wirral.comparator == f"£{unit_costs['Wirral']:,.2f} in 2014/15"
    assert "a rise of 30% (the threshold is 20% either way)" in wirral.reasons
    assert "a fall of 30%" in found["Halton"].reasons
    set_thresholds(unit_cost_change=Decimal("0.35"))
    assert not published.published_unit_cost_changes(period)


def test_a_unit_cost_flag_clears_when_the_next_year_no_longer_finds_it(
    unit_costs: dict[str, float],
) -> None:
    evaluate(2016, 1)
    evaluate(2016, 2)
    assert set(flags(Automatic.UNIT_COST_CHANGE)) == {"Wirral", "Halton"}
    wirral = Council.objects.get(slug="wirral")
    store("UC-RN-18", wirral, 2016, round(unit_costs["Wirral"] * 1.35, 2))

    evaluate(2017, 1)  # Wirral's 2016/17 is up 4% on 2015/16; Halton's is not published

    now = flags(Automatic.UNIT_COST_CHANGE)
    assert now["Wirral"].condition_cleared_on == TODAY
    assert now["Halton"].condition_cleared_on is None
    cleared = ConcernEvent.objects.get(concern=now["Wirral"], action=ConcernEvent.Action.CLEARED)
    assert "UC-RN-18 £" in cleared.text
    assert "in 2016/17" in cleared.text


def test_the_present_quarter_finds_nothing_without_published_figures(
    turnover: None, delays: None
) -> None:
    present = Period.objects.filter(year=2026, quarter=1).first() or period_ensure(
        year=2026, quarter=1
    )

    assert not published.workforce_turnover(present)
    assert not published.delays_social_care(present)
    assert not published.published_unit_cost_changes(present)


def test_each_published_kind_is_evaluated_on_the_latest_quarter_its_figures_support(
    turnover: None, delays: None
) -> None:
    after_turnover = period_ensure(year=2023, quarter=1)  # after Oflog's last year, 2022/23
    last_delays = period_ensure(year=2019, quarter=1)  # April-June 2019, the last stored here

    assert published.published_periods() == [
        (Automatic.WORKFORCE_TURNOVER, after_turnover),
        (Automatic.DELAYS_SOCIAL_CARE, last_delays),
    ]
    for kind, period in published.published_periods():
        result = triggers_evaluate(period=period, kinds={kind}, today=TODAY)
        assert {f.kind for f in result.findings} == {kind}
    assert set(flags(Automatic.WORKFORCE_TURNOVER)) == {
        "Bury",
        "Cheshire West and Chester",
        "Rochdale",
        "Warrington",
    }
    assert "Tameside" in flags(Automatic.DELAYS_SOCIAL_CARE)
    assert not Concern.objects.exclude(
        automatic_key__in=[Automatic.WORKFORCE_TURNOVER, Automatic.DELAYS_SOCIAL_CARE]
    ).exists()


def test_the_nightly_task_evaluates_the_published_kinds_on_their_latest_quarters(
    turnover: None, delays: None
) -> None:
    from triggers.tasks import triggers_evaluate_latest_task

    period_ensure(year=2023, quarter=1)
    period_ensure(year=2019, quarter=1)

    with committed():
        triggers_evaluate_latest_task.delay()

    assert "Cheshire West and Chester" in flags(Automatic.WORKFORCE_TURNOVER)
    assert "Salford" in flags(Automatic.DELAYS_SOCIAL_CARE)
