"""National imports as runs, each recorded (:class:`~returns.models.NationalImport`): from the
browser (stored, then imported by a worker while the page shows progress) or from the command
(imported at once). A run either stores everything in one transaction and is marked succeeded
in that same transaction, or is marked failed with the reason and changes nothing. A file whose
SHA-256 a succeeded run of its dataset already has is recognised and not imported again unless
forced.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import User
from returns.catalogue import DATA_DIR
from returns.models import NationalImport, NationalImportState
from returns.national.layouts import (
    DATASETS,
    NationalDataset,
    NationalRefused,
    ReadFile,
    dataset_get,
    file_check,
    file_read,
    layout_check,
    layout_recognise,
)
from returns.national.store import REPORTED, StoreOutcome, rows_store
from returns.signals import national_data_imported
from sli_portal.celery import broker_reachable, send_after_commit
from sli_portal.signals import send_signal_after_commit

logger = logging.getLogger(__name__)

NOTHING_CHANGED = "Nothing was changed: the published figures are as they were before this run."
FAILED_MESSAGE = "The import stopped with an unexpected error ({error}). " + NOTHING_CHANGED
BROKER_DOWN_MESSAGE = (
    "The portal cannot start imports at the moment, so the file was not stored. Nothing was "
    "changed. Please try again in a few minutes."
)


@dataclass(frozen=True)
class NationalImportResult:
    """What one import did (``run`` is its record, or the earlier run of the same file when
    ``already_imported``)."""

    dataset: str
    rows_read: int
    rows_stored: int
    rows_missing: int
    rows_skipped: int
    already_imported: bool
    skip_reasons: dict[str, int] = field(default_factory=dict)
    run: NationalImport | None = None

    @classmethod
    def of(cls, run: NationalImport, *, already_imported: bool = False) -> "NationalImportResult":
        if already_imported:
            return cls(run.dataset, 0, 0, 0, 0, already_imported=True, run=run)
        return cls(
            dataset=run.dataset,
            rows_read=run.rows_read,
            rows_stored=run.rows_stored,
            rows_missing=run.rows_missing,
            rows_skipped=run.rows_refused,
            already_imported=False,
            skip_reasons=dict(run.report.get("refused", {})),
            run=run,
        )


@dataclass(frozen=True)
class RunOutcome:
    run: NationalImport
    duplicate_of: NationalImport | None = None


class _Superseded(Exception):
    """This run no longer owns its record (the sweeper took it for dead meanwhile)."""


def earlier_run(dataset: str, sha256: str) -> NationalImport | None:
    """The latest succeeded run of the same file in ``dataset``, if any."""
    return (
        NationalImport.objects.filter(
            dataset=dataset, sha256=sha256, state=NationalImportState.SUCCEEDED
        )
        .order_by("-finished_at", "-pk")
        .first()
    )


def national_import(
    *,
    dataset: str,
    path: Path,
    imported_by: User | None = None,
    force: bool = False,
    remove_missing: bool = False,
) -> NationalImportResult:
    """Import one file at once (the command, the demo), recording the run.

    A file a succeeded run of ``dataset`` already imported changes nothing and records nothing
    unless ``force``; a forced run of unchanged figures writes no row. Raises
    :class:`NationalRefused` (nothing recorded) for an unknown dataset or a file not in its
    layout; any other failure leaves the run recorded as failed with the reason."""
    spec = dataset_get(dataset)
    content = Path(path).read_bytes()
    sha256 = hashlib.sha256(content).hexdigest()
    earlier = earlier_run(spec.name, sha256)
    if earlier is not None and not force:
        return NationalImportResult.of(earlier, already_imported=True)
    layout_check(spec, content)
    started = timezone.now()
    run = NationalImport.objects.create(
        dataset=spec.name,
        file_name=Path(path).name[:255],
        sha256=sha256,
        size=len(content),
        remove_missing=remove_missing,
        state=NationalImportState.RUNNING,
        step="Reading the file",
        attempts=1,
        started_at=started,
        imported_by=imported_by,
    )
    ours = NationalImport.objects.filter(
        pk=run.pk, state=NationalImportState.RUNNING, started_at=started
    )
    _execute(run, ours, spec, content)
    run.refresh_from_db()
    return NationalImportResult.of(run)


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


def national_run_create(
    *, file: UploadedFile[bytes], imported_by: User, remove_missing: bool = False
) -> RunOutcome:
    """Check an uploaded national file, store it and queue its import.

    Refused (nothing stored) when the file fails the file checks, its layout is not recognised
    or no worker can be asked to import it. The same file as an earlier succeeded run of its
    dataset is recognised: nothing is stored and that run is returned as ``duplicate_of``."""
    from returns.tasks import national_import_run_task

    name = file.name or "national.csv"
    content = file.read(settings.NATIONAL_UPLOAD_MAX_BYTES + 1)
    file_check(name=name, content=content)
    spec = layout_recognise(content)
    sha256 = hashlib.sha256(content).hexdigest()
    earlier = earlier_run(spec.name, sha256)
    if earlier is not None:
        return RunOutcome(run=earlier, duplicate_of=earlier)
    if not broker_reachable():
        raise NationalRefused(BROKER_DOWN_MESSAGE)
    run = NationalImport(
        dataset=spec.name,
        file_name=name[:255],
        sha256=sha256,
        size=len(content),
        remove_missing=remove_missing,
        step=NationalImportState.QUEUED.label,
        imported_by=imported_by,
    )
    run.file.save(name, ContentFile(content), save=False)
    with transaction.atomic():
        run.save()
        send_after_commit(national_import_run_task, run.pk)
    return RunOutcome(run=run)


def national_run_execute(*, run_id: int) -> NationalImport:
    """Import a queued run's stored file (the worker's task).

    Idempotent: only a queued run is taken (compare-and-set, counting the attempt), so a job
    delivered twice runs once; the run stores only while it still owns the record (same
    ``started_at``), so a run the sweeper gave up on stores nothing."""
    started = timezone.now()
    taken = NationalImport.objects.filter(pk=run_id, state=NationalImportState.QUEUED).update(
        state=NationalImportState.RUNNING,
        started_at=started,
        step="Reading the file",
        attempts=F("attempts") + 1,
    )
    run = NationalImport.objects.get(pk=run_id)
    if not taken:
        return run
    ours = NationalImport.objects.filter(
        pk=run_id, state=NationalImportState.RUNNING, started_at=started
    )
    with run.file.open("rb") as handle:
        content = handle.read()
    _execute(run, ours, dataset_get(run.dataset), content)
    run.refresh_from_db()
    return run


def _execute(
    run: NationalImport, ours: QuerySet[NationalImport], spec: NationalDataset, content: bytes
) -> None:
    """Read, compare and store, showing progress on the record; succeeded in the storing
    transaction, or failed with the reason and nothing changed."""
    try:
        read = file_read(spec, content)
        ours.update(
            rows_read=read.rows_read,
            rows_matched=len(read.rows["measure"]),
            rows_refused=sum(read.refused.values()),
            rows_conflicting=len(read.conflicts),
            rows_missing=int(np.isnan(read.rows["value"]).sum()),
            step="Comparing with the stored figures",
        )
        with transaction.atomic():
            if not ours.select_for_update().exists():
                raise _Superseded
            outcome = rows_store(read.rows, dataset=spec.name, remove_missing=run.remove_missing)
            ours.update(**_finished(read, outcome))
            if outcome.new or outcome.changed or outcome.removed:
                send_signal_after_commit(
                    national_data_imported, sender=NationalImport, dataset=spec.name
                )
    except _Superseded:
        logger.warning(
            "National import %s was taken for stuck while it ran: nothing stored", run.pk
        )
    except NationalRefused as refused:
        _fail(ours, f"{refused.message.rstrip('.')}. {NOTHING_CHANGED}")
    except Exception as exc:
        logger.exception("National import %s failed", run.pk)
        _fail(ours, FAILED_MESSAGE.format(error=type(exc).__name__))


def _finished(read: ReadFile, outcome: StoreOutcome) -> dict[str, object]:
    matched = len(read.rows["measure"])
    return {
        "state": NationalImportState.SUCCEEDED,
        "step": NationalImportState.SUCCEEDED.label,
        "rows_new": outcome.new,
        "rows_changed": outcome.changed,
        "rows_renamed": outcome.renamed,
        "rows_unchanged": matched - outcome.new - outcome.changed,
        "rows_disappearing": outcome.disappearing,
        "rows_removed": outcome.removed,
        "report": {
            "refused": read.refused,
            "conflicts": [vars(c) for c in read.conflicts[:REPORTED]],
            "renamed": outcome.renamed_places,
            "disappearing": outcome.disappearing_rows,
        },
        "finished_at": timezone.now(),
    }


def _fail(ours: QuerySet[NationalImport], message: str) -> None:
    ours.update(
        state=NationalImportState.FAILED,
        step=NationalImportState.FAILED.label,
        failure_message=message,
        finished_at=timezone.now(),
    )
