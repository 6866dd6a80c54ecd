"""Storing a national file's rows: only new rows are inserted and only changed rows updated;
stored rows of the file's measures and years that the file no longer has are reported, and
removed only when asked.

On PostgreSQL each stored row keeps a digest of what the import stored (the database clears it
when anything else changes the row). The digests of the stored rows of the file's measures and
years are read in one aggregate and compared in memory with the file's rows' digests: a row
whose digest is stored is unchanged and goes no further, so an unchanged re-import stages and
writes nothing. Only the other rows are COPYed into a temporary staging table, which is
ANALYZEd, and compared with the stored rows to find the new and changed ones; the disappearing
rows are looked for only when the stored rows are not all accounted for. Every join is a hash
join (nested loops and merge joins are switched off for these statements), so an emptied and
analysed table, or any other statistics, cannot turn the diff into a nested loop rescanning the
table being filled. Elsewhere (SQLite, ``make run``) the same difference is computed in Python.
Both run inside the caller's transaction. Every constraint stays in place while rows are stored
(the foreign key is checked for each row at commit), so the table is never locked against the
pages reading published values while an import runs.
"""

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from django.db import connection
from django.db.backends.utils import CursorWrapper

from returns.models import PublishedValue
from returns.national.layouts import KEY, NUMBERS, PLACE, YEARS, Rows, encode

REPORTED = 500  # rows listed in a run's report for each kind of finding; all are counted
_STAGE = "national_import_stage"
_PLACES = "national_import_place"
_DIFF = "national_import_diff"
_GONE = "national_import_gone"
_PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_PGCOPY_TRAILER = b"\xff\xff"
_COMPARED = ["value", "missing_reason", "reference_median", "reference_mads", "geography_name"]


@dataclass
class StoreOutcome:
    """What storing did: rows inserted and updated (renamed ones among them), and the stored
    rows the file no longer has (removed only when asked); listings up to ``REPORTED`` each."""

    new: int = 0
    changed: int = 0
    renamed: int = 0
    disappearing: int = 0
    removed: int = 0
    renamed_places: list[dict[str, str]] = field(default_factory=list)
    disappearing_rows: list[dict[str, object]] = field(default_factory=list)


def rows_store(rows: Rows, *, dataset: str, remove_missing: bool) -> StoreOutcome:
    """Insert the new rows and update the changed ones (a value, missing reason, reference
    value or geography name differs); report the disappearing ones."""
    if not len(rows["measure"]):
        return StoreOutcome()
    if connection.vendor == "postgresql":
        return _store_postgresql(rows, dataset, remove_missing)
    return _store_python(rows, dataset, remove_missing)


def _columns() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {f.name: quote(str(f.column)) for f in PublishedValue._meta.concrete_fields}


def _store_postgresql(rows: Rows, dataset: str, remove_missing: bool) -> StoreOutcome:
    table = connection.ops.quote_name(PublishedValue._meta.db_table)
    places = encode(rows["place"])
    digests = row_digests(rows, dataset, places)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
        # The few stored rows updated are found by their ids, through the primary key.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        scope = pd.unique(rows["measure"] * YEARS + rows["year"]).tolist()
        stored, ours = _stored(cursor, table, dataset, scope)
        same, kept = _unchanged(digests, stored)
        if same.all() and kept.all():
            outcome = StoreOutcome()
        else:
            _stage(cursor, rows, places, digests, ~same)
            if not len(stored):
                outcome = _store_all_new(cursor, table, dataset, len(digests))
            else:
                unmatched = ours - int(np.count_nonzero(kept))
                rest = partial(_stage_figures, cursor, rows, places[0], digests, same)
                outcome = _store_difference(cursor, table, dataset, unmatched, rest)
            if remove_missing and outcome.disappearing:
                cursor.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM {_GONE})")
                outcome.removed = cursor.rowcount
        for temporary in (_STAGE, _PLACES, _DIFF, _GONE):
            cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
        for setting in ("enable_nestloop", "enable_mergejoin", "random_page_cost"):
            cursor.execute(f"RESET {setting}")
    return outcome


