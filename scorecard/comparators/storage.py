"""Writing computed comparators: numbers as the database stores them, and rows inserted column
by column in large blocks."""

from collections.abc import Mapping
from typing import Any, SupportsFloat

import numpy as np
from django.db import connection, models

# Rows per INSERT statement when storing positions (within SQLite's limit on parameters).
_ROWS_PER_INSERT = 500


def stored_float(value: SupportsFloat | None) -> float | None:
    """A stored float: None for a missing or infinite number."""
    if value is None:
        return None
    number = float(value)
    return number if np.isfinite(number) else None


def stored_floats(values: object) -> list[float | None]:
    """Python floats, None for a missing or infinite number."""
    array = np.asarray(values, dtype=float)
    cells = array.astype(object)
    cells[~np.isfinite(array)] = None
    return list(cells.tolist())


def stored_ints(values: object) -> list[int | None]:
    """Python ints, None for a missing number."""
    array = np.asarray(values, dtype=float)
    finite = np.isfinite(array)
    cells = np.where(finite, array, 0).astype(np.int64).astype(object)
    cells[~finite] = None
    return list(cells.tolist())


def _column(model: type[models.Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} is not stored in a column")
    return column


def insert_rows(model: type[models.Model], columns: Mapping[str, list[Any]]) -> int:
    """Insert rows given column by column (field name: values as stored, None for NULL, JSON
    as text) in multi-row INSERTs of up to 500 rows; the number inserted.

    For the thousands of positions a recompute writes: it skips building a model instance and
    compiling SQL for each row, which is most of ``bulk_create``'s time at national scale."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(_column(model, name)) for name in columns)
    table = quote(model._meta.db_table)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    rows = list(zip(*columns.values(), strict=True))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            block = rows[start : start + _ROWS_PER_INSERT]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(block))}",
                [cell for row in block for cell in row],
            )
    return len(rows)
