"""The measure catalogue: loaded from the project's copy of ``ascof_measures.csv`` (64 measures
over four framework versions) and managed by the administrator in the admin or by CSV.

The ASCOF 2023-24 measures are collected in the quarterly return by default, classified by
TEASC section and scorecard domain as ``return_catalogue.csv`` says; the administrator adds the
AQuA whole-system and NW benchmarking items. Polarity is copied as published: ``not_verified``
stays undeclared and is never guessed.
"""

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from returns.models import Measure, Polarity, ReturnTier, TeascSection, Unit
from sli_portal.upsert import read_rows, upsert

DATA_DIR = Path(__file__).resolve().parent / "data"
MEASURES_CSV = DATA_DIR / "ascof_measures.csv"
RETURN_CATALOGUE_CSV = DATA_DIR / "return_catalogue.csv"
WHOLE_SYSTEM_CSV = DATA_DIR / "whole_system_measures.csv"

# Financial years each published framework covers (first, last); None = still current.
FRAMEWORK_YEARS: dict[str, tuple[int, int | None]] = {
    "ASCOF 2014-15 to 2022-23": (2014, 2022),
    "ASCOF 2023-24": (2023, None),
    "ASCOF 2024-25 onwards (CLD-derived)": (2024, None),
    "Oflog adult social care metrics": (2015, 2022),
}
CURRENT_FRAMEWORK = "ASCOF 2023-24"
OLD_FRAMEWORK = "ASCOF 2014-15 to 2022-23"
CLD_FRAMEWORK = "ASCOF 2024-25 onwards (CLD-derived)"


_TIER_ORDER = {tier.value: index for index, tier in enumerate(ReturnTier)}
_SECTION_ORDER = {section.value: index for index, section in enumerate(TeascSection)}


def tier_section_order(measure: Measure) -> tuple[int, int, int, str]:
    """Sort key of the return's items: by tier, then TEASC section (as the enumerations list
    them; a measure with no section last in its tier), then the catalogue's order."""
    return (
        _TIER_ORDER.get(measure.tier, len(_TIER_ORDER)),
        _SECTION_ORDER.get(measure.teasc_section, len(_SECTION_ORDER)),
        measure.display_order,
        measure.code,
    )


@dataclass(frozen=True)
class CatalogueResult:
    created: int
    updated: int
    unchanged: int


def unit_of(label: str) -> tuple[str, Decimal | None, Decimal | None]:
    """The unit, and the valid range, read from a published unit label."""
    lowered = label.lower()
    if lowered.startswith("percent"):
        return Unit.PERCENTAGE, Decimal(0), Decimal(100)
    if lowered.startswith("rate per 100,000"):
        return Unit.RATE, Decimal(0), Decimal(100_000)
    if lowered.startswith("score out of"):
        top = Decimal(re.findall(r"\d+", lowered)[0])
        return Unit.SCORE, Decimal(0), top
    if lowered.startswith("score"):
        return Unit.SCORE, Decimal(0), Decimal(1)
    return Unit.COUNT, Decimal(0), None


@transaction.atomic
def measures_load(
    *,
    path: Path = MEASURES_CSV,
    return_catalogue: Path = RETURN_CATALOGUE_CSV,
    whole_system: Path = WHOLE_SYSTEM_CSV,
) -> CatalogueResult:
    """Create or update measures by (code, framework version); link each 2023-24 measure to the
    one it continues (``previous_code``); mark the return catalogue; then the whole-system and
    benchmarking measures the shipped national files support. Idempotent."""
    rows = read_rows(path)
    in_return = {(r["code"], r["framework_version"]): r for r in read_rows(return_catalogue)}
    cld_codes = {r["code"] for r in rows if r["framework_version"] == CLD_FRAMEWORK}
    outcomes: Counter[str] = Counter()
    for order, row in enumerate(rows, start=1):
        unit, low, high = unit_of(row["unit"])
        first, last = FRAMEWORK_YEARS[row["framework_version"]]
        if row["framework_version"] == CURRENT_FRAMEWORK and row["code"] in cld_codes:
            last = 2023  # redefined from client level data in 2024-25: a new series begins
        classification = in_return.get((row["code"], row["framework_version"]))
        fields: dict[str, object] = {
            "name": row["name"],
            "unit": unit,
            "unit_label": row["unit"],
            "polarity": row["polarity"] or Polarity.NOT_DECLARED,
            "polarity_source": row["polarity_source"],
            "min_value": low,
            "max_value": high,
            "first_year": first,
            "last_year": last,
            "equivalent_code": row["equivalent_code"],
            "source": row["name_source"],
            "definition": row["definition"],
            "numerator_denominator": row["numerator_denominator"],
            "definition_source": row["definition_source"],
            "tier": ReturnTier.ASCOF,
            "display_order": order,
        }
        if classification:
            fields.update(
                in_return=True,
                teasc_section=classification["teasc_section"],
                scorecard_domain=classification["scorecard_domain"],
                decimal_places=int(classification["decimal_places"]),
            )
        lookup = {"code": row["code"], "framework_version": row["framework_version"]}
        outcomes[upsert(Measure, lookup=lookup, fields=fields)] += 1
    old = {m.code: m for m in Measure.objects.filter(framework_version=OLD_FRAMEWORK)}
    for row in rows:
        if row["framework_version"] == CURRENT_FRAMEWORK and row["previous_code"] in old:
            measure = Measure.objects.get(code=row["code"], framework_version=CURRENT_FRAMEWORK)
            predecessor = old[row["previous_code"]]
            if measure.predecessor_id != predecessor.pk:
                measure.predecessor = predecessor
                measure.save(update_fields=["predecessor"])
    outcomes.update(whole_system_load(whole_system, first_order=len(rows) + 1))
    return CatalogueResult(outcomes["created"], outcomes["updated"], outcomes["unchanged"])


_WHOLE_SYSTEM_TEXT = (
    "name",
    "tier",
    "teasc_section",
    "scorecard_domain",
    "unit",
    "unit_label",
    "polarity",
    "polarity_source",
    "periodicity",
    "quarter_rule",
    "definition",
    "source",
)


def whole_system_load(path: Path, *, first_order: int) -> Counter[str]:
    """Create or update the catalogue's whole-system and benchmarking measures from ``path``
    (``whole_system_measures.csv``: every field given, nothing derived)."""
    outcomes: Counter[str] = Counter()
    for order, row in enumerate(read_rows(path), start=first_order):
        fields: dict[str, object] = {name: row[name] for name in _WHOLE_SYSTEM_TEXT}
        fields.update(
            decimal_places=int(row["decimal_places"]),
            min_value=Decimal(row["min_value"]) if row["min_value"] else None,
            max_value=Decimal(row["max_value"]) if row["max_value"] else None,
            first_year=int(row["first_year"]),
            last_year=int(row["last_year"]) if row["last_year"] else None,
            display_order=order,
        )
        lookup = {"code": row["code"], "framework_version": row["framework_version"]}
        outcomes[upsert(Measure, lookup=lookup, fields=fields)] += 1
    return outcomes
