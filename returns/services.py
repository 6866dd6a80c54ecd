"""Writes for quarterly returns: atomic, keyword-only, attributed, recorded as ReturnEvents.

A return is never edited in place. Each valid upload becomes a new immutable version (n+1);
submitting, accepting and reopening are recorded with who, when and why. Jobs are queued
(:func:`sli_portal.celery.send_after_commit`) and ``return_accepted`` is sent
(:func:`sli_portal.signals.send_signal_after_commit`) after commit, so a rolled-back upload or
acceptance starts nothing.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.catalogue import tier_section_order
from returns.models import (
    POLARITY_DECLARED,
    POLARITY_WITHDRAWN,
    Measure,
    Period,
    Return,
    ReturnEvent,
    ReturnStatus,
    ReturnUpload,
    ReturnValue,
    ReturnVersion,
    UploadState,
)
from returns.notifications import return_accepted_notify, upload_checked_notify
from returns.signals import measure_polarity_declared, return_accepted
from returns.validation import MeasureSpec, ValidationResult, validate_return
from sli_portal.celery import broker_reachable, send_after_commit
from sli_portal.history import set_change_reason, set_history_user
from sli_portal.refusals import Refused
from sli_portal.signals import send_signal_after_commit
from sli_portal.uploads import check_upload

logger = logging.getLogger(__name__)

BROKER_DOWN_MESSAGE = (
    "The portal cannot check files at the moment, so your file was not uploaded. "
    "Your earlier versions are unchanged. Please try again in a few minutes."
)
CHECK_FAILED_MESSAGE = (
    "Something went wrong while checking the file. Nothing from it was saved. "
    "Please upload it again."
)


class ReturnRefused(Refused):
    """A request about a return the portal refuses; ``upload`` is the stored upload it is
    about, if any."""

    def __init__(self, message: str, *, upload: ReturnUpload | None = None) -> None:
        super().__init__(message)
        self.upload = upload


@dataclass(frozen=True)
class UploadOutcome:
    upload: ReturnUpload
    duplicate_of: ReturnUpload | None = None
    # Stored, but its check could not be queued yet: the job sweeper queues it later.
    waiting: bool = False


class _Superseded(Exception):
    """This run no longer owns the upload (it was re-queued after being taken for stuck)."""


def period_ensure(*, year: int, quarter: int) -> Period:
    """A quarter, created with the default window if new: uploads open the day after the
    quarter ends, the deadline is 45 days later and uploads close after 90 days. An existing
    quarter keeps the dates the administrator set."""
    opens = Period(year=year, quarter=quarter).ends_on + datetime.timedelta(days=1)
    period, _ = Period.objects.get_or_create(
        year=year,
        quarter=quarter,
        defaults={
            "opens_on": opens,
            "deadline": opens + datetime.timedelta(days=44),
            "closes_on": opens + datetime.timedelta(days=90),
        },
    )
    return period


def return_get_or_create(*, council: Council, period: Period) -> Return:
    ret, _ = Return.objects.get_or_create(council=council, period=period)
    return ret


def _lock(ret: Return) -> Return:
    return Return.objects.select_for_update().get(pk=ret.pk)


def return_upload_create(
    *,
    council: Council,
    period: Period,
    file: UploadedFile[bytes],
    uploaded_by: User,
    reason: str = "",
    today: datetime.date | None = None,
) -> UploadOutcome:
    """Store an uploaded file and queue the job that checks it.

    Refused (nothing stored) when the period is not open, the return is submitted or accepted,
    the file is of the wrong type or size, or the task broker cannot be reached (so no file is
    left that nothing will check). If the broker fails after the file is stored, the upload
    stays queued (``waiting``) and the job sweeper queues it later. The same file uploaded twice
    for a return is recognised by its SHA-256 and not stored again (a double-clicked upload
    makes one job).
    """
    from returns.tasks import return_upload_validate_task

    name = file.name or "upload"
    _refuse_upload(period=period, name=name, size=file.size or 0, today=today)
    content = file.read(settings.RETURN_UPLOAD_MAX_BYTES + 1)
    with transaction.atomic():
        ret = _lock(return_get_or_create(council=council, period=period))
        if ret.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
            raise ReturnRefused(
                f"{council.name}'s return for {period.label} is {ret.get_status_display().lower()}, "
                "so no new file can be uploaded. Ask the regional administrator to reopen it."
            )
        upload, stored = _upload_store(
            ret, name=name, content=content, reason=reason, uploaded_by=uploaded_by
        )
        if not stored:
            return UploadOutcome(upload=upload, duplicate_of=upload)
        ReturnEvent.objects.create(
            return_obj=ret,
            upload=upload,
            action=ReturnEvent.Action.UPLOADED,
            actor=uploaded_by,
            reason=upload.reason,
        )
        queued = send_after_commit(return_upload_validate_task, upload.pk)
    upload.refresh_from_db()
    return UploadOutcome(upload=upload, waiting=queued.refused)


def _refuse_upload(*, period: Period, name: str, size: int, today: datetime.date | None) -> None:
    """The refusals made before anything is read or stored, in the order the officer meets
    them: the quarter is not open, the file is of the wrong type or size, no worker could be
    asked to check it."""
    if not period.is_open(today or timezone.localdate()):
        raise ReturnRefused(
            f"Returns for {period.label} can be uploaded from {period.opens_on:%-d %B %Y} "
            f"to {period.closes_on:%-d %B %Y}."
        )
    problem = check_upload(name=name, size=size)
    if problem is not None:
        raise ReturnRefused(problem.message)
    if not broker_reachable():
        raise ReturnRefused(BROKER_DOWN_MESSAGE)


def _upload_store(
    ret: Return, *, name: str, content: bytes, reason: str, uploaded_by: User
) -> tuple[ReturnUpload, bool]:
    """The return's new upload of ``content`` and True; or the upload of the same file already
    stored (same SHA-256, also when a concurrent request stored it first) and False."""
    sha256 = hashlib.sha256(content).hexdigest()
    existing = ret.uploads.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    upload = ReturnUpload(
        return_obj=ret,
        original_name=name[:255],
        size=len(content),
        sha256=sha256,
        reason=reason.strip(),
        uploaded_by=uploaded_by,
    )
    upload.file.save(name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            upload.save()
    except IntegrityError:
        upload.file.delete(save=False)
        return ret.uploads.get(sha256=sha256), False
    return upload, True


def return_items() -> list[Measure]:
    """The items a council is asked for in its return, by tier and TEASC section."""
    return sorted(Measure.objects.in_return(), key=tier_section_order)


def measure_specs() -> list[MeasureSpec]:
    return [MeasureSpec.from_measure(m) for m in return_items()]


def national_item_sources() -> dict[str, str]:
    """Each nationally published item's code, with who publishes it."""
    return dict(Measure.objects.published_nationally().values_list("code", "framework_version"))


