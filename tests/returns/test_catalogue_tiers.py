"""The catalogue's three tiers and TEASC's ten sections: every measure has a tier, a section
where it is classified, a periodicity and the rule that makes a quarter; the whole-system and
benchmarking measures the shipped files support are loaded with their definitions."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from returns.catalogue import WHOLE_SYSTEM_CSV, measures_load
from returns.catalogue_csv import catalogue_import
from returns.models import Measure, Periodicity, Polarity, QuarterRule, ReturnTier, TeascSection

pytestmark = pytest.mark.django_db

SEED_SECTIONS = [
    "Access to Services",
    "Community Based Services",
    "Residential and Nursing",
    "Intensity of Home Care",
    "Services for Carers",
    "Quality of Life",
    "Self Directed Support",
    "Living Independently",
    "Assisting Discharge",
    "Views of Users and Carers",
]


def test_the_ten_sections_are_the_seeds_names_in_order() -> None:
    assert [label for _, label in TeascSection.choices] == SEED_SECTIONS


def test_the_return_measures_and_oflog_metrics_are_annual_only() -> None:
    in_return = Measure.objects.in_return()
    assert in_return.count() == 22
    assert all(m.teasc_section for m in in_return)
    oflog = Measure.objects.filter(framework_version="Oflog adult social care metrics")
    assert oflog.count() == 7
    for measure in [*in_return, *oflog]:
        assert (measure.tier, measure.periodicity, measure.quarter_rule) == (
            ReturnTier.ASCOF,
            Periodicity.ANNUAL,
            QuarterRule.ANNUAL_ONLY,
        )


def test_the_whole_system_and_benchmarking_measures_are_shipped() -> None:
    shipped = {m.code: m for m in Measure.objects.exclude(tier=ReturnTier.ASCOF)}
    assert len(shipped) == 24
    delays = [m for m in shipped.values() if m.code.startswith("DTOC-")]
    assert len(delays) == 15
    for measure in delays:
        assert (measure.tier, measure.teasc_section) == (ReturnTier.AQUA, TeascSection.DISCHARGE)
        assert (measure.periodicity, measure.quarter_rule) == (
            Periodicity.MONTHLY,
            QuarterRule.SUM,
        )
        assert measure.polarity == Polarity.LOWER
        assert measure.unit_label == "delayed days in the period"
    assert {"DTOC-TOTAL", "DTOC-NHS", "DTOC-SOCIAL-CARE", "DTOC-BOTH"} <= set(shipped)
    falls = shipped["FALLS-65"]
    assert (falls.tier, falls.teasc_section, falls.polarity) == (
        ReturnTier.AQUA,
        TeascSection.LIVING_INDEPENDENTLY,
        Polarity.LOWER,
    )
    costs = [m for m in shipped.values() if m.code.startswith("UC-")]
    assert len(costs) == 8
    for measure in costs:
        assert (measure.tier, measure.unit_label) == (
            ReturnTier.NW_BENCHMARKING,
            "£ per week (gross)",
        )
        assert measure.polarity == Polarity.NOT_DECLARED
    for measure in shipped.values():
        assert measure.definition
        assert measure.source
        assert measure.polarity_source
        assert measure.publisher
        assert not measure.in_return


def test_no_rate_per_adult_is_made_without_a_published_population() -> None:
    names = [row["name"] for row in csv.DictReader(WHOLE_SYSTEM_CSV.open(encoding="utf-8"))]
    assert not [name for name in names if "100,000" in name and "elayed" in name]


def test_loading_again_changes_nothing() -> None:
    result = measures_load()
    assert (result.created, result.updated) == (0, 0)


def test_an_annual_measure_cannot_have_a_quarter_rule() -> None:
    measure = Measure.objects.get(code="FALLS-65")
    measure.quarter_rule = QuarterRule.SUM
    with pytest.raises(ValidationError) as raised:
        measure.full_clean()
    assert "quarter_rule" in raised.value.message_dict
    monthly = Measure.objects.get(code="DTOC-TOTAL")
    monthly.quarter_rule = QuarterRule.ANNUAL_ONLY
    with pytest.raises(ValidationError):
        monthly.full_clean()


def region_item(**changes: str) -> bytes:
    row = {
        "code": "NW-DTOC-LOCAL",
        "framework_version": "NW benchmarking",
        "name": "Discharges before noon",
        "tier": "nw",
        "teasc_section": "discharge",
        "unit": "count",
        "polarity": "higher_is_better",
        "periodicity": "monthly",
        "quarter_rule": "sum",
        "first_year": "2025",
        "definition": "Hospital discharges before noon in the period.",
        **changes,
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue().encode()


def test_the_region_adds_its_own_monthly_item_by_csv() -> None:
    result = catalogue_import(content=region_item())
    assert (result.created, result.problems) == (1, [])
    item = Measure.objects.get(code="NW-DTOC-LOCAL")
    assert (item.tier, item.teasc_section) == (ReturnTier.NW_BENCHMARKING, TeascSection.DISCHARGE)
    assert (item.periodicity, item.quarter_rule) == (Periodicity.MONTHLY, QuarterRule.SUM)


def test_a_monthly_item_without_a_quarter_rule_is_refused_at_its_cell() -> None:
    result = catalogue_import(content=region_item(quarter_rule="annual_only"))
    assert result.created == 0
    assert [(p.row, p.column) for p in result.problems] == [(2, "quarter_rule")]
    assert not Measure.objects.filter(code="NW-DTOC-LOCAL").exists()


def test_an_item_without_the_new_columns_is_annual_only() -> None:
    content = region_item().decode()
    lines = list(csv.DictReader(io.StringIO(content)))
    for row in lines:
        del row["periodicity"], row["quarter_rule"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(lines[0]))
    writer.writeheader()
    writer.writerows(lines)
    result = catalogue_import(content=buffer.getvalue().encode())
    assert result.problems == []
    item = Measure.objects.get(code="NW-DTOC-LOCAL")
    assert (item.periodicity, item.quarter_rule) == (Periodicity.ANNUAL, QuarterRule.ANNUAL_ONLY)


def test_the_admin_form_asks_for_the_same_fields(client_for, regional_admin) -> None:  # type: ignore[no-untyped-def]
    regional_admin.is_superuser = True
    regional_admin.save()
    page = client_for(regional_admin).get(reverse("admin:returns_measure_add"))
    assert page.status_code == 200
    form = page.context["adminform"].form
    for field in ("tier", "teasc_section", "periodicity", "quarter_rule", "unit", "polarity"):
        assert field in form.fields
    assert [label for _, label in form.fields["teasc_section"].choices][1:] == SEED_SECTIONS
    assert {v for v, _ in form.fields["quarter_rule"].choices} >= {
        "sum",
        "mean",
        "last",
        "annual_only",
    }
