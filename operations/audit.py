"""Reads for the audit log pages: who viewed confidential material (``AccessLog``) and who
changed what (every model kept with django-simple-history), each in a fixed number of queries
whatever the page size and however many kinds of record are kept with history."""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.apps import apps
from django.db import connection
from django.db.models import Field, Model, QuerySet
from django.db.models.options import Options
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from simple_history.models import registered_models

from accounts.models import AccessLog, User
from authorities.models import Council

# Record types whose own page can be linked from the audit log: label -> (url name, kwarg).
RECORD_PAGES: dict[str, str] = {"triggers.Concern": "triggers:concern"}
# PostgreSQL's json_build_object takes at most 100 arguments: build objects from smaller parts.
_JSON_CHUNK = 40


@dataclass(frozen=True)
class AccessLogFilters:
    user: User | None = None
    council: Council | None = None
    record_type: str = ""
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def access_log_list(*, filters: AccessLogFilters) -> QuerySet[AccessLog]:
    """Views and downloads of confidential material, newest first, with the person and the
    council loaded in the same query."""
    entries = AccessLog.objects.select_related("user", "council").order_by("-at", "-pk")
    if filters.user is not None:
        entries = entries.filter(user=filters.user)
    if filters.council is not None:
        entries = entries.filter(council=filters.council)
    if filters.record_type:
        entries = entries.filter(record_type=filters.record_type)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.since is not None:
        entries = entries.filter(at__date__gte=filters.since)
    if filters.until is not None:
        entries = entries.filter(at__date__lte=filters.until)
    return entries


