"""Writes for the regional excellence directory: the "self help" directory of Table 1, where a
council publishes what it is good at and is willing to share (MoU 2.1 c, f).

An entry is drafted by the council (or accepted from the portal's suggestion), published for
every signed-in user, endorsed by the Planning Group, and archived when it no longer holds.
Nothing is deleted; every change keeps its history.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.models import Measure
from sli_portal.history import without_history
from support import validation
from support.models import StrengthEntry
from support.services.common import SupportRefused, save

ARCHIVED_LOCKED = "This entry is archived, so it can no longer be changed"


def _clean(
    *,
    topic: str,
    description: str,
    domains: Sequence[str],
    contact_role: str,
    evidence_links: Sequence[str],
) -> dict[str, object]:
    if not topic.strip():
        raise SupportRefused("Enter the topic of the strength")
    if not description.strip():
        raise SupportRefused("Enter a description of the strength")
    try:
        return {
            "topic": topic.strip(),
            "description": description.strip(),
            "domains": validation.clean_domains(domains),
            "contact_role": validation.clean_contact_role(contact_role),
            "evidence_links": validation.clean_links(evidence_links),
        }
    except ValueError as exc:
        raise SupportRefused(str(exc)) from exc


def _set_measures(entry: StrengthEntry, measures: Sequence[Measure]) -> bool:
    """Set the entry's measures; True if they changed. One history row for the new set is
    written by the entry's next save, not one per measure added or removed."""
    if set(entry.measures.values_list("pk", flat=True)) == {m.pk for m in measures}:
        return False
    with without_history(entry):
        entry.measures.set(measures)
    return True


def strength_entry_create(
    *,
    council: Council,
    topic: str,
    description: str,
    contact_role: str,
    measures: Sequence[Measure] = (),
    domains: Sequence[str] = (),
    evidence: str = "",
    evidence_links: Sequence[str] = (),
    source: str = StrengthEntry.Source.COUNCIL,
    suggestion_basis: str = "",
    created_by: User,
) -> StrengthEntry:
    """A draft directory entry for ``council``. ``source`` is SUGGESTION when the council
    accepted one of :func:`support.services.strength_suggestions`, whose reason goes in
    ``suggestion_basis``. The role to contact is a role title, never a person's details."""
    fields = _clean(
        topic=topic,
        description=description,
        domains=domains,
        contact_role=contact_role,
        evidence_links=evidence_links,
    )
    if source not in StrengthEntry.Source.values:
        raise SupportRefused("Choose where the entry comes from")
    with transaction.atomic():
        entry = StrengthEntry(
            council=council,
            evidence=evidence.strip(),
            source=source,
            suggestion_basis=suggestion_basis.strip(),
            created_by=created_by,
            **fields,
        )
        save(entry, by=created_by)
        if _set_measures(entry, measures):
            save(entry, by=created_by, fields=["updated_at"])
    return entry


def strength_entry_update(
    *,
    entry: StrengthEntry,
    topic: str,
    description: str,
    contact_role: str,
    measures: Sequence[Measure] = (),
    domains: Sequence[str] = (),
    evidence: str = "",
    evidence_links: Sequence[str] = (),
    updated_by: User,
) -> StrengthEntry:
    """Change an entry's content. A published entry stays published; if it was endorsed and
    its content changes, the endorsement lapses, because the Planning Group endorsed what the
    entry said then (the history keeps both)."""
    fields = _clean(
        topic=topic,
        description=description,
        domains=domains,
        contact_role=contact_role,
        evidence_links=evidence_links,
    )
    fields["evidence"] = evidence.strip()
    with transaction.atomic():
        locked = StrengthEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status == StrengthEntry.Status.ARCHIVED:
            raise SupportRefused(ARCHIVED_LOCKED)
        changed = any(getattr(locked, name) != value for name, value in fields.items())
        changed = _set_measures(locked, measures) or changed
        if not changed:
            return locked
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.endorsed_at = None
        locked.endorsed_by = None
        save(locked, by=updated_by)
    return locked


def strength_entry_publish(*, entry: StrengthEntry, published_by: User) -> StrengthEntry:
    """Publish a draft entry: from now on every signed-in user finds it in the directory."""
    with transaction.atomic():
        locked = StrengthEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status == StrengthEntry.Status.PUBLISHED:
            return locked
        if locked.status == StrengthEntry.Status.ARCHIVED:
            raise SupportRefused(ARCHIVED_LOCKED)
        locked.status = StrengthEntry.Status.PUBLISHED
        locked.published_at = timezone.now()
        save(locked, by=published_by)
    return locked


def strength_entry_archive(*, entry: StrengthEntry, archived_by: User) -> StrengthEntry:
    """Take an entry out of the directory for good (it is kept, with its history)."""
    with transaction.atomic():
        locked = StrengthEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status == StrengthEntry.Status.ARCHIVED:
            return locked
        locked.status = StrengthEntry.Status.ARCHIVED
        locked.endorsed_at = None
        locked.endorsed_by = None
        save(locked, by=archived_by)
    return locked


def strength_entry_endorse(*, entry: StrengthEntry, endorsed_by: User) -> StrengthEntry:
    """The Planning Group's endorsement of a published entry: the matching tool counts an
    endorsed entry as stronger evidence than the council's own word."""
    with transaction.atomic():
        locked = StrengthEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != StrengthEntry.Status.PUBLISHED:
            raise SupportRefused("Only a published entry can be endorsed")
        if locked.endorsed_at is not None:
            return locked
        locked.endorsed_at = timezone.now()
        locked.endorsed_by = endorsed_by
        save(locked, by=endorsed_by)
    return locked
