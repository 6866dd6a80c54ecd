"""The one check of a file attached as evidence: each page's allowed types, content that must
match the name, the size limit and no macros."""

import io
import zipfile

import pytest

from sli_portal.attachments import (
    DOCUMENTS,
    DOCUMENTS_AND_TEXT,
    EMPTY,
    MACROS,
    TOO_BIG,
    check_attachment,
    content_type_of,
)

WRONG = "The selected file must be one the page lists"


def office(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        for part in parts:
            archive.writestr(part, b"<x/>")
    return out.getvalue()


def check(name: str, content: bytes, allowed: frozenset[str] = DOCUMENTS_AND_TEXT) -> str | None:
    return check_attachment(
        name=name, size=len(content), content=content, allowed=allowed, wrong_type=WRONG
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("letter.PDF", b"%PDF-1.7"),
        ("minutes.docx", office("word/document.xml")),
        ("figures.xlsx", office("xl/workbook.xml")),
        ("chart.png", b"\x89PNG\r\n\x1a\n..."),
        ("photo.jpeg", b"\xff\xd8\xff\xe0..."),
        ("notes.txt", "Caf\u00e9\r\n".encode()),
        ("data.csv", b"council,value\nWirral,12\n"),
    ],
)
def test_files_whose_content_matches_their_name_are_accepted(name: str, content: bytes) -> None:
    assert check(name, content) is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", WRONG),
        (
            "renamed.pdf",
            b"MZ\x90",
            "The selected file is not a real PDF: its contents do not "
            "match its name (.pdf). Check the file and upload it again",
        ),
        (
            "book.xlsx",
            office("word/document.xml"),
            "The selected file is not a real Excel "
            "spreadsheet: its contents do not match its name (.xlsx). Check the file and upload it "
            "again",
        ),
        ("macro.docx", office("word/document.xml", "word/vbaProject.bin"), MACROS),
        (
            "notes.txt",
            b"text\x00",
            "The selected file is not a real text file: its contents do "
            "not match its name (.txt). Check the file and upload it again",
        ),
        ("empty.pdf", b"", EMPTY),
    ],
)
def test_other_files_are_refused_with_a_message(name: str, content: bytes, message: str) -> None:
    assert check(name, content) == message


def test_a_page_allows_only_its_own_types() -> None:
    assert check("notes.txt", b"notes", allowed=DOCUMENTS) == WRONG


def test_a_file_of_10_mb_or_more_is_refused() -> None:
    size = 10 * 1024 * 1024
    assert (
        check_attachment(
            name="big.pdf", size=size, content=b"%PDF-", allowed=DOCUMENTS, wrong_type=WRONG
        )
        == TOO_BIG
    )


def test_a_stored_file_is_served_as_its_checked_type() -> None:
    assert content_type_of("Letter.PDF") == "application/pdf"
    assert content_type_of("notes.txt") == "text/plain; charset=utf-8"
    assert content_type_of("unknown.bin") == "application/octet-stream"