def return_upload_validate(*, upload_id: int) -> ReturnUpload:
    """Check an uploaded file and, if every row is valid, store its figures as the next version
    in one transaction; otherwise store nothing but the list of problems.

    Idempotent: only a queued upload is taken (compare-and-set, counting the attempt in the same
    update), so a job delivered twice runs once. The run stores only while the upload is still
    the one it took (same ``started_at``): a run the job sweeper gave up on stores nothing. If
    anything fails the upload is left in a clear failed state with no figures stored.
    """
    started = timezone.now()
    taken = ReturnUpload.objects.filter(pk=upload_id, state=UploadState.QUEUED).update(
        state=UploadState.VALIDATING, started_at=started, progress=1, attempts=F("attempts") + 1
    )
    upload = ReturnUpload.objects.select_related("return_obj__council", "return_obj__period").get(
        pk=upload_id
    )
    if not taken:
        return upload
    ours = ReturnUpload.objects.filter(
        pk=upload_id, state=UploadState.VALIDATING, started_at=started
    )
    try:
        result = _upload_check(upload)
        with transaction.atomic():
            if not ours.select_for_update().exists():
                raise _Superseded
            if result.is_valid:
                _store_version(upload, result)
            else:
                _store_problems(upload, result)
    except _Superseded:
        logger.warning(
            "Upload %s was re-queued while this run checked it: nothing stored", upload_id
        )
    except Exception as exc:
        logger.exception("Checking upload %s failed", upload_id)
        _upload_fail(upload, ours, exc)
    upload.refresh_from_db()
    if upload.state in (UploadState.VALID, UploadState.INVALID):
        transaction.on_commit(lambda: upload_checked_notify(upload_id=upload_id))
    return upload


