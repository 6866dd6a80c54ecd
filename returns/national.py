"""Import of the published national files (NHS England ASCOF, Oflog) as comparators, each read in
its original layout as described by a :class:`NationalDataset`.

A missing or suppressed figure is stored as missing with its reason, never as an error or a zero.
Rows that cannot be placed (no measure for the year and code, an unknown geography, a duplicate
key) are skipped and counted by reason. Importing the same file twice changes nothing.
"""

import csv
import hashlib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from returns.catalogue import DATA_DIR
from returns.models import GeographyLevel, Measure, NationalImport, PublishedValue, ReturnTier
from returns.signals import national_data_imported
from sli_portal.signals import send_signal_after_commit

OFLOG_FRAMEWORK = "Oflog adult social care metrics"


@dataclass(frozen=True)
class NationalDataset:
    """Where each field lives in one published layout, and which measures its codes name.

    ``level`` is the column giving the geographical level; without one every row is at
    ``fixed_level``. ``headline_only`` keeps rows whose column holds one of the given texts.
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

    @property
    def columns(self) -> list[str]:
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
SKIP_DUPLICATE = "duplicate of an earlier row"
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
)

_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")
_KEY = ["measure", "year", "level", "geography"]
_PLACE = ["level", "geography", "geography_name", "missing_reason"]
_NUMBERS = ["value", "reference_median", "reference_mads"]
_COMPARED = ["value", "missing_reason", "reference_median", "reference_mads"]
_STAGE = "national_import_stage"
_ROWS_PER_INSERT = 100
_PLACES = "national_import_place"
_PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_PGCOPY_TRAILER = b"\xff\xff"

Rows = dict[str, np.ndarray]
Place = tuple[int, str, str, str, str]


@dataclass(frozen=True)
class NationalImportResult:
    """What one import did: rows read from the file, stored (new or changed), kept with a
    missing value, and skipped (counted by reason); or that the file was already imported."""

    dataset: str
    rows_read: int
    rows_stored: int
    rows_missing: int
    rows_skipped: int
    already_imported: bool
    skip_reasons: dict[str, int] = field(default_factory=dict)


def national_import(
    *, dataset: str, path: Path, imported_by: User | None = None, force: bool = False
) -> NationalImportResult:
    """Store the figures of one published file, in one transaction.

    Guarantees: a file whose sha256 is in the ledger for ``dataset`` changes nothing unless
    ``force``; only new rows and rows whose value, missing reason or reference values differ are
    written (``rows_stored``), so re-importing the same figures stores 0; every file row is either
    kept (stored or unchanged) or skipped and counted under a reason; ``national_data_imported``
    is sent, after the transaction commits, only when something was stored.
    """
    spec = _dataset(dataset)
    content = Path(path).read_bytes()
    sha256 = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        if not force and NationalImport.objects.filter(dataset=spec.name, sha256=sha256).exists():
            return NationalImportResult(spec.name, 0, 0, 0, 0, already_imported=True)
        raw = _read(spec, content)
        rows, reasons = _rows(spec, raw)
        stored = _store(rows, spec.name) if len(rows["measure"]) else 0
        result = NationalImportResult(
            dataset=spec.name,
            rows_read=len(raw),
            rows_stored=stored,
            rows_missing=int(np.isnan(rows["value"]).sum()),
            rows_skipped=sum(reasons.values()),
            already_imported=False,
            skip_reasons=reasons,
        )
        _ledger_record(spec, Path(path).name, sha256, len(content), result, imported_by)
        if stored:
            send_signal_after_commit(
                national_data_imported, sender=NationalImport, dataset=spec.name
            )
    return result


def national_import_all(
    *, imported_by: User | None = None, force: bool = False
) -> list[NationalImportResult]:
    """Import every shipped national file (``returns/data``), each in its own transaction."""
    return [
        national_import(
            dataset=name, path=DATA_DIR / spec.shipped_file, imported_by=imported_by, force=force
        )
        for name, spec in DATASETS.items()
    ]


def _dataset(name: str) -> NationalDataset:
    if name not in DATASETS:
        raise ValueError(f"Unknown national dataset {name!r}; expected one of {sorted(DATASETS)}.")
    return DATASETS[name]


def _read(spec: NationalDataset, content: bytes) -> pd.DataFrame:
    """Every row as text, nothing converted: "NA" and empty cells stay as published."""
    options = {"dtype": str, "keep_default_na": False, "na_filter": False, "encoding": "utf-8-sig"}
    header = pd.read_csv(io.BytesIO(content), nrows=0, **options)
    absent = [c for c in spec.columns if c not in header.columns]
    if absent:
        raise ValueError(f"The file is not in the {spec.name} layout: no column {absent}.")
    return pd.read_csv(io.BytesIO(content), usecols=spec.columns, **options)


@dataclass(frozen=True)
class _Texts:
    """A text column as its distinct stripped texts and, for each row, the index of its text:
    every conversion runs once per distinct text, then is spread over the rows."""

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def of(cls, column: pd.Series) -> "_Texts":
        codes, uniques = pd.factorize(column.to_numpy())
        return cls(codes, np.array([u.strip() for u in uniques], dtype=object))

    def spread(self, convert: Callable[[str], object], dtype: type = object) -> np.ndarray:
        spread: np.ndarray = np.array([convert(u) for u in self.uniques], dtype=dtype)[self.codes]
        return spread

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


def _rows(spec: NationalDataset, raw: pd.DataFrame) -> tuple[Rows, dict[str, int]]:
    """The columns of the rows to store (the first row of each key; NaN for a missing number),
    and the skipped rows counted by reason."""
    skips = np.zeros(len(raw), dtype=np.int8)
    for column, accepted in spec.headline_only.items():
        headline = _Texts.of(raw[column]).spread(accepted.__contains__, bool)
        _skip(skips, ~headline, SKIP_HEADLINE)
    year = _Texts.of(raw[spec.year]).spread(_year_of, float)
    _skip(skips, np.isnan(year), SKIP_YEAR)
    level, geography, name = _geographies(spec, raw, skips)
    measure = _measures(spec, year, _Texts.of(raw[spec.code]))
    _skip(skips, np.isnan(measure), SKIP_MEASURE)
    value_texts = _Texts.of(raw[spec.value])
    value = value_texts.numbers()
    reason = value_texts.spread(lambda t: MISSING_MARKERS.get(t))
    _skip(skips, np.isnan(value) & pd.isna(reason), SKIP_VALUE)
    columns = {
        "measure": measure,
        "year": year,
        "level": level,
        "geography": geography,
        "geography_name": name,
        "value": value,
        "missing_reason": np.where(pd.isna(reason), "", reason),
        "reference_median": _reference(raw, spec.reference_median),
        "reference_mads": _reference(raw, spec.reference_mads),
    }
    kept = np.flatnonzero(skips == 0)
    _, first = _encode(*(columns[k][kept] for k in _KEY))
    duplicate = np.ones(len(kept), dtype=bool)
    duplicate[first] = False
    skips[kept[duplicate]] = SKIPS.index(SKIP_DUPLICATE) + 1
    kept = skips == 0
    rows = {k: v[kept] for k, v in columns.items()}
    rows["measure"], rows["year"] = rows["measure"].astype(np.int64), rows["year"].astype(np.int64)
    counts = np.bincount(skips, minlength=len(SKIPS) + 1)[1:]
    return rows, {label: int(n) for label, n in zip(SKIPS, counts, strict=True) if n}


def _geographies(
    spec: NationalDataset, raw: pd.DataFrame, skips: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's level, geography key (the ONS code, or for a council type its normalised
    name) and geography name as published."""
    if spec.level is None:
        level = np.full(len(raw), spec.fixed_level, dtype=object)
    else:
        level = _Texts.of(raw[spec.level]).spread(lambda t: LEVELS.get(t.lower()))
        _skip(skips, pd.isna(level), SKIP_LEVEL)
    is_type = level == GeographyLevel.COUNCIL_TYPE.value
    names, codes = _Texts.of(raw[spec.geography_name]), _Texts.of(raw[spec.geography_code])
    type_key = names.spread(lambda t: COUNCIL_TYPES.get(t.lower()))
    code = codes.spread(lambda t: "" if t == "-" else t)
    _skip(skips, is_type & pd.isna(type_key), SKIP_COUNCIL_TYPE)
    _skip(skips, ~is_type & (code == ""), SKIP_GEOGRAPHY)
    name_long = names.spread(lambda t: len(t) > _max_length("geography_name"), bool)
    code_long = codes.spread(lambda t: len(t) > _max_length("geography"), bool)
    _skip(skips, name_long | (~is_type & code_long), SKIP_TOO_LONG)
    return level, np.where(is_type, type_key, code), names.spread(str)


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


