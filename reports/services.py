"""Writes for the Regional Account: request a version, render it (the task's work), publish and
withdraw. Every generation is a new version; nothing is overwritten (DOMAIN.md 8)."""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.models import Kind
from notifications.services import notify
from reports.assembly import (
    AUTHOR,
    NoAccountData,
    RegionalAccountData,
    Scope,
    account_assemble,
    manifest_digest,
    scope_resolve,
)
from reports.models import KeyMessage, RegionalAccount, Status, Topic
from sli_portal.celery import broker_reachable, send_after_commit
from sli_portal.financial_years import year_label
from sli_portal.history import set_change_reason
from sli_portal.pdf import render_pdf
from sli_portal.refusals import Refused

logger = logging.getLogger(__name__)

TEMPLATE = "reports/regional_account.html"
FAILED_MESSAGE = "Something went wrong while producing the Regional Account. Nothing was stored."
# Progress in percent at each step; the layout runs from LAYOUT_START to LAYOUT_END.
READING, LAYOUT_START, LAYOUT_END, WRITING, STORING = 5, 15, 80, 85, 95
# A first guess at the page count, for the layout's share of the progress bar.
PAGES_PER_COUNCIL, FIXED_PAGES = 3, 8


class AccountRefused(Refused):
    """A step with a version of the Regional Account the portal refuses."""


@dataclass(frozen=True)
class RenderedAccount:
    content: bytes
    pages: int
    data: RegionalAccountData


def account_render(
    *,
    scope: Scope,
    version_number: int | None,
    generated_at: object,
    progress: Callable[[int, str], None] | None = None,
) -> RenderedAccount:
    """Assemble and render the Account for ``scope`` (no writes): the one rendering used by the
    task, the management command and the benchmark. The reads run in one snapshot on
    PostgreSQL, so the manifest describes exactly the data shown."""
    report = progress or (lambda _percent, _step: None)
    report(READING, "Reading the published scorecard, comparators and Local Accounts")
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        data = account_assemble(scope=scope)
    report(LAYOUT_START, "Laying out the pages")
    expected = FIXED_PAGES + PAGES_PER_COUNCIL * len(data.councils)
    last_reported = [LAYOUT_START]

    def on_layout(stage: str, page: int) -> None:
        if stage == "layout":
            share = min(page / expected, 1.0)
            percent = LAYOUT_START + int(share * (LAYOUT_END - LAYOUT_START))
            # Layout runs twice for the contents' page numbers: never move backwards.
            if percent > last_reported[0]:
                last_reported[0] = percent
                report(percent, f"Laying out the pages (page {page})")
        elif stage == "pdf":
            report(WRITING, f"Writing the PDF ({page} pages)")

    pages: list[int] = []
    content = render_pdf(
        TEMPLATE,
        {"account": data, "version_number": version_number, "generated_at": generated_at},
        title=data.title,
        author=AUTHOR,
        progress=on_layout,
        on_pages=pages.append,
    )
    return RenderedAccount(content=content, pages=pages[0] if pages else 0, data=data)


@transaction.atomic
def regional_account_request(
    *, year: int, quarter: int | None = None, requested_by: User | None
) -> RegionalAccount:
    """Queue a new version of the Account for ``year`` (optionally up to ``quarter``) and enqueue
    its rendering after commit. Refused (:class:`AccountRefused`) when there is nothing
    published for that year. The version number is the year's next."""
    try:
        scope = scope_resolve(year=year, quarter=quarter)
    except NoAccountData as exc:
        raise AccountRefused(exc.message) from exc
    if not broker_reachable():
        raise AccountRefused(
            "The portal cannot produce the Account at the moment, so no version was made. "
            "Published versions are unchanged. Please try again in a few minutes."
        )
    from reports.tasks import regional_account_render_task

    account = _new_version(scope, requested_by)
    # If the broker refuses after all, the version stays queued and the job sweeper sends it.
    send_after_commit(regional_account_render_task, account.pk)
    return account


