"""The published national files (NHS England ASCOF and delayed transfers, Oflog, PHE falls,
ASC-FR unit costs), each read in its original layout as described by a
:class:`NationalDataset`, into the rows to store. Wide layouts are first reshaped into one figure
per row (:mod:`.whole_system`).

A missing or suppressed figure is kept as missing with its reason, never as an error or a zero.
Rows that cannot be placed (no measure for the year and code, an unknown geography) are refused
and counted by reason; a row repeating an earlier row's key with another figure is a conflict,
reported with both rows' numbers.
"""

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from django.conf import settings
from django.db.models import Q

from returns.models import GeographyLevel, Measure, PublishedValue, ReturnTier
from sli_portal.refusals import Refused

OFLOG_FRAMEWORK = "Oflog adult social care metrics"


@dataclass(frozen=True)
class NationalDataset:
    """Where each field lives in one published layout, and which measures its codes name.

    ``level`` is the column giving the geographical level; without one every row is at
    ``fixed_level``. ``headline_only`` keeps rows whose column holds one of the given texts.
    A wide layout names the ``header`` columns that recognise it and a ``reshape`` that makes
    one figure per row (with ``month`` for a monthly file, and a ``refusal`` column giving the
    reason a row cannot be stored, or ""); ``markers`` adds the file's own missing-value marks.
    """

    name: str
    shipped_file: str
    year: str
    code: str
    value: str
    geography_code: str
    geography_name: str
    measures: Q
    level: str | None = None
    fixed_level: str = GeographyLevel.COUNCIL.value
    reference_median: str | None = None
    reference_mads: str | None = None
    headline_only: Mapping[str, frozenset[str]] = field(default_factory=dict)
    month: str | None = None
    encoding: str = "utf-8-sig"
    header_row: int = 0
    header: tuple[str, ...] = ()
    reshape: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    markers: Mapping[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        if self.reshape is not None:
            return list(self.header)
        named = [self.year, self.code, self.value, self.geography_code, self.geography_name]
        optional = [self.level, self.reference_median, self.reference_mads]
        return named + [c for c in optional if c] + list(self.headline_only)


DATASETS: dict[str, NationalDataset] = {
    "ascof_trend": NationalDataset(
        name="ascof_trend",
        shipped_file="acbockmuehl-ascof-trend_data.csv",
        year="Year",
        code="Measure Group",
        value="Measure_Value",
        geography_code="ONS Code",
        geography_name="Geographical Description",
        level="Geographical Level",
        measures=Q(tier=ReturnTier.ASCOF) & ~Q(framework_version=OFLOG_FRAMEWORK),
        headline_only={
            "Disaggregation Level": frozenset({"Total", ""}),
            "Measure Type": frozenset({"Outcome", ""}),
        },
    ),
    "oflog_asc": NationalDataset(
        name="oflog_asc",
        shipped_file="oflog-asc-metrics-by-council.csv",
        year="Financial year",
        code="Code",
        value="Value",
        geography_code="Local authority code",
        geography_name="Local authority name",
        measures=Q(framework_version=OFLOG_FRAMEWORK),
        reference_median="MEDIAN",
        reference_mads="MADs_from_median",
    ),
}

LEVELS: dict[str, str] = {
    "council": GeographyLevel.COUNCIL.value,
    "region": GeographyLevel.REGION.value,
    "england": GeographyLevel.ENGLAND.value,
    "council type": GeographyLevel.COUNCIL_TYPE.value,
}

COUNCIL_TYPES: dict[str, str] = {
    "unitary authorities": "unitary",
    "unitary authority": "unitary",
    "metropolitan districts": "metropolitan",
    "metropolitan district": "metropolitan",
    "london boroughs": "london",
    "london borough": "london",
    "inner london": "inner_london",
    "outer london": "outer_london",
    "shire counties": "county",
    "shire county": "county",
    "counties": "county",
    "county": "county",
    "districts": "district",
    "district": "district",
}

MISSING_MARKERS: dict[str, str] = {
    "": "not published",
    "NA": "NA in source",
    "[c]": "suppressed [c]",
    "[x]": "not available [x]",
    "[z]": "not applicable [z]",
}

SKIP_HEADLINE = "not the headline figure"
SKIP_YEAR = "unreadable year"
SKIP_LEVEL = "unknown geographical level"
SKIP_COUNCIL_TYPE = "unknown council type"
SKIP_GEOGRAPHY = "no geography code"
SKIP_TOO_LONG = "geography too long"
SKIP_MEASURE = "no measure for the year and code"
SKIP_VALUE = "unreadable value"
SKIP_DUPLICATE = "repeats an earlier row"
SKIP_CONFLICT = "conflicts with an earlier row (see the conflicts)"
SKIP_NOT_COUNCIL = "a district or combined authority, not a council with social services"
SKIP_NO_CODE = "no code for the name and month (import the delays by reason first)"
SKIP_OUTSIDE = "no ONS code known for the council's CASSR code"
SKIPS = (
    SKIP_HEADLINE,
    SKIP_YEAR,
    SKIP_LEVEL,
    SKIP_COUNCIL_TYPE,
    SKIP_GEOGRAPHY,
    SKIP_TOO_LONG,
    SKIP_MEASURE,
    SKIP_VALUE,
    SKIP_DUPLICATE,
    SKIP_CONFLICT,
    SKIP_NOT_COUNCIL,
    SKIP_NO_CODE,
    SKIP_OUTSIDE,
)

YEARS = 10_000  # beyond any year: a measure and year as one number, measure * YEARS + year
_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")
_KEY = ["measure", "year", "month", "level", "geography"]
_PLACE = ["level", "geography", "geography_name", "missing_reason"]
_NUMBERS = ["value", "reference_median", "reference_mads"]
_COMPARED = ["value", "missing_reason", "reference_median", "reference_mads"]
KEY, PLACE, NUMBERS = _KEY, _PLACE, _NUMBERS
_BINARY = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"\xfe\xff")

