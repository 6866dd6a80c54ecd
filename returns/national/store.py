"""Storing a national file's rows: only new rows are inserted and only changed rows updated;
stored rows of the file's measures and years that the file no longer has are reported, and
removed only when asked.

On PostgreSQL the difference is explicit and its plan cannot flip: the rows are COPYed into a
temporary staging table, which is ANALYZEd, and the new, changed and disappearing rows are found
with hash joins (nested loops and merge joins are switched off for those statements), so an
emptied and analysed table, or any other statistics, cannot turn the diff into a nested loop
rescanning the table being filled. Elsewhere (SQLite, ``make run``) the same difference is
computed in Python. Both run inside the caller's transaction. Every constraint stays in place
while rows are stored (the foreign key is checked for each row at commit), so the table is never
locked against the pages reading published values while an import runs.
"""

import csv
import io
import math
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.backends.utils import CursorWrapper

from returns.models import PublishedValue
from returns.national.layouts import KEY, NUMBERS, PLACE, Rows, encode

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
    with connection.cursor() as cursor:
        _stage(cursor, rows)
        if _scope_empty(cursor, table):
            outcome = _store_all_new(cursor, table, dataset, len(rows["measure"]))
        else:
            outcome = _store_difference(cursor, table, dataset, len(rows["measure"]))
            if remove_missing and outcome.disappearing:
                cursor.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM {_GONE})")
                outcome.removed = cursor.rowcount
        for temporary in (_STAGE, _PLACES, _DIFF, _GONE):
            cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
    return outcome


def _scope_empty(cursor: CursorWrapper, table: str) -> bool:
    """Whether no row is stored, by any dataset, for any measure and year the file has (a new
    year, or a first import): then every row is new and there is nothing to compare."""
    column = _columns()
    cursor.execute(
        f"SELECT NOT EXISTS (SELECT 1 FROM {table} t "
        f"JOIN (SELECT DISTINCT measure_id, year FROM {_STAGE}) scope "
        f"ON scope.measure_id = t.{column['measure']} AND scope.year = t.{column['year']})"
    )
    (empty,) = cursor.fetchone()
    return bool(empty)


def _store_all_new(cursor: CursorWrapper, table: str, dataset: str, rows: int) -> StoreOutcome:
    """Insert every staged row straight from the staging tables."""
    column = _columns()
    stored = [column[k] for k in ("measure", "year", "month", *PLACE, *NUMBERS, "dataset")]
    selected = ", ".join(_staged_columns().values())
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(stored)}) "
        f"SELECT s.measure_id, s.year, s.month, {selected}, %s "
        f"FROM {_STAGE} s JOIN {_PLACES} p ON p.place = s.place",
        [dataset],
    )
    return StoreOutcome(new=rows)


def _store_difference(cursor: CursorWrapper, table: str, dataset: str, rows: int) -> StoreOutcome:
    """Compare the staged rows with the stored ones, then insert the new rows and update the
    changed ones; the disappearing rows are left in their own table."""
    cursor.execute("SET LOCAL enable_nestloop = off")
    cursor.execute("SET LOCAL enable_mergejoin = off")
    cursor.execute(_diff_sql(table), [dataset])
    _gone_find(cursor, table, dataset, rows)
    cursor.execute("RESET enable_nestloop")
    cursor.execute("RESET enable_mergejoin")
    cursor.execute(f"ANALYZE {_DIFF}")
    outcome = _findings(cursor)
    column = _columns()
    stored = [column[k] for k in ("measure", "year", "month", *PLACE, *NUMBERS, "dataset")]
    source = ["measure_id", "year", "month", *PLACE, *NUMBERS]
    if outcome.new:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(stored)}) "
            f"SELECT {', '.join(source)}, %s FROM {_DIFF} WHERE stored_id IS NULL",
            [dataset],
        )
    if outcome.changed:
        updates = ", ".join(f"{column[k]} = d.{k}" for k in (*PLACE, *NUMBERS) if k in _COMPARED)
        cursor.execute(
            f"UPDATE {table} t SET {updates}, {column['dataset']} = %s "
            f"FROM {_DIFF} d WHERE d.stored_id = t.id",
            [dataset],
        )
    return outcome


def _staged_columns() -> dict[str, str]:
    """Each stored column's expression over the staged figures ``s`` and places ``p`` (a
    missing number travels as NaN and is stored as NULL)."""
    return {
        **{k: f"p.{k}" for k in PLACE},
        **{k: f"NULLIF(s.{k}, 'NaN'::float8)" for k in NUMBERS},
    }