def row_digests(rows: Rows, dataset: str, places: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Each row's digest: a 64-bit hash (pandas') of everything stored of it, its key, place,
    missing reason, figures and dataset; never 0, which stands for a stored row without one.
    ``places`` is each row's place and each place's first row (:func:`encode` of the place
    columns). Two different rows share a digest about once in 2**64."""
    place, first = places
    hashed = pd.util.hash_pandas_object(
        pd.DataFrame({k: rows[k][first] for k in PLACE}), index=False
    ).to_numpy()
    lanes = pd.DataFrame(
        {
            "dataset": pd.util.hash_array(np.array([dataset], dtype=object))[0],
            "measure": rows["measure"],
            "year": rows["year"],
            "month": rows["month"],
            "place": hashed[place],
            # One bit pattern for every missing number, as every one is stored as NULL.
            **{k: np.where(np.isnan(rows[k]), np.nan, rows[k]) for k in NUMBERS},
        }
    )
    digests = pd.util.hash_pandas_object(lanes, index=False).to_numpy().view(np.int64)
    return np.where(digests == 0, 1, digests)


def _stored(
    cursor: CursorWrapper, table: str, dataset: str, scope: list[int]
) -> tuple[np.ndarray, int]:
    """The digests of the stored rows of the file's measures and years, read in one aggregate,
    and how many are of the dataset."""
    cursor.execute(_stored_sql(table), [dataset, dataset, scope])
    found, ours = cursor.fetchone()
    return np.frombuffer(found or b"", dtype=">i8").astype(np.int64), int(ours)


def _stored_sql(table: str) -> str:
    """The digest of each stored row of the given measures and years (each
    ``measure * YEARS + year``) as one binary string, and how many are of the given dataset, in
    one scan of the table. A row's digest counts as 0, which no file row has, unless the row is
    of the dataset and has one."""
    column = _columns()
    digest = (
        f"CASE WHEN t.{column['dataset']} = %s THEN coalesce(t.{column['digest']}, 0) ELSE 0 END"
    )
    return (
        f"SELECT string_agg(int8send({digest}), ''), "
        f"count(*) FILTER (WHERE t.{column['dataset']} = %s) FROM {table} t "
        f"WHERE t.{column['measure']}::bigint * {YEARS} + t.{column['year']} = ANY(%s::bigint[])"
    )


def _unchanged(digests: np.ndarray, stored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which file rows are stored exactly as in the file, and which stored rows are: each
    stored digest looked up among the file's (distinct, as its keys are)."""
    incoming = pd.Index(digests)
    if not incoming.is_unique:  # two rows of the file with one digest, about never
        return np.zeros(len(digests), dtype=bool), np.zeros(len(stored), dtype=bool)
    position = incoming.get_indexer(stored)
    kept = position >= 0
    same = np.zeros(len(digests), dtype=bool)
    same[position[kept]] = True
    return same, kept


def _store_all_new(cursor: CursorWrapper, table: str, dataset: str, rows: int) -> StoreOutcome:
    """Insert every staged row straight from the staging tables."""
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(_stored_columns())}) "
        f"SELECT {', '.join(_staged_columns().values())}, %s "
        f"FROM {_STAGE} s JOIN {_PLACES} p ON p.place = s.place",
        [dataset],
    )
    return StoreOutcome(new=rows)