def _upload_check(upload: ReturnUpload) -> ValidationResult:
    """The stored file's checks against the measures in the return, reporting progress."""
    ret = upload.return_obj
    with upload.file.open("rb") as handle:
        content = handle.read()
    return validate_return(
        content=content,
        name=upload.original_name,
        measures=measure_specs(),
        council_code=ret.council.ons_code,
        period_slug=ret.period.slug,
        progress=lambda pct: _report_progress(upload.pk, pct),
        national=national_item_sources(),
    )


def _store_problems(upload: ReturnUpload, result: ValidationResult) -> None:
    """Record what was wrong and keep nothing of the file: the page says nothing from it was
    saved, so once the refusal commits the file itself is deleted from storage too (its name,
    size and SHA-256 stay, so the same file uploaded again is still recognised)."""
    ReturnUpload.objects.filter(pk=upload.pk).update(
        state=UploadState.INVALID,
        problems=[p.as_dict() for p in result.problems],
        rows_read=result.rows_read,
        progress=100,
        finished_at=timezone.now(),
        file="",
    )
    storage, stored_name = upload.file.storage, upload.file.name
    if stored_name:
        transaction.on_commit(lambda: storage.delete(stored_name))
    ReturnEvent.objects.create(
        return_obj=upload.return_obj,
        upload=upload,
        action=ReturnEvent.Action.REJECTED,
        actor=upload.uploaded_by,
        reason=f"{len(result.problems)} problem(s) found",
    )


def _upload_fail(upload: ReturnUpload, ours: QuerySet[ReturnUpload], exc: Exception) -> None:
    """Leave the upload failed, with nothing stored, if this run still owns it."""
    if ours.update(
        state=UploadState.FAILED,
        failure_message=CHECK_FAILED_MESSAGE,
        finished_at=timezone.now(),
    ):
        ReturnEvent.objects.create(
            return_obj=upload.return_obj,
            upload=upload,
            action=ReturnEvent.Action.FAILED,
            reason=type(exc).__name__,
        )


def _report_progress(upload_id: int, percent: int) -> None:
    ReturnUpload.objects.filter(pk=upload_id, state=UploadState.VALIDATING).update(
        progress=max(1, min(percent, 95))
    )


