"""The one check of a file attached as evidence (to a self-assessment answer, to a concern), and
the one way a file the portal stored is served back.

An attachment is stored and offered for download only; the portal never opens it. So it is
checked for what a reader would be harmed by: its extension must be one the page allows AND its
content must match it (a PDF starts ``%PDF-``; a .docx or .xlsx is a zip holding a Word document
or a workbook, without macros; a PNG or JPEG starts with its signature; a text or CSV file holds
no binary bytes), so an executable renamed ``.pdf`` is refused. Each app says which types it
allows and how its page names them.
"""

import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
EMPTY = "The selected file is empty"
TOO_BIG = "The selected file must be smaller than 10 MB"
MACROS = "Files with macros cannot be uploaded. Save it without macros and try again"


@dataclass(frozen=True)
class FileType:
    """What a message calls the type, and the content type a stored file is served as."""

    label: str
    content_type: str


FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF", "application/pdf"),
    ".docx": FileType(
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": FileType(
        "Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    ".png": FileType("PNG image", "image/png"),
    ".jpg": FileType("JPEG image", "image/jpeg"),
    ".jpeg": FileType("JPEG image", "image/jpeg"),
    ".txt": FileType("text file", "text/plain; charset=utf-8"),
    ".csv": FileType("CSV file", "text/csv; charset=utf-8"),
}
# Documents and images; pages that take notes and figures as they come add text and CSV files.
DOCUMENTS = frozenset({".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg"})
DOCUMENTS_AND_TEXT = DOCUMENTS | {".txt", ".csv"}

_SIGNATURES = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}
_OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Bytes that never appear in a text or CSV file (tab, line feed, form feed and carriage return
# are allowed).
_BINARY_BYTES = bytes(set(range(32)) - {9, 10, 12, 13})


def check_attachment(
    *, name: str, size: int, content: bytes, allowed: Collection[str], wrong_type: str
) -> str | None:
    """Why the file may not be attached, or None. ``allowed`` are the extensions the page takes
    (from :data:`FILE_TYPES`), ``wrong_type`` its message for any other; files of 10 MB or more
    are refused. Pure: ``content`` is the file's bytes (at least up to the limit)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed or suffix not in FILE_TYPES:
        return wrong_type
    if size == 0:
        return EMPTY
    if size >= ATTACHMENT_MAX_BYTES:
        return TOO_BIG
    if suffix in _OFFICE_PARTS:
        return _check_office(suffix, content)
    if suffix in _SIGNATURES:
        matches = content.startswith(_SIGNATURES[suffix])
    else:
        matches = _is_text(content)
    return None if matches else _not_real(suffix)


def content_type_of(name: str) -> str:
    """The content type a stored attachment is served as, from its (checked) extension."""
    file_type = FILE_TYPES.get(PurePath(name).suffix.lower())
    return file_type.content_type if file_type else "application/octet-stream"


def stored_file_response(
    stored: FieldFile, *, filename: str, content_type: str | None = None, as_attachment: bool = True
) -> FileResponse:
    """A file the portal stored (under MEDIA_ROOT, never served from MEDIA_URL), named
    ``filename`` and served as ``content_type`` (by default the type its name says), which the
    browser may not second-guess (``nosniff``). 404 when the file is missing from storage. The
    caller has checked who may read it, and logs the download where that is the rule."""
    try:
        handle = stored.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _not_real(suffix: str) -> str:
    return (
        f"The selected file is not a real {FILE_TYPES[suffix].label}: its contents do not match "
        f"its name ({suffix}). Check the file and upload it again"
    )


def _check_office(suffix: str, content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = {n.casefold() for n in archive.namelist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        return _not_real(suffix)
    if "[content_types].xml" not in names or _OFFICE_PARTS[suffix] not in names:
        return _not_real(suffix)
    if any(n.endswith("vbaproject.bin") for n in names):
        return MACROS
    return None


def _is_text(content: bytes) -> bool:
    if any(byte in _BINARY_BYTES for byte in content):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False