# A file's rows to store, column by column: those of KEY, PLACE and NUMBERS, and "place", an
# integer equal for rows of the same level, geography, name and missing reason.
Rows = dict[str, np.ndarray]


class NationalRefused(Refused, ValueError):
    """A national file the portal will not import, with the reason."""


@dataclass(frozen=True)
class Conflict:
    """A row repeating an earlier row's key with another figure: both rows' numbers (the
    header is row 1) and figures. The earlier row is the one imported."""

    row: int
    earlier_row: int
    measure_id: int
    year: int
    level: str
    geography: str
    value: str
    earlier_value: str
    month: int = 0


@dataclass(frozen=True)
class ReadFile:
    """A file's rows to store, its refused rows counted by reason, and its conflicts."""

    rows_read: int
    rows: Rows
    refused: dict[str, int]
    conflicts: list[Conflict]


def dataset_get(name: str) -> NationalDataset:
    if name not in DATASETS:
        raise NationalRefused(
            f"Unknown national dataset {name!r}; expected one of {sorted(DATASETS)}."
        )
    return DATASETS[name]


def file_check(*, name: str, content: bytes) -> None:
    """The checks made before a national file is stored: a CSV file as published, not empty,
    within the size limit, text and not a workbook or other binary file saved as .csv."""
    if not name.lower().endswith(".csv"):
        raise NationalRefused(
            "National files are imported as published, as CSV files: the selected file is not a "
            ".csv file"
        )
    if not content:
        raise NationalRefused("The selected file is empty")
    limit = settings.NATIONAL_UPLOAD_MAX_BYTES
    if len(content) > limit:
        raise NationalRefused(f"The selected file must be smaller than {limit // 2**20} MB")
    if content.startswith(_BINARY) or b"\x00" in content[:65536]:
        raise NationalRefused(
            "The selected file is not a CSV text file (it looks like a workbook or another "
            "binary file renamed .csv)"
        )
    try:
        content[:65536].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < 65530 and not _latin1_layout(content):
            raise NationalRefused(
                "The file must be saved as CSV UTF-8, as NHS England and Oflog publish it"
            ) from exc