def _store_version(upload: ReturnUpload, result: ValidationResult) -> ReturnVersion:
    ret = _lock(upload.return_obj)
    number = (ret.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReturnVersion.objects.create(
        return_obj=ret,
        number=number,
        upload=upload,
        reason=upload.reason,
        created_by=upload.uploaded_by,
        blank_count=len(result.blank_measures),
    )
    if ret.accepted_version_id is None and ret.is_demonstration:
        # A person's figures now stand in the return: it is no longer demonstration data.
        Return.objects.filter(pk=ret.pk).update(is_demonstration=False)
    measures = {m.code: m.pk for m in Measure.objects.in_return()}
    ReturnValue.objects.bulk_create(
        [
            ReturnValue(
                version=version,
                measure_id=measures[v.measure_code],
                value=v.value,
                numerator=v.numerator,
                denominator=v.denominator,
                source_row=v.source_row,
            )
            for v in result.values
        ]
    )
    ReturnUpload.objects.filter(pk=upload.pk).update(
        state=UploadState.VALID,
        rows_read=result.rows_read,
        progress=100,
        finished_at=timezone.now(),
    )
    if ret.status == ReturnStatus.REOPENED:
        Return.objects.filter(pk=ret.pk).update(status=ReturnStatus.DRAFT)
    ReturnEvent.objects.create(
        return_obj=ret,
        upload=upload,
        version=version,
        action=ReturnEvent.Action.VALIDATED,
        actor=upload.uploaded_by,
        reason=upload.reason,
    )
    return version


@transaction.atomic
def return_submit(*, version: ReturnVersion, submitted_by: User) -> Return:
    """Sign off a version as the council's return. Only the latest version, only when every
    expected figure is present, and only once (a second click changes nothing)."""
    ret = _lock(version.return_obj)
    if ret.status == ReturnStatus.SUBMITTED and ret.submitted_version_id == version.pk:
        return ret
    if ret.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
        raise ReturnRefused(f"This return is already {ret.get_status_display().lower()}.")
    latest = ret.versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise ReturnRefused(
            "Only the latest version can be submitted. Open the latest version and submit that."
        )
    if version.blank_count:
        raise ReturnRefused(
            f"Version {version.number} has {version.blank_count} measure(s) without a figure. "
            "Upload a complete return before submitting; a partial return is kept as a draft."
        )
    ret.status = ReturnStatus.SUBMITTED
    ret.submitted_version = version
    ret.save(update_fields=["status", "submitted_version"])
    ReturnEvent.objects.create(
        return_obj=ret, version=version, action=ReturnEvent.Action.SUBMITTED, actor=submitted_by
    )
    return ret


@transaction.atomic
def return_accept(*, return_obj: Return, accepted_by: User) -> Return:
    """Accept a submitted return, which locks it and makes it the council's figures of record;
    comparators are recomputed after commit."""
    ret = _lock(return_obj)
    if ret.status == ReturnStatus.ACCEPTED:
        return ret
    if ret.status != ReturnStatus.SUBMITTED or ret.submitted_version_id is None:
        raise ReturnRefused("Only a submitted return can be accepted.")
    ret.status = ReturnStatus.ACCEPTED
    ret.accepted_version_id = ret.submitted_version_id
    # The figures of record are demonstration data only if the accepted version is.
    ret.is_demonstration = ReturnVersion.objects.filter(
        pk=ret.accepted_version_id, is_demonstration=True
    ).exists()
    ret.save(update_fields=["status", "accepted_version", "is_demonstration"])
    ReturnEvent.objects.create(
        return_obj=ret,
        version_id=ret.accepted_version_id,
        action=ReturnEvent.Action.ACCEPTED,
        actor=accepted_by,
    )
    send_signal_after_commit(
        return_accepted, sender=Return, period_id=ret.period_id, council_id=ret.council_id
    )
    transaction.on_commit(lambda: return_accepted_notify(return_id=ret.pk))
    return ret


@transaction.atomic
def return_reopen(*, return_obj: Return, reopened_by: User, reason: str) -> Return:
    """Reopen a submitted or accepted return so the council can upload again. A reason is
    required. The accepted figures stay the figures of record until a new version is accepted."""
    reason = reason.strip()
    if not reason:
        raise ReturnRefused("Enter the reason for reopening the return")
    ret = _lock(return_obj)
    if ret.status not in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
        raise ReturnRefused("Only a submitted or accepted return can be reopened.")
    ret.status = ReturnStatus.REOPENED
    ret.submitted_version = None
    ret.save(update_fields=["status", "submitted_version"])
    ReturnEvent.objects.create(
        return_obj=ret, action=ReturnEvent.Action.REOPENED, actor=reopened_by, reason=reason
    )
    return ret


@transaction.atomic
def measure_polarity_declare(
    *, measure: Measure, polarity: str, reason: str, declared_by: User
) -> Measure:
    """Record the direction the region treats as better for a measure without a published one,
    with its reason, on the measure's history; an empty ``polarity`` withdraws the declaration.
    Refused for a measure whose direction is published. Comparators are recomputed after
    commit, so every page bands the measure by the declared direction."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.has_published_polarity:
        raise ReturnRefused(
            f"{measure.code} has a published better direction; the region cannot declare another"
        )
    reason = reason.strip()
    if polarity and not reason:
        raise ReturnRefused("Enter why the region treats this direction as better")
    measure.region_polarity = polarity
    measure.region_polarity_reason = reason
    set_history_user(measure, declared_by)
    set_change_reason(measure, POLARITY_DECLARED if polarity else POLARITY_WITHDRAWN)
    measure.save(update_fields=["region_polarity", "region_polarity_reason"])
    send_signal_after_commit(measure_polarity_declared, sender=Measure, measure_id=measure.pk)
    return measure
