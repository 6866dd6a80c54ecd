"""A refused return upload keeps nothing: its figures are not stored and its file is deleted
from storage, as the page says; an accepted upload's file is kept."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from returns.models import ReturnUpload, UploadState
from tests.returns.files import return_rows
from tests.returns.test_upload_view import csv_file, post_upload, result_page

pytestmark = pytest.mark.django_db


def _stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def lead_client(client_for, wirral_lead):
    return client_for(wirral_lead)


def _bad_rows(wirral, period):
    rows = return_rows(wirral, period)
    rows[5][5] = "ten"
    return rows


def test_a_refused_upload_leaves_no_file_on_disk(lead_client, wirral, open_period):
    response = post_upload(
        lead_client, wirral, open_period, csv_file(_bad_rows(wirral, open_period))
    )
    html = result_page(lead_client, response)
    upload = ReturnUpload.objects.get()
    assert upload.state == UploadState.INVALID
    assert "Nothing from this file was saved, and the file itself has been deleted" in html
    assert not upload.file
    assert _stored_files() == []
    assert upload.sha256
    assert upload.original_name == "return.csv"


def test_a_refused_file_cannot_be_downloaded_and_the_return_page_says_it_is_not_kept(
    lead_client, wirral, open_period
):
    post_upload(lead_client, wirral, open_period, csv_file(_bad_rows(wirral, open_period)))
    upload = ReturnUpload.objects.get()
    assert lead_client.get(reverse("returns:upload_file", args=[upload.pk])).status_code == 404
    page = lead_client.get(reverse("returns:detail", args=[wirral.slug, open_period.slug]))
    assert "return.csv (not kept)" in page.content.decode()


def test_the_same_refused_file_again_shows_its_problems_without_storing_it(
    lead_client, wirral, open_period
):
    rows = _bad_rows(wirral, open_period)
    post_upload(lead_client, wirral, open_period, csv_file(rows))
    again = post_upload(lead_client, wirral, open_period, csv_file(rows))
    assert "Nothing from this file was saved" in result_page(lead_client, again)
    assert ReturnUpload.objects.count() == 1
    assert _stored_files() == []


def test_an_accepted_upload_keeps_its_file(lead_client, wirral, open_period):
    post_upload(lead_client, wirral, open_period, csv_file(return_rows(wirral, open_period)))
    upload = ReturnUpload.objects.get()
    assert upload.state == UploadState.VALID
    assert len(_stored_files()) == 1
    assert lead_client.get(reverse("returns:upload_file", args=[upload.pk])).status_code == 200