def _store_difference(
    cursor: CursorWrapper,
    table: str,
    dataset: str,
    unmatched: int,
    stage_rest: Callable[[], None],
) -> StoreOutcome:
    """Compare the staged rows with the stored ones, find the disappearing rows, then insert
    the new rows and update the changed ones (and those stored without their digest).

    A stored row of the dataset whose digest is a file row's is stored exactly as in the file;
    each of the ``unmatched`` others has the key of a staged row, or has disappeared. Only when
    the difference does not account for them all are the file's other rows staged too
    (``stage_rest``) and the disappearing ones found by an anti-join."""
    cursor.execute(_diff_sql(table), [dataset, dataset])
    cursor.execute(
        f"SELECT coalesce(array_agg(stored_id), '{{}}'), "
        f"count(*) FILTER (WHERE stored_dataset = %s) FROM {_DIFF} WHERE stored_id IS NOT NULL",
        [dataset],
    )
    ids, matched = cursor.fetchone()
    gone = _gone_sql(table)
    if matched < unmatched:
        stage_rest()
        cursor.execute(f"ANALYZE {_STAGE}")
    else:
        gone += " AND false"
    cursor.execute(gone, [dataset])
    cursor.execute(f"ANALYZE {_DIFF}")
    outcome = _findings(cursor)
    source = ["measure_id", "year", "month", *PLACE, *NUMBERS, "digest"]
    if outcome.new:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(_stored_columns())}) "
            f"SELECT {', '.join(source)}, %s FROM {_DIFF} WHERE stored_id IS NULL",
            [dataset],
        )
    if ids:
        column = _columns()
        updates = ", ".join(f"{column[k]} = d.{k}" for k in (*_COMPARED, "digest"))
        cursor.execute(
            f"UPDATE {table} t SET {updates}, {column['dataset']} = %s "
            f"FROM {_DIFF} d WHERE d.stored_id = t.id AND t.id = ANY(%s::bigint[])",
            [dataset, ids],
        )
    return outcome


def _stored_columns() -> list[str]:
    """The published-values columns an import writes, in the order of :func:`_staged_columns`
    followed by the dataset."""
    column = _columns()
    return [column[k] for k in ("measure", "year", "month", *PLACE, *NUMBERS, "digest", "dataset")]


def _staged_columns() -> dict[str, str]:
    """Each written column's expression over the staged figures ``s`` and places ``p`` (a
    missing number travels as NaN and is stored as NULL)."""
    return {
        "measure_id": "s.measure_id",
        "year": "s.year",
        "month": "s.month",
        **{k: f"p.{k}" for k in PLACE},
        **{k: f"NULLIF(s.{k}, 'NaN'::float8)" for k in NUMBERS},
        "digest": "s.digest",
    }


def _stage(
    cursor: CursorWrapper,
    rows: Rows,
    places: tuple[np.ndarray, np.ndarray],
    digests: np.ndarray,
    staged: np.ndarray,
) -> None:
    """The ``staged`` rows in two temporary tables, analysed: their figures and the file's
    distinct places (COPY as CSV)."""
    place, first = places
    for temporary in (_STAGE, _PLACES, _DIFF, _GONE):
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{temporary}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_STAGE} (measure_id bigint, year integer, month integer, "
        "place integer, "
        "value double precision, reference_median double precision, "
        "reference_mads double precision, digest bigint)"
    )
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_PLACES} (place integer PRIMARY KEY, level text, "
        "geography text, geography_name text, missing_reason text)"
    )
    text = io.StringIO()
    texts = (rows[k][first].tolist() for k in PLACE)
    csv.writer(text, quoting=csv.QUOTE_ALL).writerows(
        zip(range(1, len(first) + 1), *texts, strict=True)
    )
    _copy(cursor, f"COPY {_PLACES} FROM STDIN WITH (FORMAT csv)", io.StringIO(text.getvalue()))
    _stage_figures(cursor, rows, place, digests, staged)
    cursor.execute(f"ANALYZE {_STAGE}")
    cursor.execute(f"ANALYZE {_PLACES}")


def _stage_figures(
    cursor: CursorWrapper, rows: Rows, place: np.ndarray, digests: np.ndarray, staged: np.ndarray
) -> None:
    """COPY the ``staged`` rows' figures into the staging table, in PostgreSQL's binary format
    (a missing number travelling as NaN)."""
    columns = [
        (">i8", rows["measure"][staged]),
        (">i4", rows["year"][staged]),
        (">i4", rows["month"][staged]),
        (">i4", place[staged] + 1),
        *((">f8", rows[k][staged]) for k in NUMBERS),
        (">i8", digests[staged]),
    ]
    layout = [("fields", ">i2")]
    for i, (dtype, _) in enumerate(columns):
        layout += [(f"size{i}", ">i4"), (f"field{i}", dtype)]
    record = np.empty(int(np.count_nonzero(staged)), dtype=layout)
    record["fields"] = len(columns)
    for i, (dtype, values) in enumerate(columns):
        record[f"size{i}"] = np.dtype(dtype).itemsize
        record[f"field{i}"] = values
    figures = _PGCOPY_HEADER + record.tobytes() + _PGCOPY_TRAILER
    _copy(cursor, f"COPY {_STAGE} FROM STDIN WITH (FORMAT binary)", io.BytesIO(figures))