def _new_version(scope: Scope, requested_by: User | None) -> RegionalAccount:
    # Serialise numbering within a year: the unique constraint is the backstop.
    number = (
        RegionalAccount.objects.select_for_update()
        .filter(year=scope.year)
        .aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    return RegionalAccount.objects.create(
        year=scope.year,
        up_to=scope.up_to,
        number=number,
        generated_by=requested_by,
        period_label=scope.period.label,
        step=Status.QUEUED.label,
    )


def _progress(account_id: int) -> Callable[[int, str], None]:
    def report(percent: int, step: str) -> None:
        RegionalAccount.objects.filter(pk=account_id, status=Status.RENDERING).update(
            progress=max(1, min(percent, 99)), step=step[:120]
        )

    return report


def regional_account_render(*, account_id: int) -> RegionalAccount:
    """Produce a queued version: assemble, render, store the PDF with its SHA-256, size, page
    count and manifest. Idempotent: only a queued version is taken (compare-and-set), so a job
    delivered twice runs once. On failure the version is left failed with a message, and no
    file is stored: the row points at a file only once it is completely written."""
    now = timezone.now()
    taken = RegionalAccount.objects.filter(pk=account_id, status=Status.QUEUED).update(
        status=Status.RENDERING, started_at=now, progress=1, step="Starting"
    )
    account = RegionalAccount.objects.select_related("up_to").get(pk=account_id)
    if not taken:
        return account
    account.attempts += 1
    set_change_reason(account, "Rendering started")
    account.save(update_fields=["attempts"])
    stored_name = ""
    try:
        scope = scope_resolve(
            year=account.year, quarter=account.up_to.quarter if account.up_to else None
        )
        rendered = account_render(
            scope=scope,
            version_number=account.number,
            generated_at=timezone.localtime(account.generated_at),
            progress=_progress(account_id),
        )
        _progress(account_id)(STORING, "Storing the PDF")
        account.sha256 = hashlib.sha256(rendered.content).hexdigest()
        stored_name = account.file.storage.save(
            account.file.field.generate_filename(account, "account.pdf"),
            ContentFile(rendered.content),
        )
        _mark_rendered(
            account_id,
            stored_name=stored_name,
            sha256=account.sha256,
            rendered=rendered,
            scope=scope,
        )
    except Exception as exc:
        logger.exception("Producing Regional Account %s failed", account_id)
        if stored_name:
            account.file.storage.delete(stored_name)
        _mark_failed(account_id, exc)
    account.refresh_from_db()
    return account


@transaction.atomic
def _mark_rendered(
    account_id: int, *, stored_name: str, sha256: str, rendered: RenderedAccount, scope: Scope
) -> None:
    """The version is rendered, with its stored file; refused if it was changed meanwhile."""
    locked = RegionalAccount.objects.select_for_update().get(pk=account_id)
    if locked.status != Status.RENDERING:
        raise RuntimeError("The version was changed while it was being produced.")
    locked.status = Status.RENDERED
    locked.progress = 100
    locked.step = Status.RENDERED.label
    locked.file.name = stored_name
    locked.sha256 = sha256
    locked.size = len(rendered.content)
    locked.page_count = rendered.pages
    locked.period_label = scope.period.label
    locked.manifest = rendered.data.manifest
    locked.manifest_sha256 = manifest_digest(rendered.data.manifest)
    locked.finished_at = timezone.now()
    set_change_reason(locked, "Rendered")
    locked.save()


@transaction.atomic
def _mark_failed(account_id: int, exc: Exception) -> None:
    """The version failed, with a message for the administrator and no file."""
    failed = RegionalAccount.objects.select_for_update().get(pk=account_id)
    failed.status = Status.FAILED
    failed.step = Status.FAILED.label
    failed.error_message = exc.message if isinstance(exc, NoAccountData) else FAILED_MESSAGE
    failed.file.name = ""
    failed.sha256 = ""
    failed.finished_at = timezone.now()
    set_change_reason(failed, "Failed")
    failed.save()


def unedited_key_messages(account: RegionalAccount) -> list[str]:
    """The key messages a version printed as the portal's unedited draft (every topic, for a
    version produced before key messages were recorded)."""
    recorded = account.manifest.get("key_messages") or {}
    return [str(label) for topic, label in Topic.choices if not recorded.get(topic)]


@transaction.atomic
def key_message_edit(
    *, year: int, topic: str, draft: str, text: str, edited_by: User
) -> KeyMessage:
    """Record the Planning Group's wording of a key message, with the portal's draft it was
    edited from. Earlier wordings stay in the history. Refused when the wording is the draft
    unchanged: the Board reads the Planning Group's words, not the portal's."""
    if topic not in Topic.values:
        raise AccountRefused("That is not one of the Account's key messages.")
    wording = text.strip()
    if not wording:
        raise AccountRefused("Enter the key message")
    if " ".join(wording.split()) == " ".join(draft.split()):
        raise AccountRefused(
            "Edit the portal's draft before saving: the key message must be the Planning "
            "Group's own words"
        )
    message, _created = KeyMessage.objects.select_for_update().get_or_create(
        year=year,
        topic=topic,
        defaults={
            "draft": draft,
            "text": wording,
            "edited_by": edited_by,
            "edited_at": timezone.now(),
        },
    )
    if not _created:
        message.draft = draft
        message.text = wording
        message.edited_by = edited_by
        message.edited_at = timezone.now()
        set_change_reason(message, "Edited")
        message.save()
    return message


@transaction.atomic
def regional_account_publish(*, account: RegionalAccount, published_by: User) -> RegionalAccount:
    """Publish a rendered version: it becomes the latest published one (the stable URL).
    Older published versions stay published and listed; nothing is overwritten."""
    locked = RegionalAccount.objects.select_for_update().get(pk=account.pk)
    if locked.status != Status.RENDERED:
        raise AccountRefused(
            "Only a version that has been produced and not published can be published."
        )
    drafts = unedited_key_messages(locked)
    if drafts:
        raise AccountRefused(
            "This version cannot be published: its key messages "
            f"({', '.join(drafts)}) are still the portal's draft. The Planning Group edits "
            "them on the key messages page; then produce a new version and publish that."
        )
    locked.status = Status.PUBLISHED
    locked.published_by = published_by
    locked.published_at = timezone.now()
    set_change_reason(locked, "Published")
    locked.save()
    transaction.on_commit(lambda: _published_notify(locked), robust=True)
    return locked


def _published_notify(account: RegionalAccount) -> None:
    label = year_label(account.year)
    figures = f", with figures to {account.period_label}," if account.period_label else ""
    notify(
        kind=Kind.REGIONAL_ACCOUNT_PUBLISHED,
        key=f"regional-account:{account.pk}",
        subject=f"The Regional Account for {label} has been published",
        paragraphs=[
            f"Version {account.number} of the North West Regional Account for {label}{figures} "
            "has been published on the NW SLI Portal.",
        ],
        path=reverse("reports:list"),
    )


@transaction.atomic
def regional_account_withdraw(
    *, account: RegionalAccount, withdrawn_by: User, reason: str
) -> RegionalAccount:
    """Withdraw a published version (its file is kept, for the administrator only); the stable
    URL then serves the latest version still published."""
    locked = RegionalAccount.objects.select_for_update().get(pk=account.pk)
    if locked.status != Status.PUBLISHED:
        raise AccountRefused("Only a published version can be withdrawn.")
    locked.status = Status.WITHDRAWN
    locked.withdrawn_by = withdrawn_by
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason.strip()[:500]
    set_change_reason(locked, "Withdrawn")
    locked.save()
    return locked


def regional_account_produce_now(
    *, year: int, quarter: int | None = None, requested_by: User | None
) -> RegionalAccount:
    """Queue a version and render it at once in this process (for demonstration data and
    scripts, where no worker runs). Same rules as :func:`regional_account_request`."""
    try:
        scope = scope_resolve(year=year, quarter=quarter)
    except NoAccountData as exc:
        raise AccountRefused(exc.message) from exc
    with transaction.atomic():
        account = _new_version(scope, requested_by)
    return regional_account_render(account_id=account.pk)
