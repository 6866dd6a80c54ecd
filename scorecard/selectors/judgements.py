"""The history of a council's judgements and narrative for a quarter, from simple-history."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accounts import access
from accounts.access import AnyUser
from accounts.models import User
from authorities.models import Council
from returns.models import Domain, Period
from scorecard.models import Judgement, Narrative, QualityStatement, Rating


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    is_text: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    action: str
    changes: list[Change]


JUDGEMENT_FIELDS: list[tuple[str, str, bool]] = [
    ("rating", "Draft rating", False),
    ("commentary", "Public commentary (draft)", True),
    ("internal_commentary", "Internal commentary", True),
    ("published_rating", "Published rating", False),
    ("published_commentary", "Published commentary", True),
]
NARRATIVE_FIELDS: list[tuple[str, str, bool]] = [
    ("generated_text", "Draft from the figures", True),
    ("text", "Narrative", True),
    ("published_text", "Published narrative", True),
]
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _display(name: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    if name in ("rating", "published_rating"):
        return str(Rating(value).label)
    return str(value)


def _diff(fields: Sequence[tuple[str, str, bool]], before: Any | None, after: Any) -> list[Change]:
    changes = []
    for name, label, is_text in fields:
        old = _display(name, getattr(before, name)) if before is not None else ""
        new = _display(name, getattr(after, name))
        if old != new:
            changes.append(Change(label, old, new, is_text))
    return changes


def judgement_history_list(
    *, council: Council, period: Period, fetched_by: AnyUser
) -> list[HistoryEntry]:
    """Who changed which judgement or the narrative, when and how, newest first, from
    simple-history; internal commentary only for a reader who may see it. Four queries whatever
    the number of changes."""
    show_internal = bool(access.can_view_internal_commentary(fetched_by))
    fields = [f for f in JUDGEMENT_FIELDS if show_internal or f[0] != "internal_commentary"]
    entries = _judgement_entries(council, period, fields) + _narrative_entries(council, period)
    return [e for _, e in sorted(enumerate(entries), key=lambda p: (p[1].when, p[0]), reverse=True)]


def _judgement_entries(
    council: Council, period: Period, fields: Sequence[tuple[str, str, bool]]
) -> list[HistoryEntry]:
    """Each saved version of the six judgements, oldest first, with what it changed. Three
    queries."""
    history = Judgement.history.model
    records = list(
        history.objects.filter(council=council, period=period)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    tagged = _statements_by_version(history, records)
    names = {qs.pk: f"{qs.number}. {qs.name}" for qs in QualityStatement.objects.all()}
    domains = dict(Domain.choices)
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.id)
        changes = _diff(fields, before, record)
        old_tags = sorted(tagged.get(before.history_id, [])) if before is not None else []
        new_tags = sorted(tagged.get(record.history_id, []))
        if old_tags != new_tags:
            changes.append(
                Change(
                    "CQC quality statements",
                    "; ".join(names.get(pk, "") for pk in old_tags),
                    "; ".join(names.get(pk, "") for pk in new_tags),
                )
            )
        published_now = before is not None and record.published_at != before.published_at
        if published_now and record.published_at:
            changes.append(Change("Published", "", "Published to the public scorecard"))
        entries.append(_entry(record, str(domains.get(record.domain, record.domain)), changes))
        previous[record.id] = record
    return entries


def _statements_by_version(history: Any, records: list[Any]) -> dict[int, list[int]]:
    """The quality statements tagged on each saved version of a judgement. One query."""
    m2m = history._meta.get_field("historicaljudgement_quality_statements").related_model
    tagged: dict[int, list[int]] = {}
    for history_id, statement_id in m2m.objects.filter(
        history__in=[r.history_id for r in records]
    ).values_list("history_id", "qualitystatement_id"):
        tagged.setdefault(history_id, []).append(statement_id)
    return tagged


def _narrative_entries(council: Council, period: Period) -> list[HistoryEntry]:
    """Each saved version of the narrative, oldest first, with what it changed. One query."""
    narrative_history = Narrative.history.model
    entries: list[HistoryEntry] = []
    before = None
    for record in (
        narrative_history.objects.filter(council=council, period=period)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        entries.append(_entry(record, "Narrative", _diff(NARRATIVE_FIELDS, before, record)))
        before = record
    return entries


def _entry(record: Any, what: str, changes: list[Change]) -> HistoryEntry:
    return HistoryEntry(
        when=record.history_date,
        who=_who(record.history_user),
        what=what,
        action=ACTIONS.get(record.history_type, "Changed"),
        changes=changes,
    )


def _who(user: User | None) -> str:
    if user is None:
        return "The portal"
    return user.get_full_name() or user.email
