"""The whole-system and benchmarking files, reshaped to one figure per row for the national
import: NHS England's monthly delayed transfers of care (by reason, with the council's code; by
responsible organisation, without one), PHE's falls admissions 65+ (districts and unitary
authorities) and ASC-FR's unit costs (wide, Latin-1).

Every reshaped frame has the columns ``year`` (``2019-20``), ``month`` (0 for a whole year),
``code`` (the measure's), ``value`` (as published), ``geography_code``, ``geography_name``,
``level`` and ``refusal`` (the reason a figure cannot be stored, or "")."""

import datetime
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Q

from authorities.models import Council
from returns.catalogue import DATA_DIR
from returns.models import GeographyLevel, PublishedValue
from returns.national.layouts import (
    DATASETS,
    SKIP_HEADLINE,
    SKIP_NO_CODE,
    SKIP_NOT_COUNCIL,
    SKIP_OUTSIDE,
    NationalDataset,
)

ENGLAND = "E92000001"
DTOC_REASON_FILE = "psychty-dtoc-days-reason-for-delay.csv"
DTOC_ORGANISATION_FILE = "psychty-dtoc-days-responsible-organisation.csv"
FALLS_FILE = "trafforddatalab-dashboard-admissions_falls_65p.csv"
ASCFR_FILE = "bengoodair-ascfr-2014-15-unit-costs-by-cassr.csv"
DTOC_FRAMEWORK = "NHS England delayed transfers of care"
FALLS_FRAMEWORK = "PHE Public Health Outcomes Framework"
ASCFR_FRAMEWORK = "NHS Digital ASC-FR unit costs"
DTOC_REASON_DATASET = "dtoc_reason"

DTOC_REASONS: dict[str, str] = {
    "Awaiting completion of assessment": "DTOC-ASSESSMENT",
    "Awaiting public funding": "DTOC-PUBLIC-FUNDING",
    "Awaiting further NHS non-acute care": "DTOC-NHS-NONACUTE",
    "Awaiting residential home placement or availability": "DTOC-RESIDENTIAL",
    "Awaiting nursing home placement or availability": "DTOC-NURSING",
    "Awaiting care package in own home": "DTOC-HOME-CARE",
    "Awaiting community equipment and adaptations": "DTOC-EQUIPMENT",
    "Patient or family choice": "DTOC-CHOICE",
    "Disputes": "DTOC-DISPUTES",
    "Housing - Patients not covered by NHS and Community Care Act": "DTOC-HOUSING",
    "Other": "DTOC-OTHER",
    "Total Delayed Transfers of Care": "DTOC-TOTAL",
}
DTOC_ORGANISATIONS: dict[str, str] = {
    "NHS": "DTOC-NHS",
    "Social Care": "DTOC-SOCIAL-CARE",
    "Both": "DTOC-BOTH",
}
FALLS_CODE = "FALLS-65"
FALLS_INDICATOR = "Emergency hospital admissions due to falls in people aged 65 and over"
# (age category, primary support reason, service delivery mechanism, provision) of the ASC-FR
# "Unit costs" rows the catalogue holds.
ASCFR_UNIT_COSTS: dict[tuple[str, str, str, str], str] = {
    ("Age 18 and over", "", "Residential and nursing care", "All"): "UC-RN-18",
    ("Age 18 and over", "", "Residential and nursing care", "LA supported only"): "UC-RN-18-LA",
    ("Age 65 and over", "Physical support", "Residential", "All"): "UC-RES-65-PS",
    ("Age 65 and over", "Physical support", "Residential", "Own provision"): "UC-RES-65-PS-OWN",
    ("Age 65 and over", "Physical support", "Nursing", "All"): "UC-NUR-65-PS",
    ("Age 65 and over", "Support with memory and cognition", "Residential", "All"): "UC-RES-65-MC",
    ("Age 65 and over", "Support with memory and cognition", "Nursing", "All"): "UC-NUR-65-MC",
    ("Age 18 to 64", "Learning disability support", "Residential", "All"): "UC-RES-1864-LD",
}
ASCFR_DESCRIPTORS = (
    "Support type",
    "Age category",
    "Primary support reason",
    "Service delivery mechanism",
    "Unit cost category",
    "Unit cost provision",
)
REGIONS: dict[str, str] = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}
_CASSR_COLUMN = re.compile(r"^(\w+) - (.+)$")
COLUMNS = ["year", "month", "code", "value", "geography_code", "geography_name", "level"]