def _copy(cursor: CursorWrapper, sql: str, data: io.IOBase) -> None:
    raw = cursor.cursor
    if hasattr(raw, "copy_expert"):
        raw.copy_expert(sql, data)
        return
    with raw.copy(sql) as copy:
        copy.write(data.read())


def _diff_sql(table: str) -> str:
    """The staged rows that are new (no stored row) or differ from the stored row (a figure,
    missing reason, name, dataset or digest), with the stored row's id, name and dataset and
    whether its figures differ: one hash join of the staged rows with the stored ones."""
    column = _columns()
    selected = _staged_columns()
    differs = " OR ".join(f"t.{column[k]} IS DISTINCT FROM {selected[k]}" for k in _COMPARED)
    return (
        f"CREATE TEMPORARY TABLE {_DIFF} AS SELECT "
        + ", ".join(f"{sql} AS {k}" for k, sql in selected.items())
        + f", t.id AS stored_id, t.{column['geography_name']} AS stored_name, "
        f"t.{column['dataset']} AS stored_dataset, "
        f"(t.id IS NOT NULL AND ({differs} OR t.{column['dataset']} <> %s)) AS figures_differ "
        f"FROM {_STAGE} s JOIN {_PLACES} p ON p.place = s.place "
        f"LEFT JOIN {table} t ON t.{column['measure']} = s.measure_id "
        f"AND t.{column['year']} = s.year AND t.{column['month']} = s.month "
        f"AND t.{column['level']} = p.level "
        f"AND t.{column['geography']} = p.geography "
        f"WHERE t.id IS NULL OR {differs} OR t.{column['dataset']} <> %s "
        f"OR t.{column['digest']} IS DISTINCT FROM s.digest"
    )


def _gone_sql(table: str) -> str:
    """The stored rows of this dataset, for a measure and year the file has, whose place the
    file no longer has: a hash anti-join with the staged rows."""
    column = _columns()
    fields = ", ".join(f"t.{column[k]} AS {k}" for k in (*KEY, "geography_name", "value"))
    return (
        f"CREATE TEMPORARY TABLE {_GONE} AS SELECT t.id, {fields} FROM {table} t "
        f"JOIN (SELECT DISTINCT measure_id, year FROM {_STAGE}) scope "
        f"ON scope.measure_id = t.{column['measure']} AND scope.year = t.{column['year']} "
        f"WHERE t.{column['dataset']} = %s AND NOT EXISTS (SELECT 1 FROM {_STAGE} s "
        f"JOIN {_PLACES} p ON p.place = s.place WHERE s.measure_id = t.{column['measure']} "
        f"AND s.year = t.{column['year']} AND s.month = t.{column['month']} "
        f"AND p.level = t.{column['level']} "
        f"AND p.geography = t.{column['geography']})"
    )