def record_type_name(label: str) -> str:
    """``triggers.RiskAssessment`` -> "Risk assessment"; a label no longer known stays as is."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name).capitalize()


def access_log_choices() -> tuple[list[str], list[str]]:
    """The record types and actions that occur in the log, in one query."""
    pairs = AccessLog.objects.order_by().values_list("record_type", "action").distinct()
    record_types, actions = set(), set()
    for record_type, action in pairs:
        record_types.add(record_type)
        actions.add(action)
    return sorted(record_types), sorted(actions)


# --- Who changed what --------------------------------------------------------------------------


class FieldDelta(Protocol):
    field: str
    old: Any
    new: Any


class ModelDelta(Protocol):
    changes: list[FieldDelta]


class HistoricalRecord(Protocol):
    """One recorded state of a record: a row of its historical model."""

    def diff_against(
        self, old_history: "HistoricalRecord", *, included_fields: list[str]
    ) -> ModelDelta: ...


class HistoricalModel(Protocol):
    """What django-simple-history, which is untyped, gives each model kept with history: a
    model of its recorded states, knowing the model it records and the fields it tracks."""

    instance_type: type[Model]
    tracked_fields: list[Field[Any, Any]]
    _meta: Options[Any]

    def __call__(self, **values: Any) -> HistoricalRecord: ...


def history_models() -> dict[str, HistoricalModel]:
    """Every model kept with history, by label (``triggers.Concern``) -> its historical model."""
    found: dict[str, HistoricalModel] = {}
    for model in registered_models.values():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:
            continue  # a many-to-many through table, recorded with its owner
        found[model._meta.label] = getattr(model, manager).model
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class ChangeFilters:
    model: str = ""
    user: User | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class Change:
    """One historical record: which record, what happened to it, who did it and when."""

    label: str
    record_name: str
    object_id: str
    history_id: int
    at: datetime.datetime
    kind: str
    user: User | None
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_display(self) -> str:
        return {"+": "Created", "~": "Changed", "-": "Deleted"}.get(self.kind, self.kind)


def _tracked_fields(historical: HistoricalModel) -> list[Field[Any, Any]]:
    names = {f.name for f in historical.tracked_fields if f.editable}
    return [f for f in historical._meta.concrete_fields if f.name in names and not f.many_to_many]


def _column(field: Field[Any, Any]) -> str:
    """The quoted column of a concrete field (every field read here is one)."""
    if field.column is None:
        raise ValueError(f"{field} has no column of its own")
    return connection.ops.quote_name(field.column)


def _json_of(historical: HistoricalModel, alias: str) -> str:
    """SQL for the row ``alias`` of ``historical`` as one JSON object of its tracked fields."""
    pairs = [f"'{f.attname}', {alias}.{_column(f)}" for f in _tracked_fields(historical)]
    chunks = [", ".join(pairs[i : i + _JSON_CHUNK]) for i in range(0, len(pairs), _JSON_CHUNK)]
    if connection.vendor == "postgresql":
        return " || ".join(f"jsonb_build_object({chunk})" for chunk in chunks) or "'{}'::jsonb"
    sql = f"json_object({chunks[0]})" if chunks else "json_object()"
    for chunk in chunks[1:]:
        sql = f"json_patch({sql}, json_object({chunk}))"
    return sql


def _local_day_bounds(day: datetime.date, *, end: bool) -> datetime.datetime:
    moment = datetime.datetime.combine(
        day + datetime.timedelta(days=1) if end else day, datetime.time()
    )
    return timezone.make_aware(moment)


class ChangeLog:
    """Every historical record of the chosen kinds, newest first, sliceable for a Paginator.

    Counting is one query and a page is three (the page's rows across every history table in
    one UNION, their recorded fields with the record before each in a second, the people in a
    third), whatever the page size and the number of models."""

    def __init__(self, *, filters: ChangeFilters) -> None:
        models = history_models()
        if filters.model:
            models = {k: v for k, v in models.items() if k == filters.model}
        self.models = models
        self.filters = filters
        self._count: int | None = None

    def _selects(self) -> tuple[str, list[Any]]:
        quote = connection.ops.quote_name
        parts: list[str] = []
        params: list[Any] = []
        for label, historical in self.models.items():
            history_pk = _column(historical._meta.pk)  # history_id
            object_pk = _column(historical.instance_type._meta.pk)
            where: list[str] = ["1 = 1"]
            where_params: list[Any] = []
            if self.filters.user is not None:
                where.append("h.history_user_id = %s")
                where_params.append(self.filters.user.pk)
            if self.filters.since is not None:
                where.append("h.history_date >= %s")
                where_params.append(_local_day_bounds(self.filters.since, end=False))
            if self.filters.until is not None:
                where.append("h.history_date < %s")
                where_params.append(_local_day_bounds(self.filters.until, end=True))
            parts.append(
                f"SELECT %s AS label, h.{history_pk} AS history_id, "
                f"h.history_date AS history_date, h.history_user_id AS user_id, "
                f"h.history_type AS kind, h.history_change_reason AS reason, "
                f"CAST(h.{object_pk} AS VARCHAR(40)) AS object_id "
                f"FROM {quote(historical._meta.db_table)} h WHERE {' AND '.join(where)}"
            )
            params.extend([label, *where_params])
        return " UNION ALL ".join(parts), params

    def count(self) -> int:
        if self._count is None:
            if not self.models:
                self._count = 0
            else:
                sql, params = self._selects()
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS changes", params)
                    self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Change]:
        if not isinstance(index, slice):
            raise TypeError("The change log is read a page at a time")
        start, stop = index.start or 0, index.stop
        if not self.models or (stop is not None and stop <= start):
            return []
        sql, params = self._selects()
        limit = "" if stop is None else f" LIMIT {int(stop - start)}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT label, history_id, history_date, user_id, kind, reason, object_id "
                f"FROM ({sql}) AS changes "
                f"ORDER BY history_date DESC, history_id DESC, label{limit} OFFSET {int(start)}",
                params,
            )
            rows = cursor.fetchall()
        fields = self._recorded_fields(rows)
        deltas: dict[tuple[str, int], list[tuple[Any, Any, Any]]] = {}
        for label, history_id, *_rest, kind, _reason, _object_id in rows:
            current, previous = fields.get((label, history_id), (None, None))
            if current is not None and previous is not None and kind == "~":
                deltas[(label, history_id)] = _diff(self.models[label], current, previous)
        names = _names_of(rows, deltas)
        changes = []
        for label, history_id, at, user_id, kind, reason, object_id in rows:
            historical = self.models[label]
            if isinstance(at, str):  # SQLite returns the UNION's timestamps as text
                at = parse_datetime(at)
            if at is not None and timezone.is_naive(at):
                at = timezone.make_aware(at, datetime.UTC)
            user = names[User].get(user_id)
            change = Change(
                label=label,
                record_name=str(historical.instance_type._meta.verbose_name),
                object_id=object_id,
                history_id=history_id,
                at=at,
                kind=kind,
                user=user if isinstance(user, User) else None,
                reason=reason or "",
            )
            change.changes = [
                FieldChange(
                    field=str(changed_field.verbose_name),
                    old=_shown(changed_field, old, names),
                    new=_shown(changed_field, new, names),
                )
                for changed_field, old, new in deltas.get((label, history_id), [])
            ]
            changes.append(change)
        return changes

    def _recorded_fields(
        self, rows: Sequence[Sequence[Any]]
    ) -> dict[tuple[str, int], tuple[dict[str, Any] | None, dict[str, Any] | None]]:
        """The tracked fields of each row on the page and of the record before it, one query."""
        quote = connection.ops.quote_name
        by_model: dict[str, list[int]] = {}
        for row in rows:
            by_model.setdefault(row[0], []).append(row[1])
        parts: list[str] = []
        params: list[Any] = []
        for label, ids in by_model.items():
            historical = self.models[label]
            table = quote(historical._meta.db_table)
            history_pk = _column(historical._meta.pk)
            object_pk = _column(historical.instance_type._meta.pk)
            previous = (
                f"(SELECT {_json_of(historical, 'p')} FROM {table} p "
                f"WHERE p.{object_pk} = h.{object_pk} AND (p.history_date < h.history_date OR "
                f"(p.history_date = h.history_date AND p.{history_pk} < h.{history_pk})) "
                f"ORDER BY p.history_date DESC, p.{history_pk} DESC LIMIT 1)"
            )
            placeholders = ", ".join(["%s"] * len(ids))
            parts.append(
                f"SELECT %s, h.{history_pk}, {_json_of(historical, 'h')}, {previous} "
                f"FROM {table} h WHERE h.{history_pk} IN ({placeholders})"
            )
            params.extend([label, *ids])
        if not parts:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            found = cursor.fetchall()
        return {
            (label, history_id): (_loads(current), _loads(previous))
            for label, history_id, current, previous in found
        }


def _loads(value: Any) -> dict[str, Any] | None:
    """A recorded state as the database returned it: a dict (PostgreSQL) or JSON text."""
    if value is None or isinstance(value, dict):
        return value
    loaded: dict[str, Any] = json.loads(value)
    return loaded


def _diff(
    historical: HistoricalModel, current: dict[str, Any], previous: dict[str, Any]
) -> list[tuple[Field[Any, Any], Any, Any]]:
    """What changed between two recorded states, as django-simple-history's ``diff_against``
    finds it (tracked, editable fields; foreign keys by id): (field, old, new) for each."""
    fields = _tracked_fields(historical)
    new = historical(**{f.attname: current.get(f.attname) for f in fields})
    old = historical(**{f.attname: previous.get(f.attname) for f in fields})
    delta = new.diff_against(old, included_fields=[f.name for f in fields])
    by_name = {f.name: f for f in fields}
    return [(by_name[c.field], c.old, c.new) for c in delta.changes]


# Foreign keys shown by name rather than id: one query per model here, whatever the page holds.
_NAMED = (User, Council)


def _names_of(
    rows: Sequence[Sequence[Any]], deltas: dict[tuple[str, int], list[tuple[Any, Any, Any]]]
) -> dict[type[Model], dict[Any, Model]]:
    """The people who made the changes, and the people and councils the changes name."""
    wanted: dict[type[Model], set[Any]] = {User: {row[3] for row in rows if row[3] is not None}}
    for changed in deltas.values():
        for changed_field, old, new in changed:
            if changed_field.is_relation and changed_field.related_model in _NAMED:
                wanted.setdefault(changed_field.related_model, set()).update(
                    v for v in (old, new) if v is not None
                )
    found: dict[type[Model], dict[Any, Model]] = {}
    for model in _NAMED:
        found[model] = (
            dict(model._default_manager.in_bulk(wanted[model])) if wanted.get(model) else {}
        )
    return found


def _shown(field: Any, value: Any, names: dict[type[Model], dict[Any, Model]]) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation and field.related_model in names:
        named = names[field.related_model].get(value)
        if named is not None:
            return str(named)
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"
