"""Importing the delayed-transfers, falls and ASC-FR files, and quarters made by each measure's
rule, on the real published files."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from returns.catalogue import DATA_DIR
from returns.models import WHOLE_YEAR, GeographyLevel, Measure, NationalImport, PublishedValue
from returns.national import national_import
from returns.national.layouts import SKIP_NO_CODE, SKIP_NOT_COUNCIL, layout_recognise
from returns.national.quarters import quarter_figures

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
    nw = quarter_figures(measure=total, year=2019, quarter=1)
    assert len(nw) == 150
    assert nw[WIRRAL].value == sum(published[f"{m} 2019"] for m in ("April", "May", "June"))


def test_a_quarter_of_the_last_months_published_has_no_figure(delays: None) -> None:
    total = Measure.objects.get(code="DTOC-TOTAL")
    assert quarter_figures(measure=total, year=2019, quarter=4) == {}
    poole = quarter_figures(measure=total, year=2019, quarter=2)["E06000029"]
    assert poole.value is None
    assert "not published" in poole.missing_reason


def test_the_responsible_organisations_add_up_to_the_total(delays: None) -> None:
    stored = PublishedValue.objects.filter(dataset__startswith="dtoc", value__isnull=False)
    sums: dict[tuple[object, ...], float] = {}
    totals: dict[tuple[object, ...], float] = {}
    for code, year, month, geography, value in stored.values_list(
        "measure__code", "year", "month", "geography", "value"
    ):
        key = (year, month, geography)
        if code in ("DTOC-NHS", "DTOC-SOCIAL-CARE", "DTOC-BOTH"):
            sums[key] = sums.get(key, 0) + value
        elif code == "DTOC-TOTAL":
            totals[key] = value
    assert len(totals) > 15_800
    assert sums == totals


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
    assert PublishedValue.objects.filter(
        measure__code="DTOC-TOTAL", geography__regex=r"^\d"
    ).count() == 0


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
    assert result.rows_stored == 3  # England's three figures need no code
    assert result.skip_reasons[SKIP_NO_CODE] == 3 * (15847 - 105)


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
    assert result.skip_reasons[SKIP_NOT_COUNCIL] == (201 + 1) * 8


def test_ascfr_dot_is_not_applicable_not_zero() -> None:
    national_import(dataset="ascfr_unit_costs", path=ASCFR)
    assert figure("UC-RN-18", "E10000006", 2014).value == 604.49
    assert figure("UC-RN-18", WIRRAL, 2014).value == 567.40
    assert figure("UC-RN-18", "E12000002", 2014).level == GeographyLevel.REGION
    assert figure("UC-RN-18", "E12000002", 2014).value == 519.9
    assert figure("UC-RN-18", "E92000001", 2014).value == 666.37
    dots = PublishedValue.objects.filter(dataset="ascfr_unit_costs", value__isnull=True)
    assert dots.exists()
    assert set(dots.values_list("missing_reason", flat=True)) == {"not applicable (.)"}
    published = rows(ASCFR, "latin-1")
    assert published  # the file reads as Latin-1


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