def _stage(cursor: CursorWrapper, rows: Rows) -> None:
    """The rows in two temporary tables, analysed: the figures (COPY in PostgreSQL's binary
    format, a missing number travelling as NaN) and their distinct places (COPY as CSV)."""
    place, first = encode(*(rows[k] for k in PLACE))
    places = zip(range(1, len(first) + 1), *(rows[k][first].tolist() for k in PLACE), strict=True)
    for temporary in (_STAGE, _PLACES, _DIFF, _GONE):
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{temporary}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_STAGE} (measure_id bigint, year integer, month integer, "
        "place integer, "
        "value double precision, reference_median double precision, "
        "reference_mads double precision)"
    )
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_PLACES} (place integer PRIMARY KEY, level text, "
        "geography text, geography_name text, missing_reason text)"
    )
    columns = [
        (">i8", rows["measure"]),
        (">i4", rows["year"]),
        (">i4", rows["month"]),
        (">i4", place + 1),
        *((">f8", rows[k]) for k in NUMBERS),
    ]
    layout = [("fields", ">i2")]
    for i, (dtype, _) in enumerate(columns):
        layout += [(f"size{i}", ">i4"), (f"field{i}", dtype)]
    record = np.empty(len(place), dtype=layout)
    record["fields"] = len(columns)
    for i, (dtype, values) in enumerate(columns):
        record[f"size{i}"] = np.dtype(dtype).itemsize
        record[f"field{i}"] = values
    text = io.StringIO()
    csv.writer(text, quoting=csv.QUOTE_ALL).writerows(places)
    figures = _PGCOPY_HEADER + record.tobytes() + _PGCOPY_TRAILER
    _copy(cursor, f"COPY {_STAGE} FROM STDIN WITH (FORMAT binary)", io.BytesIO(figures))
    _copy(cursor, f"COPY {_PLACES} FROM STDIN WITH (FORMAT csv)", io.StringIO(text.getvalue()))
    cursor.execute(f"ANALYZE {_STAGE}")
    cursor.execute(f"ANALYZE {_PLACES}")


def _copy(cursor: CursorWrapper, sql: str, data: io.IOBase) -> None:
    raw = cursor.cursor
    if hasattr(raw, "copy_expert"):
        raw.copy_expert(sql, data)
        return
    with raw.copy(sql) as copy:
        copy.write(data.read())


def _diff_sql(table: str) -> str:
    """The file's rows that are new (no stored row) or changed, with the stored row's id and
    name: one hash join of the staged rows with the stored ones."""
    column = _columns()
    selected = _staged_columns()
    differs = " OR ".join(f"t.{column[k]} IS DISTINCT FROM {selected[k]}" for k in _COMPARED)
    return (
        f"CREATE TEMPORARY TABLE {_DIFF} AS SELECT s.measure_id, s.year, s.month, "
        + ", ".join(f"{sql} AS {k}" for k, sql in selected.items())
        + f", t.id AS stored_id, t.{column['geography_name']} AS stored_name, "
        f"t.{column['dataset']} AS stored_dataset "
        f"FROM {_STAGE} s JOIN {_PLACES} p ON p.place = s.place "
        f"LEFT JOIN {table} t ON t.{column['measure']} = s.measure_id "
        f"AND t.{column['year']} = s.year AND t.{column['month']} = s.month "
        f"AND t.{column['level']} = p.level "
        f"AND t.{column['geography']} = p.geography "
        f"WHERE t.id IS NULL OR {differs} OR t.{column['dataset']} <> %s"
    )


def _gone_find(cursor: CursorWrapper, table: str, dataset: str, rows: int) -> None:
    """Fill the table of disappearing rows. When the stored rows of this dataset in the file's
    measures and years are exactly those the file matched (counted with one scan), none can
    have disappeared and the anti-join is not run."""
    column = _columns()
    cursor.execute(
        f"SELECT count(*) FROM {table} t JOIN (SELECT DISTINCT measure_id, year FROM {_STAGE}) "
        f"scope ON scope.measure_id = t.{column['measure']} AND scope.year = t.{column['year']} "
        f"WHERE t.{column['dataset']} = %s",
        [dataset],
    )
    (stored,) = cursor.fetchone()
    cursor.execute(
        f"SELECT count(*) FILTER (WHERE stored_id IS NULL OR stored_dataset <> %s) FROM {_DIFF}",
        [dataset],
    )
    (unmatched,) = cursor.fetchone()
    sql = _gone_sql(table)
    if stored == rows - unmatched:
        sql += " AND false"
    cursor.execute(sql, [dataset])


def _gone_sql(table: str) -> str:
    """The stored rows of this dataset, for a measure and year the file has, whose place the
    file no longer has: a hash anti-join."""
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
        "count(*) FILTER (WHERE stored_id IS NOT NULL), "
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
