"""Importing the delayed-transfers, falls and ASC-FR files, and quarters made by each measure's
rule, on the real published files."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from returns.catalogue import DATA_DIR
from returns.models import WHOLE_YEAR, GeographyLevel, Measure, NationalImport, PublishedValue
from returns.national import national_import
from returns.national.layouts import (
    SKIP_NO_CODE,
    SKIP_NOT_COUNCIL,
    SKIP_OUTSIDE,
    NationalRefused,
    file_check,
    layout_recognise,
)
from returns.national.quarters import quarter_figures
from scorecard.comparators.published import published_comparators_recompute
from scorecard.models import PublishedBenchmark, PublishedPosition

REASON = DATA_DIR / "psychty-dtoc-days-reason-for-delay.csv"
ORGANISATION = DATA_DIR / "psychty-dtoc-days-responsible-organisation.csv"
FALLS = DATA_DIR / "trafforddatalab-dashboard-admissions_falls_65p.csv"
ASCFR = DATA_DIR / "bengoodair-ascfr-2014-15-unit-costs-by-cassr.csv"
DAILY_BEDS = Path("/work/shared/data/trafforddatalab-dashboard-dtoc_asc_daily_beds.csv")
WIRRAL, TRAFFORD, LANCASHIRE, CUMBRIA = "E08000015", "E08000009", "E10000017", "E10000006"

pytestmark = pytest.mark.django_db


def rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(newline="", encoding=encoding) as handle:
        return list(csv.DictReader(handle))


def figure(code: str, geography: str, year: int, month: int = WHOLE_YEAR) -> PublishedValue:
    return PublishedValue.objects.get(
        measure__code=code, geography=geography, year=year, month=month
    )


@pytest.fixture
def delays() -> None:
    national_import(dataset="dtoc_reason", path=REASON)
    national_import(dataset="dtoc_organisation", path=ORGANISATION)


def test_each_file_is_recognised_by_its_layout() -> None:
    for path, name in [
        (REASON, "dtoc_reason"),
        (ORGANISATION, "dtoc_organisation"),
        (FALLS, "falls_65"),
        (ASCFR, "ascfr_unit_costs"),
    ]:
        assert layout_recognise(path.read_bytes()).name == name


def test_monthly_delays_are_stored_by_month(delays: None) -> None:
    wirral = figure("DTOC-TOTAL", WIRRAL, 2019, 4)
    assert (wirral.value, wirral.geography_name, wirral.level) == (350, "Wirral", "council")
    assert figure("DTOC-ASSESSMENT", WIRRAL, 2019, 4).value == 34
    assert figure("DTOC-NHS", WIRRAL, 2019, 4).value == 233
    assert figure("DTOC-SOCIAL-CARE", WIRRAL, 2019, 4).value == 117
    england = [r for r in rows(REASON) if r["Name"] == "England" and r["Period"] == "January 2019"]
    january_2019 = figure("DTOC-TOTAL", "E92000001", 2018, 1)
    assert january_2019.level == GeographyLevel.ENGLAND
    assert january_2019.value == float(england[0]["Total Delayed Transfers of Care"])


def test_a_quarter_is_the_sum_of_its_published_months(delays: None) -> None:
    published = {
        r["Period"]: float(r["Total Delayed Transfers of Care"])
        for r in rows(REASON)
        if r["Name"] == "Wirral"
    }
    total = Measure.objects.get(code="DTOC-TOTAL")
    q3_2013 = quarter_figures(measure=total, year=2013, quarter=3)[WIRRAL]
    assert q3_2013.value == sum(published[f"{m} 2013"] for m in ("October", "November", "December"))
    q4_2013 = quarter_figures(measure=total, year=2013, quarter=4)[WIRRAL]
    assert q4_2013.value == sum(published[f"{m} 2014"] for m in ("January", "February", "March"))
    first_2019 = quarter_figures(measure=total, year=2019, quarter=1)
    assert first_2019[WIRRAL].value == sum(published[f"{m} 2019"] for m in ("April", "May", "June"))


def test_a_quarter_lacking_a_month_has_no_figure(delays: None) -> None:
    total = Measure.objects.get(code="DTOC-TOTAL")
    assert quarter_figures(measure=total, year=2019, quarter=4) == {}
    first_2019 = quarter_figures(measure=total, year=2019, quarter=1)
    poole, merged = first_2019["E06000029"], first_2019["E06000058"]
    assert figure("DTOC-TOTAL", "E06000029", 2019, 4).value == 0
    assert (poole.value, merged.value) == (None, None)
    assert (
        poole.missing_reason
        == merged.missing_reason
        == ("not every month of the quarter is published")
    )


def test_a_quarter_with_a_month_published_as_missing_has_no_figure(delays: None) -> None:
    social_care = Measure.objects.get(code="DTOC-SOCIAL-CARE")
    april_2019 = figure("DTOC-SOCIAL-CARE", "E06000029", 2019, 4)
    assert (april_2019.value, april_2019.missing_reason) == (None, "not published (-)")
    figures = {m: figure("DTOC-SOCIAL-CARE", "E06000029", 2018, m).value for m in (1, 2, 3)}
    assert None not in figures.values()
    last_2018 = quarter_figures(measure=social_care, year=2018, quarter=4)["E06000029"]
    assert last_2018.value == sum(v for v in figures.values() if v is not None)


def test_the_responsible_organisations_add_up_to_the_total(delays: None) -> None:
    stored = PublishedValue.objects.filter(dataset__startswith="dtoc", value__isnull=False)
    parts: dict[tuple[object, ...], list[float]] = {}
    totals: dict[tuple[object, ...], float] = {}
    for code, year, month, geography, value in stored.values_list(
        "measure__code", "year", "month", "geography", "value"
    ):
        key = (year, month, geography)
        assert value is not None
        if code in ("DTOC-NHS", "DTOC-SOCIAL-CARE", "DTOC-BOTH"):
            parts.setdefault(key, []).append(value)
        elif code == "DTOC-TOTAL":
            totals[key] = value
    assert len(totals) == 15_847
    split = {key: sum(values) for key, values in parts.items() if len(values) == 3}
    assert split == {key: totals[key] for key in split}
    # Only Poole's last month, published with "-" for each organisation, has no split.
    assert set(totals) - set(split) == {(2019, 4, "E06000029")}


def test_cassr_codes_until_mid_2015_and_ons_codes_after_join_into_one_series(
    delays: None,
) -> None:
    published = [r for r in rows(REASON) if r["Name"] == "Wirral"]
    codes = {r["Period"]: r["Code"] for r in published}
    assert codes["June 2015"] == "319"
    assert codes["September 2015"] == codes["October 2015"] == WIRRAL
    stored = PublishedValue.objects.filter(measure__code="DTOC-TOTAL", geography_name="Wirral")
    assert set(stored.values_list("geography", flat=True)) == {WIRRAL}
    assert stored.count() == len(published) == 105
    organisation = PublishedValue.objects.filter(
        measure__code="DTOC-SOCIAL-CARE", geography_name="Wirral"
    )
    assert set(organisation.values_list("geography", flat=True)) == {WIRRAL}
    assert organisation.count() == 105
    assert (
        PublishedValue.objects.filter(measure__code="DTOC-TOTAL", geography__regex=r"^\d").count()
        == 0
    )


def test_dorset_keeps_its_first_code_for_the_months_of_nhs_codes(delays: None) -> None:
    dorset = PublishedValue.objects.filter(measure__code="DTOC-TOTAL", geography_name="Dorset")
    assert set(dorset.values_list("geography", flat=True)) == {"E10000009", "E06000059"}
    assert dorset.get(year=2011, month=4).geography == "E10000009"


def test_social_care_days_reproduce_lg_inform_daily_beds(delays: None) -> None:
    for row in rows(DAILY_BEDS):
        if row["area_code"] != TRAFFORD or row["period"] > "2019-12-01":
            continue
        first, month = int(row["period"][:4]), int(row["period"][5:7])
        days = figure("DTOC-SOCIAL-CARE", TRAFFORD, first - (month < 4), month).value
        assert days is not None
        month_days = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1] + (
            month == 2 and first % 4 == 0
        )
        assert round(days / month_days, 1) == float(row["value"])


def test_the_organisation_file_without_the_reason_file_stores_nothing() -> None:
    result = national_import(dataset="dtoc_organisation", path=ORGANISATION)
    assert result.rows_stored == 0
    assert result.skip_reasons == {SKIP_NO_CODE: 3 * 15847}


def test_falls_county_councils_are_not_published_never_averaged() -> None:
    result = national_import(dataset="falls_65", path=FALLS)
    for county in (LANCASHIRE, CUMBRIA):
        stored = PublishedValue.objects.filter(measure__code="FALLS-65", geography=county)
        assert stored.count() == 8
        assert set(stored.values_list("value", "missing_reason")) == {(None, "not published")}
    assert figure("FALLS-65", WIRRAL, 2010).value == 2677
    assert figure("FALLS-65", "E92000001", 2017).value == 2170
    assert not PublishedValue.objects.filter(geography__startswith="E07").exists()
    assert not PublishedValue.objects.filter(geography="E47000001").exists()
    not_councils = [r for r in rows(FALLS) if r["area_code"][:3] in ("E07", "E47")]
    assert result.skip_reasons == {SKIP_NOT_COUNCIL: len(not_councils)}


def test_ascfr_dot_is_not_applicable_not_zero() -> None:
    result = national_import(dataset="ascfr_unit_costs", path=ASCFR)
    assert result.skip_reasons[SKIP_OUTSIDE] == 4 * 245
    assert figure("UC-RN-18", "E10000006", 2014).value == 604.49
    assert figure("UC-RN-18", WIRRAL, 2014).value == 567.40
    assert figure("UC-RN-18", "E12000002", 2014).level == GeographyLevel.REGION
    assert figure("UC-RN-18", "E12000002", 2014).value == 519.9
    assert figure("UC-RN-18", "E92000001", 2014).value == 666.37
    councils = PublishedValue.objects.filter(measure__code="UC-RN-18", level="council")
    assert councils.count() == 152 - 4
    assert councils.get(geography_name="Northumberland").geography == "E06000057"
    assert councils.get(geography_name="Cheshire East").geography == "E06000049"
    assert not councils.filter(geography_name__in=["City of London", "Isles of Scilly"]).exists()
    own = PublishedValue.objects.filter(measure__code="UC-RES-65-PS-OWN", level="council")
    assert own.get(geography=WIRRAL).value is None
    assert own.get(geography=WIRRAL).missing_reason == "not applicable (.)"
    with ASCFR.open(encoding="latin-1", newline="") as handle:
        next(handle)  # the regions' letters above the header
        published = next(
            row
            for row in csv.DictReader(handle)
            if row["Unit cost category"] == "Unit costs"
            and row["Age category"] == "Age 65 and over"
            and row["Primary support reason"] == "Physical support"
            and row["Unit cost provision"] == "Own provision"
        )
    cells = {
        column.split(" - ", 1)[1]: cell for column, cell in published.items() if " - " in column
    }
    for stored in own:
        cell = cells[stored.geography_name].strip()
        assert (stored.value is None) == (cell == "."), stored.geography_name
        assert stored.value is None or stored.value == float(cell)
    assert own.get(geography_name="Bournemouth").value == 0  # a published zero stays zero
    dots = PublishedValue.objects.filter(dataset="ascfr_unit_costs", value__isnull=True)
    assert set(dots.values_list("missing_reason", flat=True)) == {"not applicable (.)"}


def test_the_latin_1_unit_cost_file_passes_the_upload_checks() -> None:
    content = ASCFR.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    file_check(name=ASCFR.name, content=content)
    assert layout_recognise(content).name == "ascfr_unit_costs"
    pounds = content.replace(b"Support type", b"Support type \xa3", 1)
    with pytest.raises(NationalRefused):
        file_check(name=ASCFR.name, content=pounds)


def test_reimporting_each_file_stores_nothing(delays: None) -> None:
    national_import(dataset="falls_65", path=FALLS)
    national_import(dataset="ascfr_unit_costs", path=ASCFR)
    before = list(PublishedValue.objects.order_by("pk").values_list("pk", "value"))
    for dataset, path in [
        ("dtoc_reason", REASON),
        ("dtoc_organisation", ORGANISATION),
        ("falls_65", FALLS),
        ("ascfr_unit_costs", ASCFR),
    ]:
        result = national_import(dataset=dataset, path=path, force=True)
        assert result.run is not None
        assert (result.run.rows_new, result.run.rows_changed) == (0, 0), dataset
    assert list(PublishedValue.objects.order_by("pk").values_list("pk", "value")) == before


def test_the_command_knows_each_layout(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_national_data", "--dataset", "falls_65", "--commit")
    assert "falls_65:" in capsys.readouterr().out
    assert NationalImport.objects.filter(dataset="falls_65").count() == 1


def test_published_comparators_read_whole_years_only(delays: None) -> None:
    national_import(dataset="falls_65", path=FALLS)
    published_comparators_recompute(year=2017)
    benchmarks = PublishedBenchmark.objects.filter(year=2017)
    codes = set(benchmarks.values_list("measure__code", flat=True))
    assert "FALLS-65" in codes
    assert not [code for code in codes if code.startswith("DTOC")]
    england = benchmarks.get(measure__code="FALLS-65", group="england")
    published = [
        r
        for r in rows(FALLS)
        if r["period"] == "2017/18" and r["area_code"][:3] in ("E06", "E08", "E09")
    ]
    assert england.count == len([r for r in published if r["value"] != "NA"])
    assert not PublishedPosition.objects.filter(
        year=2017, council__ons_code=LANCASHIRE, measure__code="FALLS-65"
    ).exists()
