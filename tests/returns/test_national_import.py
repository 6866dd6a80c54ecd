"""Importing the published national files (ASCOF trend, Oflog) as comparators."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from authorities.models import Council
from returns.catalogue import CLD_FRAMEWORK, CURRENT_FRAMEWORK, DATA_DIR, OLD_FRAMEWORK
from returns.models import GeographyLevel, Measure, NationalImport, PublishedValue
from returns.national import (
    SKIP_DUPLICATE,
    SKIP_MEASURE,
    national_import,
    national_import_all,
)
from returns.signals import national_data_imported
from returns.tasks import national_import_task
from tests.conftest import committed

ASCOF = DATA_DIR / "acbockmuehl-ascof-trend_data.csv"
OFLOG = DATA_DIR / "oflog-asc-metrics-by-council.csv"
ASCOF_HEADER = (
    "Year,Geographical Description,ONS Code,Measure Group,Measure Group Description,"
    "Measure_Value,Geographical Level,Disaggregation Level,Measure Type"
)
CUMBRIA, CUMBERLAND, WESTMORLAND = "E10000006", "E06000063", "E06000064"

pytestmark = pytest.mark.django_db


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def ascof_file(tmp_path: Path, lines: list[str], name: str = "crafted.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([ASCOF_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def snapshot() -> list[tuple[object, ...]]:
    return list(PublishedValue.objects.order_by("pk").values_list("pk", "value", "missing_reason"))


def measure(code: str, framework: str) -> Measure:
    return Measure.objects.get(code=code, framework_version=framework)


def test_ascof_trend_nw_councils_in_2023_24() -> None:
    result = national_import(dataset="ascof_trend", path=ASCOF)
    nw = set(Council.objects.values_list("ons_code", flat=True))
    expected = [r for r in csv_rows(ASCOF) if r["Year"] == "2023-24" and r["ONS Code"] in nw]
    stored = PublishedValue.objects.filter(level=GeographyLevel.COUNCIL, year=2023).filter(
        geography__in=nw
    )
    assert result.rows_read == 26498
    assert result.rows_stored == PublishedValue.objects.filter(dataset="ascof_trend").count()
    assert result.rows_skipped == 0
    assert stored.count() == len(expected) > 0
    assert stored.values("geography").distinct().count() == 24


def test_cumbria_until_2022_and_its_successors_from_2023() -> None:
    national_import(dataset="ascof_trend", path=ASCOF)
    years = {
        code: set(PublishedValue.objects.filter(geography=code).values_list("year", flat=True))
        for code in (CUMBRIA, CUMBERLAND, WESTMORLAND)
    }
    assert years[CUMBRIA]
    assert max(years[CUMBRIA]) == 2022
    assert years[CUMBERLAND] == {2023}
    assert years[WESTMORLAND] == {2023}


def test_england_figure_equals_the_published_one() -> None:
    national_import(dataset="ascof_trend", path=ASCOF)
    row = next(
        r
        for r in csv_rows(ASCOF)
        if (r["Year"], r["Measure Group"], r["Geographical Level"]) == ("2023-24", "1A", "England")
    )
    stored = PublishedValue.objects.get(
        measure=measure("1A", CURRENT_FRAMEWORK), year=2023, level=GeographyLevel.ENGLAND
    )
    assert stored.geography == "E92000001"
    assert stored.value == float(row["Measure_Value"])


def test_council_types_keyed_by_normalised_name() -> None:
    national_import(dataset="ascof_trend", path=ASCOF)
    keys = set(
        PublishedValue.objects.filter(level=GeographyLevel.COUNCIL_TYPE)
        .values_list("geography", flat=True)
        .distinct()
    )
    assert keys == {"unitary", "metropolitan", "county", "inner_london", "outer_london", "district"}
    names = set(
        PublishedValue.objects.filter(geography="unitary").values_list("geography_name", flat=True)
    )
    assert names == {"Unitary Authorities", "Unitary Authority"}


def test_renumbered_code_resolves_by_year() -> None:
    national_import(dataset="ascof_trend", path=ASCOF)
    new, old = measure("2C", CURRENT_FRAMEWORK), measure("2A2", OLD_FRAMEWORK)
    assert set(PublishedValue.objects.filter(measure=new).values_list("year", flat=True)) == {2023}
    assert max(PublishedValue.objects.filter(measure=old).values_list("year", flat=True)) == 2022
    wirral = [r for r in csv_rows(ASCOF) if r["ONS Code"] == "E08000015"]
    rows = {(r["Year"], r["Measure Group"]): r for r in wirral}
    assert PublishedValue.objects.get(measure=new, geography="E08000015").value == float(
        rows[("2023-24", "2C")]["Measure_Value"]
    )
    assert PublishedValue.objects.get(measure=old, year=2022, geography="E08000015").value == float(
        rows[("2022-23", "2A2")]["Measure_Value"]
    )
    assert new.predecessor == old


def test_oflog_empty_values_are_missing_not_zero() -> None:
    result = national_import(dataset="oflog_asc", path=OFLOG)
    rows = csv_rows(OFLOG)
    missing = PublishedValue.objects.filter(dataset="oflog_asc", value__isnull=True)
    assert result.rows_read == len(rows) == 6376
    assert result.rows_skipped == 0
    assert result.rows_missing == missing.count() == sum(1 for r in rows if r["Value"] == "") == 298
    assert set(missing.values_list("missing_reason", flat=True)) == {"not published"}
    assert not missing.filter(reference_mads__isnull=False).exists()
    councils = PublishedValue.objects.filter(dataset="oflog_asc", level=GeographyLevel.COUNCIL)
    assert councils.count() == 6376


def test_oflog_genuine_zero_and_reference_values() -> None:
    national_import(dataset="oflog_asc", path=OFLOG)
    zero = next(r for r in csv_rows(OFLOG) if r["Value"] in {"0", "0.0"})
    stored = PublishedValue.objects.get(
        measure__code=zero["Code"],
        year=int(zero["Financial year"][:4]),
        geography=zero["Local authority code"],
    )
    assert stored.value == 0.0
    assert stored.missing_reason == ""
    assert stored.reference_median == float(zero["MEDIAN"])
    assert stored.reference_mads == float(zero["MADs_from_median"])


def test_same_file_again_is_recognised_and_changes_nothing() -> None:
    national_import(dataset="oflog_asc", path=OFLOG)
    before = snapshot()
    again = national_import(dataset="oflog_asc", path=OFLOG)
    assert again.already_imported
    assert again.rows_stored == 0
    assert NationalImport.objects.filter(dataset="oflog_asc").count() == 1
    assert snapshot() == before


def test_forced_rerun_stores_nothing() -> None:
    first = national_import(dataset="ascof_trend", path=ASCOF)
    forced = national_import(dataset="ascof_trend", path=ASCOF, force=True)
    assert first.rows_stored > 0
    assert not forced.already_imported
    assert forced.rows_read == first.rows_read
    assert forced.rows_stored == 0
    assert forced.run is not None
    assert forced.run.rows_unchanged == first.rows_read - first.rows_skipped
    assert [r.rows_stored for r in NationalImport.objects.order_by("pk")] == [first.rows_stored, 0]


def test_markers_are_stored_as_missing_with_reasons(tmp_path: Path) -> None:
    path = ascof_file(
        tmp_path,
        [
            "2022-23,Wirral,E08000015,1A,Quality of life,NA,Council,Total,Outcome",
            "2022-23,Sefton,E08000014,1A,Quality of life,[c],Council,Total,Outcome",
            "2022-23,Halton,E06000006,1A,Quality of life,[x],Council,Total,Outcome",
            "2022-23,Warrington,E06000007,1A,Quality of life,[z],Council,Total,Outcome",
            "2022-23,Wigan,E08000010,1A,Quality of life,,Council,Total,Outcome",
            "2022-23,Bolton,E08000001,1A,Quality of life,0,Council,Total,Outcome",
        ],
    )
    result = national_import(dataset="ascof_trend", path=path)
    stored = dict(PublishedValue.objects.values_list("geography", "missing_reason"))
    assert result.rows_missing == 5
    assert result.rows_stored == 6
    assert stored == {
        "E08000015": "NA in source",
        "E08000014": "suppressed [c]",
        "E06000006": "not available [x]",
        "E06000007": "not applicable [z]",
        "E08000010": "not published",
        "E08000001": "",
    }
    assert PublishedValue.objects.filter(value__isnull=True).count() == 5
    assert PublishedValue.objects.get(geography="E08000001").value == 0.0


def test_unknown_codes_and_repeats_are_skipped_and_counted(tmp_path: Path) -> None:
    path = ascof_file(
        tmp_path,
        [
            "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome",
            "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome",
            "2022-23,Wirral,E08000015,E08000015,Quality of life,18.9,Council,Total,Outcome",
            "2022-23,Wirral,E08000015,1B,Quality of life,75.0,Council,Female,Outcome",
        ],
    )
    result = national_import(dataset="ascof_trend", path=path)
    assert result.rows_read == 4
    assert result.rows_stored == 1
    assert result.rows_skipped == 3
    assert result.skip_reasons[SKIP_DUPLICATE] == 1
    assert result.skip_reasons[SKIP_MEASURE] == 1
    assert PublishedValue.objects.get().value == 18.9


def test_changed_figure_updates_only_that_row(tmp_path: Path) -> None:
    lines = [
        "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome",
        "2022-23,Sefton,E08000014,1A,Quality of life,19.1,Council,Total,Outcome",
    ]
    national_import(dataset="ascof_trend", path=ascof_file(tmp_path, lines, "v1.csv"))
    lines[1] = lines[1].replace("19.1", "[c]")
    result = national_import(dataset="ascof_trend", path=ascof_file(tmp_path, lines, "v2.csv"))
    sefton = PublishedValue.objects.get(geography="E08000014")
    assert result.rows_stored == 1
    assert (sefton.value, sefton.missing_reason) == (None, "suppressed [c]")
    assert NationalImport.objects.filter(dataset="ascof_trend").count() == 2


def test_2024_25_code_resolves_to_the_cld_measure(tmp_path: Path) -> None:
    path = ascof_file(
        tmp_path,
        [
            "2023-24,England,E92000001,2A,Short-term services,77.5,England,,",
            "2024-25,England,E92000001,2A,Short-term services,81.2,England,,",
        ],
    )
    national_import(dataset="ascof_trend", path=path)
    assert PublishedValue.objects.get(year=2023).measure == measure("2A", CURRENT_FRAMEWORK)
    assert PublishedValue.objects.get(year=2024).measure == measure("2A", CLD_FRAMEWORK)


def test_command_without_commit_changes_nothing() -> None:
    call_command("import_national_data", "--dataset", "oflog_asc")
    assert not PublishedValue.objects.exists()
    assert not NationalImport.objects.exists()
    call_command("import_national_data", "--dataset", "oflog_asc", "--commit")
    assert PublishedValue.objects.count() == 6376


def test_command_reports_each_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_national_data")
    out = capsys.readouterr().out
    assert "ascof_trend: 26498 rows read" in out
    assert "oflog_asc: 6376 rows read" in out
    assert "Dry run: nothing was changed. Use --commit to store." in out


def test_signal_fires_only_when_rows_are_stored() -> None:
    sent: list[str] = []

    def receiver(sender: object, *, dataset: str, **kwargs: object) -> None:
        sent.append(dataset)

    national_data_imported.connect(receiver)
    try:
        with committed():
            national_import(dataset="oflog_asc", path=OFLOG)
            national_import(dataset="oflog_asc", path=OFLOG, force=True)
            assert sent == [], "sent only once the import has committed"
    finally:
        national_data_imported.disconnect(receiver)
    assert sent == ["oflog_asc"]


def test_a_file_in_another_layout_is_refused_and_nothing_stored() -> None:
    with pytest.raises(ValueError, match="not in the oflog_asc layout"):
        national_import(dataset="oflog_asc", path=ASCOF)
    with pytest.raises(ValueError, match="Unknown national dataset"):
        national_import(dataset="ascof", path=ASCOF)
    assert not NationalImport.objects.exists()


def test_command_needs_the_dataset_of_a_file() -> None:
    with pytest.raises(CommandError, match="--file needs --dataset"):
        call_command("import_national_data", "--file", str(OFLOG))


def test_import_all_and_task() -> None:
    results = national_import_all()
    assert [r.dataset for r in results] == [
        "ascof_trend",
        "oflog_asc",
        "dtoc_reason",
        "dtoc_organisation",
        "falls_65",
        "ascfr_unit_costs",
    ]
    assert all(r.rows_stored for r in results)
    national_import_task("oflog_asc", str(OFLOG))
    assert NationalImport.objects.count() == 6