def _latin1_layout(content: bytes) -> bool:
    """Whether the file is in a layout published in Latin-1 (ASC-FR)."""
    return any(
        spec.encoding == "latin-1" and not _absent(spec, content) for spec in DATASETS.values()
    )


def _absent(spec: NationalDataset, content: bytes) -> list[str]:
    """The columns of ``spec``'s layout the file's header lacks (all of them if unreadable)."""
    try:
        header = set(_header(content, spec))
    except NationalRefused:
        return spec.columns
    return [c for c in spec.columns if c not in header]


def layout_recognise(content: bytes) -> NationalDataset:
    """The dataset whose layout the file's header row has; refused, naming the columns each
    known layout lacks, when there is none."""
    missing = {n: _absent(spec, content) for n, spec in DATASETS.items()}
    for name, absent in missing.items():
        if not absent:
            return DATASETS[name]
    reasons = "; ".join(f"{name} lacks {', '.join(absent)}" for name, absent in missing.items())
    raise NationalRefused(f"The file's columns are not in any national layout ({reasons})")


def file_read(spec: NationalDataset, content: bytes) -> ReadFile:
    """The file's rows in ``spec``'s layout, refused rows and conflicts."""
    raw = _read(spec, content)
    rows, refused, conflicts = _rows(spec, raw)
    return ReadFile(rows_read=len(raw), rows=rows, refused=refused, conflicts=conflicts)


_OPTIONS: dict[str, object] = {
    "dtype": str,
    "keep_default_na": False,
    "na_filter": False,
    "encoding": "utf-8-sig",
}


def _options(spec: NationalDataset) -> dict[str, object]:
    return {**_OPTIONS, "encoding": spec.encoding, "header": spec.header_row}


def _header(content: bytes, spec: NationalDataset) -> list[str]:
    try:
        frame = pd.read_csv(io.BytesIO(content), nrows=0, **_options(spec))
        return [str(c).strip() for c in frame.columns]
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise NationalRefused(f"The file could not be read as CSV: {exc}") from exc


def layout_check(spec: NationalDataset, content: bytes) -> None:
    """Refused, naming the absent columns, unless the file's header row has ``spec``'s."""
    header = set(_header(content, spec))
    absent = [c for c in spec.columns if c not in header]
    if absent:
        raise NationalRefused(f"The file is not in the {spec.name} layout: no column {absent}.")


def _read(spec: NationalDataset, content: bytes) -> pd.DataFrame:
    """Every row as text, nothing converted: "NA" and empty cells stay as published. A long
    layout's columns are read by Arrow's CSV reader straight into their distinct texts
    (categorical columns); a wide layout is read whole and reshaped."""
    layout_check(spec, content)
    try:
        if spec.reshape is None:
            frame = _long_read(spec, content)
        else:
            frame = pd.read_csv(io.BytesIO(content), **_options(spec))
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, pa.ArrowException) as exc:
        raise NationalRefused(
            f"The file could not be read as CSV: {_unreadable(exc, content, spec)}"
        ) from exc
    if len(frame) > settings.NATIONAL_UPLOAD_MAX_ROWS:
        raise NationalRefused(
            f"The file has more than {settings.NATIONAL_UPLOAD_MAX_ROWS:,} rows: check you have "
            "selected the right file"
        )
    if spec.reshape is not None:
        frame.columns = [str(c).strip() for c in frame.columns]
        return spec.reshape(frame)
    return frame