def financial_year_text(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def _months(periods: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each ``April 2019`` as its financial year's text, its calendar month and its date."""
    dates = pd.to_datetime(periods, format="%B %Y")
    month = dates.dt.month.to_numpy()
    first = dates.dt.year.to_numpy() - (month < 4)
    texts = np.array([financial_year_text(y) for y in first], dtype=object)
    return texts, month, dates.to_numpy()


def _long(frame: pd.DataFrame, keep: list[str], figures: dict[str, str]) -> pd.DataFrame:
    """One row per figure: ``figures`` maps each published column to its measure's code."""
    long = frame.melt(id_vars=keep, value_vars=list(figures), var_name="column")
    long["code"] = long.pop("column").map(figures)
    return long


def dtoc_reason_reshape(frame: pd.DataFrame) -> pd.DataFrame:
    """The delays by reason. Until mid-2015 the ``Code`` is NHS England's CASSR code, from then
    the ONS code: every month is stored under the ONS code, an earlier month's found by the
    council's name in the first month the file gives its ONS code (Dorset, which changed code
    in 2019, keeps its first)."""
    year, month, dates = _months(frame["Period"])
    frame = frame.assign(year=year, month=month, date=dates, Name=frame["Name"].str.strip())
    code = frame["Code"].str.strip()
    ons = code.str.match(r"^E\d{8}$")
    first_ons = (
        frame[ons].assign(ons=code[ons]).sort_values("date").drop_duplicates("Name")
    ).set_index("Name")["ons"]
    frame["geography_code"] = code.where(ons, frame["Name"].map(first_ons)).fillna("")
    england = frame["Name"] == "England"
    frame.loc[england, "geography_code"] = ENGLAND
    frame["level"] = np.where(england, GeographyLevel.ENGLAND.value, GeographyLevel.COUNCIL)
    frame["geography_name"] = frame["Name"]
    long = _long(
        frame, ["year", "month", "geography_code", "geography_name", "level"], DTOC_REASONS
    )
    return long.assign(refusal="")[[*COLUMNS, "refusal"]]


def dtoc_organisation_reshape(frame: pd.DataFrame) -> pd.DataFrame:
    """The delays by responsible organisation. The file has no code column: each council's
    code for the month is the one stored from the delays-by-reason file for the same name and
    month (the two files have the same names and months); without it the row is refused."""
    year, month, _ = _months(frame["Period_year"])
    frame = frame.assign(year=year, month=month, geography_name=frame["Name"].str.strip())
    stored = pd.DataFrame.from_records(
        list(
            PublishedValue.objects.filter(
                dataset=DTOC_REASON_DATASET, measure__code="DTOC-TOTAL"
            ).values_list("geography_name", "year", "month", "level", "geography")
        ),
        columns=["geography_name", "first", "month", "level", "geography_code"],
    )
    stored["year"] = [financial_year_text(y) for y in stored.pop("first")]
    frame = frame.merge(stored, on=["geography_name", "year", "month"], how="left")
    frame["refusal"] = np.where(frame["geography_code"].isna(), SKIP_NO_CODE, "")
    frame = frame.fillna({"geography_code": "", "level": GeographyLevel.COUNCIL.value})
    keep = ["year", "month", "geography_code", "geography_name", "level", "refusal"]
    return _long(frame, keep, DTOC_ORGANISATIONS)[[*COLUMNS, "refusal"]]


def falls_reshape(frame: pd.DataFrame) -> pd.DataFrame:
    """Falls admissions 65+ (rows of another indicator have no measure): England and the
    unitary, metropolitan and London councils as published; districts and combined
    authorities refused; a portal council the file has no row for (a county) stored as not
    published, never made from its districts."""
    code = frame["area_code"].str.strip()
    england = code == ENGLAND
    frame = frame.assign(
        year=frame["period"].str.strip().str.replace("/", "-"),
        month=0,
        code=np.where(frame["indicator"].str.strip() == FALLS_INDICATOR, FALLS_CODE, ""),
        geography_code=code,
        geography_name=frame["area_name"].str.strip(),
        level=np.where(england, GeographyLevel.ENGLAND.value, GeographyLevel.COUNCIL),
        refusal=np.where(code.str.match(r"^E(07|47)"), SKIP_NOT_COUNCIL, ""),
    )
    absent = _not_published(set(code), sorted(set(frame["year"])))
    return pd.concat([frame[[*COLUMNS, "refusal"]], absent], ignore_index=True)


def _not_published(published: set[str], years: list[str]) -> pd.DataFrame:
    """A missing figure for each portal council active in a year the file covers and absent
    from it."""
    rows = []
    for year in years:
        first = int(year[:4])
        start, end = datetime.date(first, 4, 1), datetime.date(first + 1, 3, 31)
        for council in Council.objects.active_between(start, end).exclude(ons_code__in=published):
            rows.append([year, 0, FALLS_CODE, "", council.ons_code, council.name, "council", ""])
    return pd.DataFrame(rows, columns=[*COLUMNS, "refusal"])


def ascfr_reshape(frame: pd.DataFrame) -> pd.DataFrame:
    """ASC-FR unit costs: one column per council (``<CASSR code> - <name>``), region and
    England. The catalogue's "Unit costs" rows are kept (others refused as not the headline
    figure); a council is stored under the ONS code its CASSR code has (:func:`cassr_to_ons`),
    or refused when none is known."""
    described = frame[list(ASCFR_DESCRIPTORS)].apply(lambda c: c.str.strip())
    key = zip(
        described["Age category"],
        described["Primary support reason"],
        described["Service delivery mechanism"],
        described["Unit cost provision"],
        strict=True,
    )
    breakdowns = [ASCFR_UNIT_COSTS.get(k, "") for k in key]
    codes = np.where(described["Unit cost category"] == "Unit costs", breakdowns, "")
    areas = [c for c in frame.columns if c not in ASCFR_DESCRIPTORS]
    long = frame[areas].assign(code=codes).melt(id_vars=["code"], var_name="area")
    codes_by_cassr = cassr_to_ons()
    places = pd.DataFrame([_ascfr_place(a, codes_by_cassr) for a in areas], index=areas)
    long = long.join(places, on="area")
    refused = np.where(long["code"] == "", SKIP_HEADLINE, "")
    long["refusal"] = np.where(long["outside"], SKIP_OUTSIDE, refused)
    long["value"] = long["value"].str.strip()
    return long.assign(year="2014-15", month=0)[[*COLUMNS, "refusal"]]


def cassr_to_ons() -> dict[str, str]:
    """Each CASSR code's ONS code: the portal councils' own, and every other council's as the
    shipped delayed-transfers file gives them (NHS England wrote the CASSR code until June 2015
    and the ONS code from July 2015, for the same names). Councils the file wrote with another
    code then (Bedford, Central Bedfordshire) or never lists (City of London, Isles of Scilly)
    have none."""
    delays = pd.read_csv(
        DATA_DIR / DTOC_REASON_FILE,
        usecols=["Code", "Name", "Period"],
        dtype=str,
        keep_default_na=False,
    )
    dates = pd.to_datetime(delays["Period"], format="%B %Y")
    before = delays[(dates >= "2014-04-01") & (dates < "2015-07-01")]
    before = before[before["Code"].str.fullmatch(r"\d+")]
    after = delays[delays["Code"].str.fullmatch(r"E\d{8}")].assign(date=dates)
    first = after.sort_values("date").drop_duplicates("Name").set_index("Name")["Code"]
    known = dict(zip(before["Code"], before["Name"].map(first), strict=True))
    portal = Council.objects.exclude(cassr_code="").values_list("cassr_code", "ons_code")
    return {**{k: v for k, v in known.items() if isinstance(v, str)}, **dict(portal)}


def _ascfr_place(column: str, codes: dict[str, str]) -> dict[str, object]:
    """The geography of one ASC-FR column (ONS code, name, level) and whether it is a council
    without a known ONS code; ``codes`` maps CASSR codes to ONS codes."""
    if column == "England":
        return _place(ENGLAND, column, GeographyLevel.ENGLAND)
    if column in REGIONS:
        return _place(REGIONS[column], column, GeographyLevel.REGION)
    match = _CASSR_COLUMN.match(column)
    cassr, name = (match[1], match[2]) if match else ("", column)
    if cassr not in codes:
        return {**_place("", name, GeographyLevel.COUNCIL), "outside": True}
    return _place(codes[cassr], name, GeographyLevel.COUNCIL)


def _place(code: str, name: str, level: str) -> dict[str, object]:
    return {"geography_code": code, "geography_name": name, "level": level, "outside": False}


def _reshaped(
    name: str,
    shipped_file: str,
    framework: str,
    header: tuple[str, ...],
    reshape: Callable[[pd.DataFrame], pd.DataFrame],
    **options: Any,
) -> NationalDataset:
    """A wide layout's dataset: its measures are the framework's, its reshaped columns named
    as :data:`COLUMNS`."""
    return NationalDataset(
        name=name,
        shipped_file=shipped_file,
        year="year",
        code="code",
        value="value",
        geography_code="geography_code",
        geography_name="geography_name",
        level="level",
        measures=Q(framework_version=framework),
        header=header,
        reshape=reshape,
        **options,
    )


WHOLE_SYSTEM_DATASETS: dict[str, NationalDataset] = {
    DTOC_REASON_DATASET: _reshaped(
        DTOC_REASON_DATASET,
        DTOC_REASON_FILE,
        DTOC_FRAMEWORK,
        ("Code", "Name", "Period", *DTOC_REASONS),
        dtoc_reason_reshape,
        month="month",
        markers={"-": "not published (-)"},
    ),
    "dtoc_organisation": _reshaped(
        "dtoc_organisation",
        DTOC_ORGANISATION_FILE,
        DTOC_FRAMEWORK,
        ("Name", "Period_year", *DTOC_ORGANISATIONS),
        dtoc_organisation_reshape,
        month="month",
        markers={"-": "not published (-)"},
    ),
    "falls_65": _reshaped(
        "falls_65",
        FALLS_FILE,
        FALLS_FRAMEWORK,
        ("area_code", "area_name", "period", "value", "indicator", "significance"),
        falls_reshape,
    ),
    "ascfr_unit_costs": _reshaped(
        "ascfr_unit_costs",
        ASCFR_FILE,
        ASCFR_FRAMEWORK,
        ASCFR_DESCRIPTORS,
        ascfr_reshape,
        encoding="latin-1",
        header_row=1,
        markers={".": "not applicable (.)"},
    ),
}
# The layouts are known wherever the national import is: ``returns.national`` imports this
# module, so the registry is complete before any layout is recognised. The delays by reason come
# before the delays by organisation, whose codes they give.
DATASETS.update(WHOLE_SYSTEM_DATASETS)
