"""Local Accounts: recorded by the Planning Group as a link and/or a PDF that really is one,
listed publicly, and served through a view rather than from the media directory."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from authorities.models import Council
from scorecard.models import LocalAccount
from scorecard.services import (
    LOCAL_ACCOUNT_MAX_BYTES,
    ScorecardRefused,
    check_local_account_document,
    local_account_record,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
LINK = "https://www.example.gov.uk/adult-social-care/local-account-2023-24"


def edit_url(slug: str = "wirral", year: int = 2023) -> str:
    return reverse("scorecard:local_account_edit", kwargs={"slug": slug, "year": year})


def document_url(slug: str = "wirral", year: int = 2023) -> str:
    return reverse("scorecard:local_account_document", kwargs={"slug": slug, "year": year})


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post(client: Any, **fields: Any) -> Any:
    data = {
        "url": "",
        "published_on_0": "",
        "published_on_1": "",
        "published_on_2": "",
        "assessment": "published",
        "notes": "",
        **fields,
    }
    return client.post(edit_url(), data)


def test_a_link_alone_is_recorded(client_for, planning_group_member, wirral):
    response = post(
        client_for(planning_group_member),
        url=LINK,
        published_on_0="27",
        published_on_1="9",
        published_on_2="2024",
        notes="Clear and specific.",
    )
    assert response.status_code == 302
    account = LocalAccount.objects.get(council=wirral, year=2023)
    assert account.url == LINK
    assert not account.document
    assert account.published_on == datetime.date(2024, 9, 27)
    assert account.recorded_by == planning_group_member
    assert account.history.first().history_user == planning_group_member
    assert client_for(None).get(document_url()).status_code == 404


def test_a_pdf_alone_is_recorded_outside_the_web_root_and_served_by_the_view(
    client_for, regional_admin, wirral
):
    upload = SimpleUploadedFile("Local Account 2023-24.PDF", PDF, content_type="application/pdf")
    response = post(client_for(regional_admin), document=upload)
    assert response.status_code == 302
    account = LocalAccount.objects.get(council=wirral, year=2023)
    assert account.url == ""
    assert account.document.name.startswith("local_accounts/wirral-local-account-2023-24")
    [stored] = stored_files()
    assert stored.read_bytes() == PDF
    assert not str(stored).startswith(str(settings.STATIC_ROOT))

    response = client_for(None).get(document_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="wirral-local-account-2023-24.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("local-account.pdf", EXE, "The selected file is not a PDF."),
        ("local-account.pdf", b"Just some text, not a PDF", "The selected file is not a PDF."),
        ("local-account.exe", PDF, "The selected file must be a PDF (.pdf)"),
        ("local-account.docx", b"PK\x03\x04", "The selected file must be a PDF (.pdf)"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_saved(
    name, content, message, client_for, planning_group_member
):
    response = post(
        client_for(planning_group_member),
        url=LINK,
        document=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert message in html
    assert LocalAccount.objects.count() == 0
    assert stored_files() == []


def test_a_pdf_over_20_mb_is_refused_and_nothing_is_saved(wirral, planning_group_member):
    big = SimpleUploadedFile(
        "big.pdf", PDF + b"0" * (LOCAL_ACCOUNT_MAX_BYTES + 1 - len(PDF)), "application/pdf"
    )
    with pytest.raises(ScorecardRefused) as refused:
        local_account_record(
            council=wirral,
            year=2023,
            url="",
            document=big,
            published_on=None,
            assessment=LocalAccount.Assessment.PUBLISHED,
            notes="",
            recorded_by=planning_group_member,
        )
    assert refused.value.message == "The selected file must be 20 MB or smaller"
    assert refused.value.field == "document"
    assert LocalAccount.objects.count() == 0
    assert stored_files() == []


def test_the_pdf_check_is_decided_by_content_size_and_name():
    assert check_local_account_document(name="a.pdf", size=100, head=b"%PDF-") is None
    assert (
        check_local_account_document(name="a.PDF", size=LOCAL_ACCOUNT_MAX_BYTES, head=b"%PDF-")
        is None
    )
    assert (
        check_local_account_document(name="a.pdf", size=0, head=b"") == "The selected file is empty"
    )
    assert check_local_account_document(name="a.pdf", size=10, head=b"MZ\x90\x00\x03")


def test_a_refused_replacement_keeps_what_was_recorded(client_for, planning_group_member, wirral):
    post(client_for(planning_group_member), url=LINK)
    response = post(
        client_for(planning_group_member),
        url="https://www.example.gov.uk/other",
        document=SimpleUploadedFile("x.pdf", EXE),
    )
    assert response.status_code == 400
    assert LocalAccount.objects.get().url == LINK
    assert LocalAccount.objects.get().history.count() == 1


def test_recording_the_same_again_changes_nothing(wirral, planning_group_member):
    for _ in range(2):
        account = local_account_record(
            council=wirral,
            year=2023,
            url=LINK,
            document=None,
            published_on=None,
            assessment=LocalAccount.Assessment.VAGUE,
            notes="Few measurable commitments.",
            recorded_by=planning_group_member,
        )
    assert account.history.count() == 1


def test_a_missing_assessment_and_a_future_date_are_explained(client_for, planning_group_member):
    next_year = datetime.date.today().year + 1
    response = post(
        client_for(planning_group_member),
        assessment="",
        published_on_0="1",
        published_on_1="4",
        published_on_2=str(next_year),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select the Planning Group&#x27;s assessment of the Local Account" in html
    assert "The date the council published it must be today or in the past" in html
    assert LocalAccount.objects.count() == 0


def test_a_council_that_did_not_exist_that_year_is_404(client_for, planning_group_member):
    assert client_for(planning_group_member).get(edit_url("cumbria", 2023)).status_code == 404
    assert client_for(planning_group_member).get(edit_url("cumberland", 2022)).status_code == 404
    assert client_for(planning_group_member).get(edit_url("wirral", 1999)).status_code == 404
    assert client_for(planning_group_member).get(edit_url("wirral", 2099)).status_code == 404


RECORDERS = {
    "anonymous": 302,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 403,
    "planning_group_member": 200,
    "risk_assessor": 403,
    "board_member": 403,
    "regional_admin": 200,
}


@pytest.mark.parametrize("persona", list(RECORDERS))
def test_who_may_record_a_local_account(persona, request, client_for):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = client_for(user).get(edit_url())
    assert response.status_code == RECORDERS[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", list(RECORDERS))
def test_the_list_and_the_document_are_public(
    persona, request, client_for, wirral, planning_group_member
):
    local_account_record(
        council=wirral,
        year=2023,
        url=LINK,
        document=SimpleUploadedFile("la.pdf", PDF),
        published_on=datetime.date(2024, 9, 27),
        assessment=LocalAccount.Assessment.TOO_AMBITIOUS,
        notes="Internal: the targets look unfunded.",
        recorded_by=planning_group_member,
    )
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    response = client.get(reverse("scorecard:local_accounts", kwargs={"slug": "wirral"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2023/24" in html
    assert "Too ambitious" in html
    assert "27 September 2024" in html
    assert LINK in html
    assert document_url() in html
    internal = persona in {"planning_group_member", "risk_assessor", "regional_admin"}
    assert ("the targets look unfunded" in html) is internal
    assert (edit_url() in html) is (persona in {"planning_group_member", "regional_admin"})
    assert client.get(document_url()).status_code == 200


def test_post_only_methods_are_refused_on_the_public_pages(client_for, planning_group_member):
    client = client_for(planning_group_member)
    assert (
        client.post(reverse("scorecard:local_accounts", kwargs={"slug": "wirral"})).status_code
        == 405
    )
    assert client.post(document_url()).status_code == 405


CEILING = 9


@pytest.mark.parametrize("scale", [1, 3])
def test_local_account_pages_use_a_fixed_number_of_queries(
    scale, client_for, planning_group_member, django_assert_max_num_queries
):
    for council in Council.objects.filter(end_date__isnull=True, start_date__isnull=True)[
        : 4 * scale
    ]:
        for year in range(2023 - 3 * scale, 2024):
            local_account_record(
                council=council,
                year=year,
                url=LINK,
                document=SimpleUploadedFile("la.pdf", PDF) if year == 2023 else None,
                published_on=None,
                assessment=LocalAccount.Assessment.PUBLISHED,
                notes="",
                recorded_by=planning_group_member,
            )
    wirral = Council.objects.get(slug="wirral")
    local_account_record(
        council=wirral,
        year=2023,
        url=LINK,
        document=SimpleUploadedFile("la.pdf", PDF),
        published_on=None,
        assessment=LocalAccount.Assessment.PUBLISHED,
        notes="",
        recorded_by=planning_group_member,
    )
    anonymous, planner = client_for(None), client_for(planning_group_member)
    for client in (anonymous, planner):
        for url in (reverse("scorecard:local_accounts", kwargs={"slug": "wirral"}), document_url()):
            with django_assert_max_num_queries(CEILING, info=url):
                assert client.get(url).status_code == 200
    with django_assert_max_num_queries(CEILING):
        assert planner.get(edit_url()).status_code == 200
