"""Producing, publishing, withdrawing and downloading versions of the Regional Account: nothing
is overwritten, the task is idempotent, a failure leaves a clear failed state and no file."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import AccessLog
from reports import services
from reports.models import RegionalAccount, Status
from reports.services import (
    AccountRefused,
    regional_account_publish,
    regional_account_render,
    regional_account_request,
    regional_account_withdraw,
)
from tests.conftest import committed
from tests.reports.regional_data import key_messages_edit_all, regional_data_fill

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% a stand-in for the real rendering\n%%EOF\n"


@pytest.fixture
def region(planning_group_member: Any, wirral: Any, sefton: Any) -> Any:
    key_messages_edit_all(by=planning_group_member)
    return regional_data_fill(by=planning_group_member, councils=[wirral, sefton])


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for WeasyPrint (the real rendering is tested on its own): a distinct small PDF
    per call, so versions can be told apart."""
    calls: list[dict[str, Any]] = []

    def render(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        calls.append({"template": template_name, "context": context, **kwargs})
        kwargs["progress"]("layout", 3)
        kwargs["on_pages"](3)
        return FAKE_PDF + str(len(calls)).encode()

    monkeypatch.setattr(services, "render_pdf", render)
    return calls


def produce(admin: Any, year: int = 2023) -> RegionalAccount:
    with committed():
        account = regional_account_request(year=year, requested_by=admin)
    account.refresh_from_db()
    return account


def test_a_request_is_rendered_after_commit_with_who_when_and_which_data(
    region: Any, regional_admin: Any, fake_render: list
) -> None:
    account = produce(regional_admin)
    assert account.status == Status.RENDERED
    assert account.number == 1
    assert account.generated_by == regional_admin
    assert account.progress == 100
    assert account.page_count == 3
    assert account.size == len(account.file.read())
    assert account.manifest["as_at"] == "2023-24-Q4"
    assert account.manifest["compared_with"] == "2022-23-Q4"
    assert "E08000015/2023-24-Q4/leadership" in account.manifest["judgements_published_at"]
    assert len(account.manifest_sha256) == 64
    assert fake_render[0]["title"] == "North West Regional Account 2023/24"
    assert fake_render[0]["author"] == "North West ADASS"
    assert Path(account.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    assert not str(Path(account.file.path)).startswith(str(settings.STATIC_ROOT))


def test_generating_again_makes_a_new_version_and_never_overwrites(
    region: Any, regional_admin: Any, fake_render: list
) -> None:
    first = produce(regional_admin)
    first_bytes, first_sha, first_name = first.file.read(), first.sha256, first.file.name
    second = produce(regional_admin)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.file.name == first_name != second.file.name
    assert first.sha256 == first_sha != second.sha256
    first.file.open("rb")
    assert first.file.read() == first_bytes
    assert first.history.count() >= 2


def test_publishing_keeps_older_published_versions_and_latest_follows(
    region: Any, regional_admin: Any, board_member: Any, client_for: Any, fake_render: list
) -> None:
    first, second = produce(regional_admin), produce(regional_admin)
    regional_account_publish(account=first, published_by=regional_admin)
    client = client_for(board_member)
    assert client.get(reverse("reports:latest")).getvalue() == first.file.open("rb").read()
    regional_account_publish(account=second, published_by=regional_admin)
    first.refresh_from_db()
    assert first.status == Status.PUBLISHED
    assert client.get(reverse("reports:latest")).getvalue() == second.file.open("rb").read()
    page = client.get(reverse("reports:list")).content.decode()
    assert "version 1" in page
    assert "version 2" in page
    regional_account_withdraw(account=second, withdrawn_by=regional_admin, reason="Wrong quarter")
    assert client.get(reverse("reports:latest")).getvalue() == first.file.open("rb").read()
    assert client.get(reverse("reports:download", args=[second.pk])).status_code == 404


def test_only_a_rendered_version_can_be_published(
    region: Any, regional_admin: Any, fake_render: list
) -> None:
    account = produce(regional_admin)
    regional_account_publish(account=account, published_by=regional_admin)
    with pytest.raises(AccountRefused):
        regional_account_publish(account=account, published_by=regional_admin)


def test_a_draft_is_the_administrators_alone(
    region: Any,
    regional_admin: Any,
    board_member: Any,
    wirral_lead: Any,
    client_for: Any,
    fake_render: list,
) -> None:
    account = produce(regional_admin)
    url = reverse("reports:download", args=[account.pk])
    assert client_for(board_member).get(url).status_code == 404
    assert client_for(wirral_lead).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    response = client_for(regional_admin).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="nw-regional-account-2023-24-v1.pdf"' in response["Content-Disposition"]
    listing = client_for(board_member).get(reverse("reports:list")).content.decode()
    assert "version 1" not in listing


def test_downloads_are_logged(
    region: Any, regional_admin: Any, board_member: Any, client_for: Any, fake_render: list
) -> None:
    account = produce(regional_admin)
    regional_account_publish(account=account, published_by=regional_admin)
    client_for(board_member).get(reverse("reports:download", args=[account.pk]))
    client_for(board_member).get(reverse("reports:latest"))
    logged = AccessLog.objects.filter(
        user=board_member, record_type="reports.RegionalAccount", record_id=str(account.pk)
    )
    assert logged.count() == 2
    assert set(logged.values_list("action", flat=True)) == {"downloaded"}


def test_the_status_json_reports_progress(
    region: Any, regional_admin: Any, client_for: Any
) -> None:
    with committed():
        account = regional_account_request(year=2023, requested_by=regional_admin)
        RegionalAccount.objects.filter(pk=account.pk).update(
            status=Status.RENDERING, progress=40, step="Laying out the pages (page 12)"
        )
        data = (
            client_for(regional_admin).get(reverse("reports:status_json", args=[account.pk])).json()
        )
        page = client_for(regional_admin).get(reverse("reports:status", args=[account.pk]))
        # Taken by another worker already: this delivery does nothing.
        RegionalAccount.objects.filter(pk=account.pk).update(status=Status.RENDERING)
    assert data == {
        "state": "rendering",
        "done": False,
        "progress": 40,
        "message": "Laying out the pages (page 12)",
        "redirect": "",
    }
    text = page.content.decode()
    assert "40% done" in text
    assert 'value="40"' in text
    assert "Refresh this page" in text


def test_a_job_delivered_twice_renders_once(
    region: Any, regional_admin: Any, fake_render: list
) -> None:
    account = produce(regional_admin)
    regional_account_render(account_id=account.pk)
    assert len(fake_render) == 1
    account.refresh_from_db()
    assert account.attempts == 1


def test_a_failure_leaves_a_failed_version_and_no_file(
    region: Any, regional_admin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise MemoryError("out of memory while laying out")

    monkeypatch.setattr(services, "render_pdf", broken)
    account = produce(regional_admin)
    assert account.status == Status.FAILED
    assert account.error_message == services.FAILED_MESSAGE
    assert not account.file
    assert account.sha256 == ""
    stored = Path(settings.MEDIA_ROOT) / "regional_accounts"
    assert not stored.exists() or not any(stored.rglob("*.pdf"))


def test_a_failure_while_storing_removes_the_written_file(
    region: Any, regional_admin: Any, fake_render: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = RegionalAccount.save

    def save(self: RegionalAccount, *args: Any, **kwargs: Any) -> None:
        if self.status == Status.RENDERED:
            raise RuntimeError("database went away")
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(RegionalAccount, "save", save)
    account = produce(regional_admin)
    assert account.status == Status.FAILED
    stored = Path(settings.MEDIA_ROOT) / "regional_accounts"
    assert not any(stored.rglob("*.pdf"))


def test_a_year_with_nothing_published_is_refused(regional_admin: Any) -> None:
    with pytest.raises(AccountRefused, match="no published scorecard or comparator data"):
        regional_account_request(year=2031, requested_by=regional_admin)
    assert not RegionalAccount.objects.exists()


def test_the_generate_form_queues_a_version_and_shows_its_progress_page(
    region: Any, regional_admin: Any, client_for: Any, fake_render: list
) -> None:
    client = client_for(regional_admin)
    page = client.get(reverse("reports:generate")).content.decode()
    assert '<option value="2023">2023/24</option>' in page
    with committed():
        response = client.post(reverse("reports:generate"), {"year": "2023", "quarter": "4"})
    account = RegionalAccount.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:status", args=[account.pk])
    assert account.up_to is not None
    assert account.up_to.quarter == 4
    assert (
        "Version 1: Ready to check (not published)"
        in client.get(response["Location"]).content.decode()
    )


def test_the_generate_form_explains_its_errors(
    region: Any, regional_admin: Any, client_for: Any
) -> None:
    client = client_for(regional_admin)
    response = client.post(reverse("reports:generate"), {"year": "1999"})
    assert response.status_code == 400
    assert "Select one of the financial years listed" in response.content.decode()
    response = client.post(reverse("reports:generate"), {"year": "2023", "quarter": "9"})
    assert "Select the whole year or a quarter" in response.content.decode()
    assert not RegionalAccount.objects.exists()


def test_publish_and_withdraw_through_the_pages(
    region: Any, regional_admin: Any, client_for: Any, fake_render: list
) -> None:
    account = produce(regional_admin)
    client = client_for(regional_admin)
    response = client.post(reverse("reports:publish", args=[account.pk]))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == Status.PUBLISHED
    assert account.published_by == regional_admin
    response = client.post(reverse("reports:withdraw", args=[account.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Enter why this version is being withdrawn" in response.content.decode()
    client.post(reverse("reports:withdraw", args=[account.pk]), {"reason": "Superseded"})
    account.refresh_from_db()
    assert account.status == Status.WITHDRAWN
    assert account.withdrawn_reason == "Superseded"
    assert client.get(reverse("reports:publish", args=[account.pk])).status_code == 405
