"""Writes for concerns: a Table 2 trigger raised against a council (DOMAIN.md §3-4).

Every service is atomic, keyword-only and attributed: it locks the concern, checks that the
person may act and that the step is allowed from the concern's status, changes it (the model's
history keeps each version) and writes a :class:`ConcernEvent` saying who did what, when and why.

The workflow follows MoU 2.1 b: a concern is raised by the Planning Group (or found in the data
by the portal), shared with the council for discussion, answered by the council, and only then
confirmed ("the person undertaking the risk assessment ... will seek to discuss such concerns
with the authority before taking a final view"). A concern can be closed at any point, with a
reason. Nothing is deleted.

Soft intelligence about a named council is confidential: the council sees a concern only once
it has been shared, and then only what was shared with it (see ``selectors.concerns``).
"""

import datetime
import uuid
from collections.abc import Sequence
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.models import User
from authorities.models import Council
from notifications.models import Kind
from notifications.services import notify
from sli_portal.attachments import ATTACHMENT_MAX_BYTES, DOCUMENTS_AND_TEXT, check_attachment
from sli_portal.history import set_change_reason, set_history_user
from sli_portal.refusals import Refused
from triggers.models import (
    Concern,
    ConcernEvent,
    ConcernFile,
    ConcernStatus,
    Severity,
    Trigger,
    Visibility,
)

TITLE_MAX = 200
WRONG_TYPE = (
    "The selected file must be a PDF, Word document (.docx), Excel spreadsheet (.xlsx), "
    "PNG or JPEG image, text file (.txt) or CSV file"
)

_VISIBILITY_ORDER = [Visibility.PLANNING_GROUP, Visibility.SHARED, Visibility.BOARD_SUMMARY]


class ConcernRefused(Refused):
    """A step on a concern the portal refuses."""


def _lock(concern: Concern) -> Concern:
    return (
        Concern.objects.select_for_update().select_related("council", "trigger").get(pk=concern.pk)
    )


def _save(concern: Concern, by: User | None, reason: str) -> None:
    set_history_user(concern, by)
    set_change_reason(concern, reason[:100])
    concern.save()


def _event(concern: Concern, action: str, actor: User | None, text: str) -> ConcernEvent:
    return ConcernEvent.objects.create(concern=concern, action=action, actor=actor, text=text)


def _require_reviewer(user: User, council: Council) -> None:
    if not access.may_act_for(user, "raise_concern", council):
        raise ConcernRefused(
            "Only the SLI Planning Group, risk assessors and the regional administrator can "
            "raise and manage concerns"
        )


def _required(text: str, message: str, field: str) -> str:
    text = text.strip()
    if not text:
        raise ConcernRefused(message, field=field)
    return text


