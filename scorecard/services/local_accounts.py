"""Writes for Local Accounts, each council's public annual report: a link and/or a PDF, kept only
if it really is a PDF, and the Planning Group's assessment of it."""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from accounts.models import User
from authorities.models import Council
from scorecard.models import (
    LocalAccount,
)
from scorecard.services.common import ScorecardRefused, council_active_in_year
from sli_portal.financial_years import year_label
from sli_portal.history import set_history_user

LOCAL_ACCOUNT_MAX_BYTES = 20 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
NOT_A_PDF_NAME = "The selected file must be a PDF (.pdf)"
NOT_A_PDF_CONTENT = (
    "The selected file is not a PDF. Save the Local Account as a PDF and upload that"
)
PDF_TOO_BIG = "The selected file must be 20 MB or smaller"
PDF_EMPTY = "The selected file is empty"


def check_local_account_document(*, name: str, size: int, head: bytes) -> str | None:
    """Why an uploaded Local Account is not accepted as a PDF, or None. Pure: the file's name,
    its size and its first bytes. The content decides, not the name alone: an executable
    renamed .pdf is refused."""
    if not name.lower().endswith(".pdf"):
        return NOT_A_PDF_NAME
    if size == 0:
        return PDF_EMPTY
    if size > LOCAL_ACCOUNT_MAX_BYTES:
        return PDF_TOO_BIG
    if not head.startswith(PDF_SIGNATURE):
        return NOT_A_PDF_CONTENT
    return None


def local_account_record(
    *,
    council: Council,
    year: int,
    url: str,
    document: UploadedFile[bytes] | None,
    published_on: datetime.date | None,
    assessment: str,
    notes: str,
    recorded_by: User,
) -> LocalAccount:
    """Record a council's Local Account for a financial year (2023 for 2023/24): a link and/or
    an uploaded PDF, its publication date and the Planning Group's assessment (MoU Table 2:
    "Local Account missing, vague, ambiguous or too ambitious").

    A PDF is refused, with nothing saved, unless it is named .pdf, starts with ``%PDF-`` and is
    20 MB or smaller. It is kept in the default storage, outside the web root, and served only
    through the document view. A replaced PDF is kept (the history still names it).
    """
    _check_local_account(council=council, year=year, assessment=assessment, document=document)
    fields: dict[str, object] = {
        "url": url.strip(),
        "published_on": published_on,
        "assessment": assessment,
        "notes": notes.strip(),
    }
    with transaction.atomic():
        # Through the council's own manager, so ``account.council`` is this council.
        account = council.local_accounts.select_for_update().filter(year=year).first()
        if account is None:
            account = LocalAccount(council=council, year=year)
        elif document is None and all(getattr(account, k) == v for k, v in fields.items()):
            return account
        for key, value in fields.items():
            setattr(account, key, value)
        account.recorded_by = recorded_by
        set_history_user(account, recorded_by)
        _save_local_account(account, document)
    return account


def _check_local_account(
    *, council: Council, year: int, assessment: str, document: UploadedFile[bytes] | None
) -> None:
    """Refuse an unknown assessment, a year the council did not exist, or a file that is not a
    PDF of 20 MB or smaller."""
    if assessment not in LocalAccount.Assessment.values:
        raise ScorecardRefused(f"'{assessment}' is not an assessment of a Local Account.")
    if not council_active_in_year(council, year):
        raise ScorecardRefused(
            f"{council.name} did not hold adult social care responsibility in {year_label(year)}."
        )
    if document is not None:
        head = document.read(len(PDF_SIGNATURE))
        document.seek(0)
        problem = check_local_account_document(
            name=document.name or "", size=document.size or 0, head=head
        )
        if problem is not None:
            raise ScorecardRefused(problem, field="document")


def _save_local_account(account: LocalAccount, document: UploadedFile[bytes] | None) -> None:
    """Save the account with its new PDF, if any; when another person recorded the same
    Local Account at the same moment, the new PDF is removed and the save refused."""
    if document is not None:
        account.document.save(account.document_name, document, save=False)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        if document is not None:
            account.document.delete(save=False)
        raise ScorecardRefused(
            "Someone else recorded this Local Account at the same time. Reload the page "
            "and try again."
        ) from exc