def _encode(*arrays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's index into the distinct combinations of ``arrays`` (numbered in order of first
    appearance), and for each combination the first row holding it."""
    key = np.zeros(len(arrays[0]), dtype=np.int64)
    for array in arrays:
        codes, uniques = pd.factorize(array)
        key, _ = pd.factorize(key * len(uniques) + codes)
    return key, np.unique(key, return_index=True)[1]


def _max_length(name: str) -> int:
    return int(getattr(PublishedValue._meta.get_field(name), "max_length", 0))


def _store(rows: Rows, dataset: str) -> int:
    """Insert new rows and update changed ones; the number of rows inserted or updated.

    The figures go to a temporary table of numbers, their distinct (level, geography, name,
    missing reason) combinations to a second one; one INSERT ... ON CONFLICT joins them.
    """
    place, first = _encode(*(rows[k] for k in _PLACE))
    level, geography, name, reason = (rows[k][first].tolist() for k in _PLACE)
    places = list(zip(range(1, len(first) + 1), level, geography, name, reason, strict=True))
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        _temporary_tables_create(cursor, postgres)
        if postgres:
            _fill_postgresql(cursor, rows, place + 1, places)
        else:
            _fill_executemany(cursor, rows, place + 1, places)
        cursor.execute(_upsert_sql(postgres), [dataset])
        stored: int = cursor.rowcount
        for table in (_STAGE, _PLACES):
            cursor.execute(f"DROP TABLE {table}")
    return stored


def _temporary_tables_create(cursor: CursorWrapper, postgres: bool) -> None:
    schema = "pg_temp" if postgres else "temp"
    for table in (_STAGE, _PLACES):
        cursor.execute(f"DROP TABLE IF EXISTS {schema}.{table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_STAGE} (measure_id bigint, year integer, place integer, "
        "value double precision, reference_median double precision, "
        "reference_mads double precision)"
    )
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_PLACES} (place integer PRIMARY KEY, level text, "
        "geography text, geography_name text, missing_reason text)"
    )


def _fill_postgresql(
    cursor: CursorWrapper, rows: Rows, place: np.ndarray, places: list[Place]
) -> None:
    """COPY the figures in PostgreSQL's binary format (a missing number travels as NaN), and
    the places as CSV."""
    columns = [
        (">i8", rows["measure"]),
        (">i4", rows["year"]),
        (">i4", place),
        *((">f8", rows[k]) for k in _NUMBERS),
    ]
    layout = [("fields", ">i2")]
    for i, (dtype, _) in enumerate(columns):
        layout += [(f"size{i}", ">i4"), (f"field{i}", dtype)]
    record = np.empty(len(place), dtype=layout)
    record["fields"] = len(columns)
    for i, (dtype, values) in enumerate(columns):
        record[f"size{i}"] = np.dtype(dtype).itemsize
        record[f"field{i}"] = values
    figures = io.BytesIO(_PGCOPY_HEADER + record.tobytes() + _PGCOPY_TRAILER)
    text = io.StringIO()
    csv.writer(text, quoting=csv.QUOTE_ALL).writerows(places)
    _copy(cursor, f"COPY {_STAGE} FROM STDIN WITH (FORMAT binary)", figures)
    _copy(cursor, f"COPY {_PLACES} FROM STDIN WITH (FORMAT csv)", io.StringIO(text.getvalue()))


def _copy(cursor: CursorWrapper, sql: str, data: io.IOBase) -> None:
    raw = cursor.cursor
    if hasattr(raw, "copy_expert"):
        raw.copy_expert(sql, data)
        return
    with raw.copy(sql) as copy:
        copy.write(data.read())


def _fill_executemany(
    cursor: CursorWrapper, rows: Rows, place: np.ndarray, places: list[Place]
) -> None:
    """The figures in statements of up to _ROWS_PER_INSERT rows each (a missing number as
    NULL), then the places."""
    keys = [k.astype(object) for k in (rows["measure"], rows["year"], place)]
    figures = np.column_stack(keys + [_nullable(rows[k]) for k in _NUMBERS])
    one = "(" + ", ".join(["%s"] * figures.shape[1]) + ")"
    whole = len(figures) - len(figures) % _ROWS_PER_INSERT
    if whole:
        many = f"INSERT INTO {_STAGE} VALUES " + ", ".join([one] * _ROWS_PER_INSERT)
        blocks = figures[:whole].reshape(-1, figures.shape[1] * _ROWS_PER_INSERT)
        cursor.executemany(many, blocks.tolist())
    if whole < len(figures):
        cursor.executemany(f"INSERT INTO {_STAGE} VALUES {one}", figures[whole:].tolist())
    cursor.executemany(f"INSERT INTO {_PLACES} VALUES (%s, %s, %s, %s, %s)", places)


def _nullable(numbers: np.ndarray) -> np.ndarray:
    values = numbers.astype(object)
    values[np.isnan(numbers)] = None
    return values


def _upsert_sql(postgres: bool) -> str:
    """INSERT ... SELECT from the temporary tables, updating an existing row only where a value,
    the missing reason or a reference value differs."""
    table = connection.ops.quote_name(PublishedValue._meta.db_table)
    column, selected = _column_names(), _selected(postgres)
    differs = "{0} IS DISTINCT FROM {1}" if postgres else "{0} IS NOT {1}"
    changed = " OR ".join(
        differs.format(f"{table}.{column[k]}", f"excluded.{column[k]}") for k in _COMPARED
    )
    updates = ", ".join(f"{column[k]} = excluded.{column[k]}" for k in selected if k not in _KEY)
    return (
        f"INSERT INTO {table} ({', '.join(column[k] for k in selected)}) "
        f"SELECT {', '.join(selected.values())} "
        f"FROM {_STAGE} s JOIN {_PLACES} p ON p.place = s.place "
        f"WHERE {_not_stored(table, selected) if postgres else 'true'} "
        f"ON CONFLICT ({', '.join(column[k] for k in _KEY)}) DO UPDATE SET {updates} "
        f"WHERE {changed}"
    )


def _column_names() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {f.name: quote(str(f.column)) for f in PublishedValue._meta.concrete_fields}


def _selected(postgres: bool) -> dict[str, str]:
    """The SQL giving each stored field from the temporary tables (a NaN number is NULL)."""
    number = "NULLIF(s.{0}, 'NaN'::float8)" if postgres else "s.{0}"
    return {
        "measure": "s.measure_id",
        "year": "s.year",
        **{k: f"p.{k}" for k in _PLACE},
        **{k: number.format(k) for k in _NUMBERS},
        "dataset": "%s",
    }


def _not_stored(table: str, selected: dict[str, str]) -> str:
    """PostgreSQL locks, and logs, every conflicting row even where DO UPDATE ... WHERE leaves
    it alone: rows already stored exactly so are kept out of the INSERT."""
    column = _column_names()
    same = [f"t.{column[k]} = {selected[k]}" for k in _KEY] + [
        f"t.{column[k]} IS NOT DISTINCT FROM {selected[k]}" for k in _COMPARED
    ]
    return f"NOT EXISTS (SELECT 1 FROM {table} t WHERE {' AND '.join(same)})"


def _ledger_record(
    spec: NationalDataset,
    file_name: str,
    sha256: str,
    size: int,
    result: NationalImportResult,
    imported_by: User | None,
) -> None:
    NationalImport.objects.update_or_create(
        dataset=spec.name,
        sha256=sha256,
        defaults={
            "file_name": file_name[:255],
            "size": size,
            "rows_read": result.rows_read,
            "rows_stored": result.rows_stored,
            "rows_missing": result.rows_missing,
            "rows_skipped": result.rows_skipped,
            "imported_by": imported_by,
            "imported_at": timezone.now(),
        },
    )