def _findings(cursor: CursorWrapper) -> StoreOutcome:
    cursor.execute(
        "SELECT count(*) FILTER (WHERE stored_id IS NULL), "
        "count(*) FILTER (WHERE figures_differ), "
        f"count(*) FILTER (WHERE stored_name <> geography_name) FROM {_DIFF}"
    )
    new, changed, renamed = cursor.fetchone()
    places = []
    if renamed:
        cursor.execute(
            f"SELECT DISTINCT level, geography, stored_name, geography_name FROM {_DIFF} "
            f"WHERE stored_name <> geography_name ORDER BY 1, 2, 3, 4 LIMIT {REPORTED}"
        )
        places = [_renamed(*found) for found in cursor.fetchall()]
    cursor.execute(f"SELECT count(*) FROM {_GONE}")
    (disappearing,) = cursor.fetchone()
    cursor.execute(
        f"SELECT measure, year, month, level, geography, geography_name, value FROM {_GONE} "
        f"ORDER BY 1, 2, 3, 4, 5 LIMIT {REPORTED}"
    )
    gone = [_gone(*found) for found in cursor.fetchall()]
    return StoreOutcome(
        new=new,
        changed=changed,
        renamed=renamed,
        disappearing=disappearing,
        renamed_places=places,
        disappearing_rows=gone,
    )


def _renamed(level: str, geography: str, old: str, new: str) -> dict[str, str]:
    return {"level": level, "geography": geography, "old_name": old, "new_name": new}


def _gone(
    measure: int,
    year: int,
    month: int,
    level: str,
    geography: str,
    name: str,
    value: float | None,
) -> dict[str, object]:
    return {
        "measure_id": measure,
        "year": year,
        "month": month,
        "level": level,
        "geography": geography,
        "geography_name": name,
        "value": value,
    }


def _nullable(number: float) -> float | None:
    return None if math.isnan(number) else number


def _store_python(rows: Rows, dataset: str, remove_missing: bool) -> StoreOutcome:
    """The same difference in Python, for SQLite: the stored rows of the file's measures and
    years are read once and compared in memory."""
    incoming = _incoming(rows)
    scope = {key[:2] for key in incoming}
    stored = PublishedValue.objects.filter(
        measure_id__in={m for m, _ in scope}, year__in={y for _, y in scope}
    )
    outcome = StoreOutcome()
    changed, gone = [], []
    renamed: set[tuple[str, str, str, str]] = set()
    for existing in stored:
        key = (
            existing.measure_id,
            existing.year,
            existing.month,
            existing.level,
            existing.geography,
        )
        row = incoming.pop(key, None)
        if row is None:
            if existing.dataset == dataset and key[:2] in scope:
                gone.append(existing)
        elif existing.dataset != dataset or any(getattr(existing, k) != row[k] for k in _COMPARED):
            if existing.geography_name != row["geography_name"]:
                outcome.renamed += 1
                renamed.add(
                    (
                        existing.level,
                        existing.geography,
                        existing.geography_name,
                        str(row["geography_name"]),
                    )
                )
            for k in _COMPARED:
                setattr(existing, k, row[k])
            existing.dataset = dataset
            changed.append(existing)
    new = [PublishedValue(dataset=dataset, **row) for row in incoming.values()]
    PublishedValue.objects.bulk_create(new, batch_size=500)
    PublishedValue.objects.bulk_update(changed, [*_COMPARED, "dataset"], batch_size=500)
    outcome.new, outcome.changed, outcome.disappearing = len(new), len(changed), len(gone)
    outcome.renamed_places = [_renamed(*found) for found in sorted(renamed)[:REPORTED]]
    gone.sort(key=lambda v: (v.measure_id, v.year, v.month, v.level, v.geography))
    outcome.disappearing_rows = [
        _gone(v.measure_id, v.year, v.month, v.level, v.geography, v.geography_name, v.value)
        for v in gone[:REPORTED]
    ]
    if remove_missing and gone:
        outcome.removed = PublishedValue.objects.filter(pk__in=[v.pk for v in gone]).delete()[0]
    return outcome


def _incoming(rows: Rows) -> dict[tuple[object, ...], dict[str, object]]:
    """The file's rows by key, as model fields (a missing number as None)."""
    fields = list(dict.fromkeys([*KEY, *PLACE, *NUMBERS]))
    incoming = {}
    for values in zip(*(rows[k].tolist() for k in fields), strict=True):
        row = dict(zip(fields, values, strict=True))
        key = tuple(row[k] for k in KEY)
        row["measure_id"] = row.pop("measure")
        for k in NUMBERS:
            row[k] = _nullable(row[k])
        incoming[key] = row
    return incoming