def _links(links: Sequence[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link.strip()]
    for link in cleaned:
        if not link.lower().startswith(("http://", "https://")):
            raise ConcernRefused(
                f"Each link must start with http:// or https:// ('{link[:60]}' does not)",
                field="links",
            )
    return cleaned


def _check_raise(
    council: Council,
    trigger: Trigger,
    title: str,
    evidence: str,
    raised_on: datetime.date,
    severity: str,
    visibility: str,
    raised_by: User | None,
) -> str:
    """The concern's title, once the concern passes :func:`concern_raise`'s checks in turn:
    who raises it, its title and evidence, its trigger, its date, the council, its severity and
    its visibility."""
    if raised_by is not None:
        _require_reviewer(raised_by, council)
    title = _required(title, "Enter a short title for the concern", "title")
    if len(title) > TITLE_MAX:
        raise ConcernRefused(f"The title must be {TITLE_MAX} characters or fewer", field="title")
    if raised_by is not None and not evidence.strip():
        raise ConcernRefused("Describe the evidence for the concern", field="evidence")
    if not trigger.active:
        raise ConcernRefused(
            "That trigger is no longer in use. Choose another trigger from Table 2",
            field="trigger",
        )
    if raised_on > timezone.localdate():
        raise ConcernRefused(
            "The date the concern was raised must be today or in the past", field="raised_on"
        )
    if raised_by is not None and not council.is_active_on(raised_on):
        raise ConcernRefused(
            f"{council.name} did not hold adult social care responsibility on "
            f"{raised_on:%-d %B %Y}",
            field="council",
        )
    if severity not in Severity.values:
        raise ConcernRefused("Select how serious the concern is", field="severity")
    if visibility not in (Visibility.PLANNING_GROUP, Visibility.BOARD_SUMMARY):
        raise ConcernRefused(
            "Raise the concern first, then share it with the council", field="visibility"
        )
    return title


def concern_raise(
    *,
    council: Council,
    trigger: Trigger,
    title: str,
    evidence: str,
    links: Sequence[str],
    source: str,
    raised_on: datetime.date,
    severity: str,
    visibility: str,
    raised_by: User | None,
    automatic_key: str = "",
    reasons: str = "",
    evidence_url: str = "",
) -> Concern:
    """Raise a concern against a council under one Table 2 trigger.

    A person's concern needs a title and the evidence for it; the portal's own (``raised_by``
    None) carries its ``automatic_key`` and plain-English ``reasons`` instead (its finder has
    checked the council was active in the quarter found: a council that has since ended, like
    Cumbria, can still be flagged for its past quarters). Refused when the person may not raise
    concerns, the trigger is no longer in use, the council did not hold adult social care
    responsibility that day (a person's concern), the date is in the future, or the visibility is
    "shared" (a concern is shared with :func:`concern_share`, which records the note shared).
    """
    title = _check_raise(
        council, trigger, title, evidence, raised_on, severity, visibility, raised_by
    )
    with transaction.atomic():
        concern = Concern(
            council=council,
            trigger=trigger,
            title=title,
            evidence=evidence.strip(),
            links=_links(links),
            source=source.strip()[:300],
            raised_on=raised_on,
            severity=severity,
            visibility=visibility,
            status=ConcernStatus.RAISED,
            raised_by=raised_by,
            automatic_key=automatic_key,
            reasons=reasons,
            evidence_url=evidence_url[:300],
        )
        _save(concern, raised_by, "Raised")
        _event(
            concern,
            ConcernEvent.Action.RAISED,
            raised_by,
            reasons if raised_by is None else f"Raised under '{trigger.name}'.",
        )
    return concern


@transaction.atomic
def concern_share(*, concern: Concern, shared_by: User, note: str) -> Concern:
    """Share a raised concern with the council for discussion (MoU 2.1 b). The council's users
    then see it, with ``note``: what the Planning Group would like to discuss. The concern's
    visibility becomes at least "shared with the council"."""
    concern = _lock(concern)
    _require_reviewer(shared_by, concern.council)
    note = _required(note, "Enter what you would like to discuss with the council", "note")
    if concern.status != ConcernStatus.RAISED:
        raise ConcernRefused(
            f"This concern has already been shared with {concern.council.name}", field="note"
        )
    concern.status = ConcernStatus.SHARED
    if _VISIBILITY_ORDER.index(Visibility(concern.visibility)) < 1:
        concern.visibility = Visibility.SHARED
    _save(concern, shared_by, "Shared with the council")
    _event(concern, ConcernEvent.Action.SHARED, shared_by, note)
    # The e-mail names the council, never the concern's title, evidence or note.
    council, concern_id = concern.council, concern.pk
    transaction.on_commit(
        lambda: notify(
            kind=Kind.CONCERN_SHARED,
            key=f"concern:{concern_id}:shared",
            council=council,
            subject=f"A concern has been shared with {council.name} for discussion",
            paragraphs=[
                f"The SLI Planning Group has shared a concern with {council.name} for "
                "discussion. It would like to hear the council's view before any final view is "
                "taken.",
                "Sign in to the portal to read it and respond. For confidentiality, this e-mail "
                "does not include the concern itself.",
            ],
            path=reverse("triggers:concern_respond", args=[council.slug, concern_id]),
        ),
        robust=True,
    )
    return concern


@transaction.atomic
def concern_respond(*, concern: Concern, response: str, responded_by: User) -> Concern:
    """Record the council's response to a concern shared with it. Only the council's own
    director or performance lead may respond, and only while the concern is shared (a second
    response is added to the first); a concern not yet shared, confirmed or closed is refused."""
    concern = _lock(concern)
    if not access.may_act_for(responded_by, "respond_to_concern", concern.council):
        raise ConcernRefused(
            f"Only {concern.council.name}'s own director or performance lead can respond to "
            "this concern",
            field="response",
        )
    response = _required(response, "Enter the council's response", "response")
    if concern.status == ConcernStatus.RAISED:
        raise ConcernRefused(
            "This concern has not been shared with the council, so it cannot be responded to",
            field="response",
        )
    if concern.status not in (ConcernStatus.SHARED, ConcernStatus.RESPONDED):
        raise ConcernRefused(
            f"This concern is {concern.get_status_display().lower()}, so it can no longer be "
            "responded to",
            field="response",
        )
    concern.status = ConcernStatus.RESPONDED
    _save(concern, responded_by, "Council responded")
    _event(concern, ConcernEvent.Action.RESPONDED, responded_by, response)
    return concern


@transaction.atomic
def concern_confirm(
    *, concern: Concern, by: User, reason: str, board_summary: bool = False
) -> Concern:
    """Confirm a concern after discussing it with the council: only once it has been shared
    (MoU 2.1 b: the assessor discusses concerns with the authority before taking a final view).
    A reason is required. With ``board_summary`` the concern is included in the board's summary
    (council, trigger, severity and status; never the evidence)."""
    concern = _lock(concern)
    _require_reviewer(by, concern.council)
    reason = _required(reason, "Enter the reason for confirming the concern", "reason")
    if concern.status == ConcernStatus.RAISED:
        raise ConcernRefused(
            "Share the concern with the council and discuss it before confirming it",
            field="reason",
        )
    if concern.status not in (ConcernStatus.SHARED, ConcernStatus.RESPONDED):
        raise ConcernRefused(
            f"This concern is already {concern.get_status_display().lower()}", field="reason"
        )
    concern.status = ConcernStatus.CONFIRMED
    if board_summary:
        concern.visibility = Visibility.BOARD_SUMMARY
        reason = f"{reason}\n\nIncluded in the board's summary."
    _save(concern, by, "Confirmed")
    _event(concern, ConcernEvent.Action.CONFIRMED, by, reason)
    return concern


@transaction.atomic
def concern_close(*, concern: Concern, by: User, reason: str) -> Concern:
    """Close a concern, at any stage, with the reason (resolved, unfounded, superseded...).
    A closed concern is kept with its history; it is never deleted."""
    concern = _lock(concern)
    _require_reviewer(by, concern.council)
    reason = _required(reason, "Enter the reason for closing the concern", "reason")
    if concern.status == ConcernStatus.CLOSED:
        raise ConcernRefused("This concern is already closed", field="reason")
    concern.status = ConcernStatus.CLOSED
    concern.held_open = False
    _save(concern, by, "Closed")
    _event(concern, ConcernEvent.Action.CLOSED, by, reason)
    return concern


EDIT_AFTER_SHARING = (
    "This concern has been shared with the council, so its title, trigger and evidence can no "
    "longer be changed. Add what is new as a file or in a new concern"
)


@transaction.atomic
def concern_edit(
    *, concern: Concern, title: str, trigger: Trigger, evidence: str, edited_by: User
) -> Concern:
    """Correct a concern's title, trigger and evidence before it is shared with the council:
    by the person who raised it or the Planning Group. Every change is kept (the model's
    history and an EDITED event naming what changed); refused once shared, confirmed or
    closed, and when nothing changed."""
    concern = _lock(concern)
    if not access.may_edit_concern(
        edited_by, council_id=concern.council_id, raised_by_id=concern.raised_by_id
    ):
        raise ConcernRefused(
            "Only the person who raised this concern or the SLI Planning Group can change it"
        )
    if concern.status != ConcernStatus.RAISED:
        raise ConcernRefused(EDIT_AFTER_SHARING, field="title")
    title = _required(title, "Enter a short title for the concern", "title")
    if len(title) > TITLE_MAX:
        raise ConcernRefused(f"The title must be {TITLE_MAX} characters or fewer", field="title")
    evidence = evidence.strip()
    if concern.raised_by_id is not None and not evidence:
        raise ConcernRefused("Describe the evidence for the concern", field="evidence")
    if not trigger.active and trigger.pk != concern.trigger_id:
        raise ConcernRefused(
            "That trigger is no longer in use. Choose another trigger from Table 2",
            field="trigger",
        )
    changed = [
        label
        for label, before, after in (
            ("title", concern.title, title),
            ("trigger", concern.trigger_id, trigger.pk),
            ("evidence", concern.evidence, evidence),
        )
        if before != after
    ]
    if not changed:
        raise ConcernRefused("Nothing was changed", field="title")
    was = f"Was: '{concern.title}' under '{concern.trigger.name}'."
    concern.title, concern.trigger, concern.evidence = title, trigger, evidence
    concern.new_evidence_at = timezone.now()
    _save(concern, edited_by, "Edited")
    _event(concern, ConcernEvent.Action.EDITED, edited_by, f"Changed {', '.join(changed)}. {was}")
    return concern


@transaction.atomic
def concern_reopen(*, concern: Concern, by: User, reason: str) -> Concern:
    """Reopen a closed concern, or an automatic flag the portal has cleared, with the reason.
    A flag a person reopens is kept open: the portal no longer clears it on its own."""
    concern = _lock(concern)
    _require_reviewer(by, concern.council)
    reason = _required(reason, "Enter the reason for reopening the concern", "reason")
    if concern.status != ConcernStatus.CLOSED and concern.condition_cleared_on is None:
        raise ConcernRefused("This concern is already open", field="reason")
    if concern.status == ConcernStatus.CLOSED:
        concern.status = ConcernStatus.RAISED
    concern.condition_cleared_on = None
    concern.held_open = concern.is_automatic
    _save(concern, by, "Reopened")
    _event(concern, ConcernEvent.Action.REOPENED, by, reason)
    return concern


def check_concern_file(*, name: str, size: int, content: bytes) -> str | None:
    """Why a file may not be attached to a concern, or None. Pure.

    Allowed: PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, text and CSV files smaller than
    10 MB, where the extension AND the content agree, without macros
    (:func:`sli_portal.attachments.check_attachment`). An executable renamed .pdf is refused."""
    return check_attachment(
        name=name, size=size, content=content, allowed=DOCUMENTS_AND_TEXT, wrong_type=WRONG_TYPE
    )


def concern_attach(
    *, concern: Concern, file: UploadedFile[bytes], uploaded_by: User
) -> ConcernFile:
    """Attach a file of evidence to a concern. Checked first (type by extension and content,
    size under 10 MB): refused with nothing saved. Stored under MEDIA_ROOT, outside the web
    root, by a random name; served only through the access-checked download view."""
    name = PurePath(file.name or "").name
    size = file.size or 0
    content = file.read(ATTACHMENT_MAX_BYTES + 1)
    problem = check_concern_file(name=name, size=max(size, len(content)), content=content)
    if problem is not None:
        raise ConcernRefused(problem, field="file")
    with transaction.atomic():
        concern = _lock(concern)
        _require_reviewer(uploaded_by, concern.council)
        if concern.status == ConcernStatus.CLOSED:
            raise ConcernRefused(
                "This concern is closed, so no files can be added to it", field="file"
            )
        attached = ConcernFile(concern=concern, original_name=name[:255], uploaded_by=uploaded_by)
        stored = f"{concern.pk}/{uuid.uuid4().hex}{PurePath(name).suffix.lower()}"
        attached.file.save(stored, ContentFile(content), save=False)
        try:
            with transaction.atomic():
                attached.save()
                _event(concern, ConcernEvent.Action.EDITED, uploaded_by, f"Attached {name}")
        except Exception:
            attached.file.delete(save=False)
            raise
    return attached