def _long_read(spec: NationalDataset, content: bytes) -> pd.DataFrame:
    """The layout's columns, each as a categorical column of its distinct texts. The file is
    read in parallel blocks; only a file with a line break inside a quoted value is read again
    with the slower reader that allows them."""
    texts = pa.dictionary(pa.int32(), pa.string())
    read_options = pa_csv.ReadOptions(skip_rows=spec.header_row)
    if spec.encoding != "utf-8-sig":
        read_options.encoding = spec.encoding
    convert_options = pa_csv.ConvertOptions(
        include_columns=spec.columns,
        column_types=dict.fromkeys(spec.columns, texts),
        null_values=[],
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        table = pa_csv.read_csv(
            io.BytesIO(content), read_options=read_options, convert_options=convert_options
        )
    except pa.ArrowInvalid:
        table = pa_csv.read_csv(
            io.BytesIO(content),
            read_options=read_options,
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=convert_options,
        )
    return table.to_pandas()


def _unreadable(error: Exception, content: bytes, spec: NationalDataset) -> str:
    """Why the file could not be read: the first row whose number of columns is not the
    header's, when that is why, else the reader's own words."""
    lines = io.StringIO(content.decode(spec.encoding, errors="replace"), newline="")
    rows = csv.reader(lines)
    for _ in range(spec.header_row):
        next(rows, None)
    header = next(rows, [])
    for number, row in enumerate(rows, start=spec.header_row + 2):
        if row and len(row) != len(header):
            return f"row {number} has {len(row)} columns where the header row has {len(header)}"
    return str(error)


@dataclass(frozen=True)
class _Texts:
    """A text column as its distinct stripped texts and, for each row, the index of its text:
    every conversion runs once per distinct text, then is spread over the rows."""

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def of(cls, column: pd.Series) -> "_Texts":
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes, uniques = column.cat.codes.to_numpy(), column.cat.categories.to_numpy()
        else:
            codes, uniques = pd.factorize(column.to_numpy())
        return cls(codes, np.array([u.strip() for u in uniques], dtype=object))

    def spread(self, convert: Callable[[str], object], dtype: type = object) -> np.ndarray:
        spread: np.ndarray = np.array([convert(u) for u in self.uniques], dtype=dtype)[self.codes]
        return spread

    def keyed(self, convert: Callable[[str], object]) -> tuple[np.ndarray, np.ndarray]:
        """Each row's converted text, and an integer standing for it (equal for equal texts)."""
        converted = np.array([convert(u) for u in self.uniques], dtype=object)
        keys, _ = pd.factorize(converted, use_na_sentinel=False)
        return converted[self.codes], keys[self.codes]

    def numbers(self) -> np.ndarray:
        numbers: np.ndarray = _numbers(self.uniques)[self.codes]
        return numbers


def _year_of(text: str) -> float:
    match = _YEAR.match(text)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        return np.nan
    return float(match[1])


def _numbers(texts: np.ndarray) -> np.ndarray:
    """Floats; NaN where the text is not a finite number (thousands separators allowed)."""
    parsed = pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce").to_numpy(float)
    retry = np.isnan(parsed) & np.array(["," in t for t in texts], dtype=bool)
    if retry.any():
        cleaned = pd.Series([t.replace(",", "") for t in texts[retry]], dtype=object)
        parsed[retry] = pd.to_numeric(cleaned, errors="coerce").to_numpy(float)
    return np.where(np.isfinite(parsed), parsed, np.nan)


def _skip(skips: np.ndarray, failing: np.ndarray, reason: str) -> None:
    """Mark the failing rows not yet skipped with ``reason`` (the first failure counts)."""
    skips[(skips == 0) & failing] = SKIPS.index(reason) + 1


def _rows(spec: NationalDataset, raw: pd.DataFrame) -> tuple[Rows, dict[str, int], list[Conflict]]:
    """The columns of the rows to store (the first row of each key; NaN for a missing number),
    the refused rows counted by reason, and the conflicts."""
    skips = np.zeros(len(raw), dtype=np.int8)
    if "refusal" in raw:
        refusal = raw["refusal"].to_numpy()
        for reason in set(refusal) - {""}:
            _skip(skips, refusal == reason, reason)
    for column, accepted in spec.headline_only.items():
        headline = _Texts.of(raw[column]).spread(accepted.__contains__, bool)
        _skip(skips, ~headline, SKIP_HEADLINE)
    year = _Texts.of(raw[spec.year]).spread(_year_of, float)
    _skip(skips, np.isnan(year), SKIP_YEAR)
    places = _geographies(spec, raw, skips)
    measure = _measures(spec, year, _Texts.of(raw[spec.code]))
    _skip(skips, np.isnan(measure), SKIP_MEASURE)
    value_texts = _Texts.of(raw[spec.value])
    value = value_texts.numbers()
    markers = {**MISSING_MARKERS, **spec.markers}
    reason, reason_key = value_texts.keyed(lambda t: markers.get(t, ""))
    _skip(skips, np.isnan(value) & ~value_texts.spread(markers.__contains__, bool), SKIP_VALUE)
    columns = {
        "measure": measure,
        "year": year,
        "month": raw[spec.month].to_numpy(np.int64) if spec.month else np.zeros(len(raw), int),
        "level": places.level,
        "geography": places.geography,
        "geography_name": places.name,
        "value": value,
        "missing_reason": reason,
        "reference_median": _reference(raw, spec.reference_median),
        "reference_mads": _reference(raw, spec.reference_mads),
    }
    conflicts = _repeats(columns, places.key, skips, value_texts)
    kept = skips == 0
    rows = columns if kept.all() else {k: v[kept] for k, v in columns.items()}
    rows["place"], _ = encode(places.named[kept], reason_key[kept])
    for whole in ("measure", "year", "month"):
        rows[whole] = rows[whole].astype(np.int64)
    counts = np.bincount(skips, minlength=len(SKIPS) + 1)[1:]
    refused = {label: int(n) for label, n in zip(SKIPS, counts, strict=True) if n}
    return rows, refused, conflicts


def _repeats(
    columns: Rows, place: np.ndarray, skips: np.ndarray, values: "_Texts"
) -> list[Conflict]:
    """Refuse every row repeating an earlier kept row's key (its measure, year, month and
    ``place``, equal for equal level and geography): as a repeat when its figures are the
    same, as a conflict (returned) when a figure differs."""
    kept = np.flatnonzero(skips == 0)
    measure, year, month = (columns[k][kept] for k in ("measure", "year", "month"))
    key, first = encode((measure * YEARS + year) * 13 + month, place[kept])
    earlier = kept[first[key]]
    repeat = earlier != kept
    later, earlier = kept[repeat], earlier[repeat]
    differs = np.zeros(len(later), dtype=bool)
    for name in _COMPARED:
        a, b = columns[name][later], columns[name][earlier]
        same = (a == b) | (pd.isna(a) & pd.isna(b))
        differs |= ~same.astype(bool)
    skips[later[~differs]] = SKIPS.index(SKIP_DUPLICATE) + 1
    skips[later[differs]] = SKIPS.index(SKIP_CONFLICT) + 1
    return [
        Conflict(
            row=int(row) + 2,
            earlier_row=int(first_row) + 2,
            measure_id=int(columns["measure"][row]),
            year=int(columns["year"][row]),
            month=int(columns["month"][row]),
            level=str(columns["level"][row]),
            geography=str(columns["geography"][row]),
            value=str(values.uniques[values.codes[row]]),
            earlier_value=str(values.uniques[values.codes[first_row]]),
        )
        for row, first_row in zip(later[differs], earlier[differs], strict=True)
    ]


@dataclass(frozen=True)
class _Geographies:
    """Each row's level, geography key (the ONS code, or for a council type its normalised
    name) and geography name as published, and two integers standing for its place: ``key``
    is equal for rows of the same level and geography, ``named`` for rows of the same level,
    geography and name."""

    level: np.ndarray
    geography: np.ndarray
    name: np.ndarray
    key: np.ndarray
    named: np.ndarray


def _geographies(spec: NationalDataset, raw: pd.DataFrame, skips: np.ndarray) -> _Geographies:
    council_type = GeographyLevel.COUNCIL_TYPE.value
    if spec.level is None:
        level = np.full(len(raw), spec.fixed_level, dtype=object)
        level_key = np.zeros(len(raw), dtype=np.int64)
        is_type = np.full(len(raw), spec.fixed_level == council_type)
    else:
        levels = _Texts.of(raw[spec.level])
        level, level_key = levels.keyed(lambda t: LEVELS.get(t.lower()))
        _skip(skips, ~levels.spread(lambda t: t.lower() in LEVELS, bool), SKIP_LEVEL)
        is_type = levels.spread(lambda t: LEVELS.get(t.lower()) == council_type, bool)
    names, codes = _Texts.of(raw[spec.geography_name]), _Texts.of(raw[spec.geography_code])
    type_name, type_key = names.keyed(lambda t: COUNCIL_TYPES.get(t.lower()))
    code, code_key = codes.keyed(lambda t: "" if t == "-" else t)
    typed = names.spread(lambda t: t.lower() in COUNCIL_TYPES, bool)
    _skip(skips, is_type & ~typed, SKIP_COUNCIL_TYPE)
    _skip(skips, ~is_type & codes.spread(lambda t: t in ("", "-"), bool), SKIP_GEOGRAPHY)
    name_long = names.spread(lambda t: len(t) > _max_length("geography_name"), bool)
    code_long = codes.spread(lambda t: len(t) > _max_length("geography"), bool)
    _skip(skips, name_long | (~is_type & code_long), SKIP_TOO_LONG)
    name, name_key = names.keyed(str)
    # Each key below its bound, so that the sums stand for distinct combinations.
    geography_key = np.where(is_type, type_key + len(codes.uniques), code_key)
    key = geography_key * (len(LEVELS) + 1) + level_key
    named = key * len(names.uniques) + name_key
    return _Geographies(
        level=level,
        geography=np.where(is_type, type_name, code),
        name=name,
        key=key,
        named=named,
    )


def _measures(spec: NationalDataset, year: np.ndarray, code: _Texts) -> np.ndarray:
    """Each row's measure id (NaN if none) for its (year, code): the measure of that code whose
    years cover the row's year; where two cover it (2023-24 and CLD), the later-starting one."""
    fields = ["pk", "code", "first_year", "last_year"]
    catalogue = pd.DataFrame.from_records(
        list(Measure.objects.filter(spec.measures).values_list(*fields)),
        columns=["measure", *fields[1:]],
    )
    width = len(code.uniques)
    known = ~np.isnan(year)
    key = np.where(known, year, 0).astype(np.int64) * width + code.codes
    pairs = np.unique(key[known])
    wanted = pd.DataFrame(
        {"key": pairs, "year": pairs // width, "code": code.uniques[pairs % width]}
    )
    found = wanted.merge(catalogue, on="code")
    last = found["last_year"].astype(float).fillna(np.inf)
    covering = found[(found["first_year"] <= found["year"]) & (found["year"] <= last)]
    chosen = covering.sort_values("first_year", ascending=False).drop_duplicates("key")
    chosen = chosen.sort_values("key")
    keys, ids = chosen["key"].to_numpy(), chosen["measure"].to_numpy(float)
    if not len(keys):
        return np.full(len(year), np.nan)
    position = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
    return np.where(known & (keys[position] == key), ids[position], np.nan)


def _reference(raw: pd.DataFrame, column: str | None) -> np.ndarray:
    return _Texts.of(raw[column]).numbers() if column else np.full(len(raw), np.nan)


def encode(*arrays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's index into the distinct combinations of ``arrays`` (numbered in order of first
    appearance), and for each combination the first row holding it. A missing value (None,
    NaN) is a value like any other."""
    key = np.zeros(len(arrays[0]), dtype=np.int64)
    for array in arrays:
        codes, uniques = pd.factorize(array, use_na_sentinel=False)
        key, _ = pd.factorize(key * len(uniques) + codes)
    # Numbered in order of first appearance, a combination first appears where the key
    # exceeds every earlier one.
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] > np.maximum.accumulate(key)[:-1]
    return key, np.flatnonzero(first)


def _max_length(name: str) -> int:
    return int(getattr(PublishedValue._meta.get_field(name), "max_length", 0))
