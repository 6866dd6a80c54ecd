"""The administrator manages the measure catalogue by CSV: export, then import AQuA and NW
benchmarking items; a bad file lists its problems by row and column and saves nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from returns.catalogue import WHOLE_SYSTEM_CSV
from returns.catalogue_csv import CATALOGUE_COLUMNS, catalogue_export, catalogue_import
from returns.models import Measure, ReturnTier

pytestmark = pytest.mark.django_db

NEW_ITEM = {
    "code": "NW01",
    "framework_version": "NW benchmarking",
    "name": "Reviews completed within 28 days",
    "tier": "nw",
    "teasc_section": "community",
    "scorecard_domain": "performance",
    "unit": "percentage",
    "unit_label": "percent",
    "polarity": "higher_is_better",
    "decimal_places": "1",
    "min_value": "0",
    "max_value": "100",
    "collects_numerator_denominator": "yes",
    "in_return": "yes",
    "first_year": "2024",
    "definition": "Share of reviews completed within 28 days of the due date.",
}


def to_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_export_lists_every_measure_with_its_columns():
    rows = list(csv.DictReader(io.StringIO(catalogue_export().decode("utf-8-sig"))))
    assert len(rows) == 64 + 24
    assert tuple(rows[0]) == CATALOGUE_COLUMNS
    assert {r["polarity"] for r in rows} >= {"not_verified", "higher_is_better", "lower_is_better"}


def test_import_adds_a_benchmarking_item_to_the_return():
    result = catalogue_import(content=to_csv([NEW_ITEM]))
    assert (result.created, result.updated, result.problems) == (1, 0, [])
    measure = Measure.objects.get(code="NW01")
    assert measure.tier == ReturnTier.NW_BENCHMARKING
    assert measure.in_return
    assert measure.collects_numerator_denominator


def test_export_then_import_changes_nothing():
    before = list(Measure.objects.order_by("pk").values())
    result = catalogue_import(content=catalogue_export())
    assert result.problems == []
    assert result.updated == 64 + 24
    assert list(Measure.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"polarity": "up"}, "polarity", "Select a valid choice"),
        ({"unit": "furlongs"}, "unit", "Select a valid choice"),
        ({"decimal_places": "two"}, "decimal_places", "Enter a whole number"),
        ({"name": ""}, "name", "This field is required"),
        ({"code": "2C", "framework_version": "ASCOF 2023-24x"}, "code", "already"),
    ],
)
def test_a_bad_row_is_refused_with_row_and_column(change, column, message):
    rows = [dict(NEW_ITEM, code="NW02"), dict(NEW_ITEM, **change)]
    result = catalogue_import(content=to_csv(rows))
    assert result.created == 0
    assert any(
        p.row == 3 and p.column in (column, "__all__") and message in p.message
        for p in result.problems
    ), result.problems
    assert not Measure.objects.filter(code__in=["NW01", "NW02"]).exists()


def test_a_measure_twice_and_missing_columns_are_refused():
    result = catalogue_import(content=to_csv([NEW_ITEM, NEW_ITEM]))
    assert [(p.row, p.message) for p in result.problems] == [(3, "This measure is also on row 2")]
    result = catalogue_import(content=b"code,name\nX,Y\n")
    assert {p.column for p in result.problems} == {
        "framework_version",
        "tier",
        "unit",
        "polarity",
        "first_year",
    }
    result = catalogue_import(content="code\n\xe9".encode("cp1252"))
    assert result.problems[0].message == "The file must be saved as CSV UTF-8"
    assert not Measure.objects.filter(code="NW01").exists()


def test_admin_pages_export_and_import(client_for, regional_admin):
    regional_admin.is_superuser = True
    regional_admin.save()
    client = client_for(regional_admin)
    assert client.get(reverse("admin:returns_measure_changelist")).status_code == 200
    export = client.get(reverse("admin:returns_measure_export"))
    assert export["Content-Type"].startswith("text/csv")
    bad = client.post(
        reverse("admin:returns_measure_import"),
        {"file": SimpleUploadedFile("c.csv", to_csv([dict(NEW_ITEM, unit="x")]))},
    )
    assert bad.status_code == 400
    assert "Nothing was saved" in bad.content.decode()
    good = client.post(
        reverse("admin:returns_measure_import"),
        {"file": SimpleUploadedFile("c.csv", to_csv([NEW_ITEM]))},
    )
    assert good.status_code == 302
    assert Measure.objects.filter(code="NW01").exists()


def test_a_regional_item_carries_the_same_fields_as_the_shipped_whole_system_items():
    """Every column of ``whole_system_measures.csv`` can be given for the region's own item."""
    shipped = next(csv.reader(io.StringIO(WHOLE_SYSTEM_CSV.read_text(encoding="utf-8"))))
    assert set(shipped) <= set(CATALOGUE_COLUMNS)
    item = {
        **NEW_ITEM,
        "code": "NW-ADM",
        "name": "Permanent admissions to residential and nursing care, 65+",
        "teasc_section": "residential",
        "unit": "count",
        "unit_label": "people admitted",
        "polarity": "lower_is_better",
        "polarity_source": "NW ADASS benchmarking: fewer admissions is better",
        "periodicity": "monthly",
        "quarter_rule": "sum",
        "decimal_places": "0",
        "max_value": "",
        "collects_numerator_denominator": "no",
        "last_year": "2030",
        "source": "Council's own records, collected in the quarterly return",
    }
    result = catalogue_import(content=to_csv([item]))
    assert result.problems == []
    measure = Measure.objects.get(code="NW-ADM")
    assert (measure.periodicity, measure.quarter_rule, measure.last_year) == (
        "monthly",
        "sum",
        2030,
    )
    assert measure.polarity_source.startswith("NW ADASS benchmarking")
    assert measure.source == "Council's own records, collected in the quarterly return"


def test_a_monthly_item_must_say_how_its_months_make_a_quarter():
    item = {**NEW_ITEM, "periodicity": "monthly", "quarter_rule": "annual_only"}
    result = catalogue_import(content=to_csv([item]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "quarter_rule")]
    assert not Measure.objects.filter(code="NW01").exists()


def test_the_admin_adds_a_regional_item_with_tier_section_and_quarter_rule(
    client_for, regional_admin
):
    regional_admin.is_superuser = True
    regional_admin.save()
    client = client_for(regional_admin)
    form = {
        **{k: v for k, v in NEW_ITEM.items() if k not in ("in_return",)},
        "code": "NW02",
        "periodicity": "quarterly",
        "quarter_rule": "last",
        "collects_numerator_denominator": "",
        "in_return": "on",
        "display_order": "0",
    }
    response = client.post(reverse("admin:returns_measure_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = Measure.objects.get(code="NW02")
    assert (measure.tier, measure.teasc_section, measure.quarter_rule) == (
        "nw",
        "community",
        "last",
    )
    assert measure.in_return
