"""The regional administrator's national import pages: upload, progress, report and its download,
the same file recognised, hostile and unrecognised files refused with the reason, and a fixed
number of queries whatever the number of runs."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from returns.catalogue import DATA_DIR
from returns.models import NationalImport, NationalImportState, PublishedValue
from tests.conftest import committed
from tests.returns.test_national_import import ASCOF_HEADER

pytestmark = pytest.mark.django_db
OFLOG = DATA_DIR / "oflog-asc-metrics-by-council.csv"
ROWS = [
    "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome",
    "2022-23,Sefton,E08000014,1A,Quality of life,19.1,Council,Total,Outcome",
    "2022-23,Wirral,E08000015,1A,Quality of life,17.0,Council,Total,Outcome",
]


def ascof(name: str = "ascof.csv", rows: list[str] = ROWS) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([ASCOF_HEADER, *rows]) + "\n").encode())


def upload(client: Client, file: SimpleUploadedFile, **extra: Any) -> Any:
    with committed():
        return client.post(reverse("returns:national"), {"file": file, **extra})


@pytest.fixture
def admin_client(regional_admin: Any, client_for: Any) -> Client:
    client: Client = client_for(regional_admin)
    return client


def test_an_upload_is_imported_and_its_report_read_and_downloaded(
    admin_client: Client, regional_admin: Any
) -> None:
    response = upload(admin_client, ascof())
    run = NationalImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("returns:national_run", args=[run.pk])
    assert (run.state, run.dataset, run.imported_by) == ("succeeded", "ascof_trend", regional_admin)
    assert (run.rows_read, run.rows_new, run.rows_conflicting) == (3, 2, 1)
    page = admin_client.get(response["Location"]).content.decode()
    assert "File imported" in page
    assert "Conflicts: a later row with another figure" in page
    assert run.sha256 in page
    status = admin_client.get(reverse("returns:national_run_json", args=[run.pk])).json()
    assert status["done"] is True
    assert "rows read: 3" in status["message"]
    report = admin_client.get(reverse("returns:national_report", args=[run.pk]))
    assert report["Content-Disposition"].startswith("attachment;")
    text = report.content.decode("utf-8-sig")
    assert 'conflict,4,1A,2022-23,council,E08000015,17.0,"row 2 has 18.9' in text
    assert "count,,,,,,2,New rows stored" in text


def test_the_same_file_again_is_recognised_and_changes_nothing(admin_client: Client) -> None:
    upload(admin_client, ascof())
    before = list(PublishedValue.objects.values())
    response = upload(admin_client, ascof("again.csv"))
    run = NationalImport.objects.get()
    assert response["Location"] == reverse("returns:national_run", args=[run.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert "This same file was already imported" in page
    assert list(PublishedValue.objects.values()) == before


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        (SimpleUploadedFile("figures.xlsm", b"PK\x03\x04macro"), "not a .csv file"),
        (SimpleUploadedFile("figures.csv", b"PK\x03\x04\x00\x00zip"), "not a CSV text file"),
        (SimpleUploadedFile("figures.csv", b"\xff\xfeY\x00e\x00a\x00r\x00"), "not a CSV text"),
        (
            SimpleUploadedFile("figures.csv", b"Year,Council,Value\n2022-23,X,1\n"),
            "ascof_trend lacks",
        ),
        (SimpleUploadedFile("figures.csv", b"Year,Value\n\xe9\xe9,1\n"), "CSV UTF-8"),
    ],
)
def test_a_hostile_or_unrecognised_file_is_refused_with_the_reason(
    admin_client: Client, file: SimpleUploadedFile, reason: str
) -> None:
    response = upload(admin_client, file)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert reason in page
    assert not NationalImport.objects.exists()


def test_the_shipped_oflog_file_is_recognised(admin_client: Client) -> None:
    upload(admin_client, SimpleUploadedFile(OFLOG.name, Path(OFLOG).read_bytes()))
    run = NationalImport.objects.get()
    assert (run.dataset, run.state, run.rows_new) == ("oflog_asc", "succeeded", 6376)


def test_a_queued_run_shows_its_progress(admin_client: Client, regional_admin: Any) -> None:
    run = NationalImport.objects.create(
        dataset="ascof_trend",
        file_name="ascof.csv",
        sha256="2" * 64,
        size=10,
        state=NationalImportState.RUNNING,
        step="Comparing with the stored figures",
        rows_read=500,
        rows_matched=480,
        imported_by=regional_admin,
    )
    page = admin_client.get(reverse("returns:national_run", args=[run.pk])).content.decode()
    assert "data-poll-url" in page
    status = admin_client.get(reverse("returns:national_run_json", args=[run.pk])).json()
    assert status["done"] is False
    assert status["message"].startswith("Comparing with the stored figures.")
    assert "rows matched to a measure and place: 480" in status["message"]


@pytest.mark.parametrize("runs", [1, 12])
def test_the_pages_use_a_fixed_number_of_queries(
    admin_client: Client, regional_admin: Any, django_assert_max_num_queries: Any, runs: int
) -> None:
    for number in range(runs):
        NationalImport.objects.create(
            dataset="oflog_asc",
            file_name=f"f{number}.csv",
            sha256=f"{number:064d}",
            size=1,
            state=NationalImportState.SUCCEEDED,
            imported_by=regional_admin,
            report={"conflicts": [], "disappearing": [], "refused": {"x": 1}},
        )
    last = NationalImport.objects.order_by("pk").last()
    assert last is not None
    for url in (
        reverse("returns:national"),
        reverse("returns:national_run", args=[last.pk]),
        reverse("returns:national_report", args=[last.pk]),
    ):
        with django_assert_max_num_queries(12):
            assert admin_client.get(url).status_code == 200


def test_a_failed_run_says_where_and_that_nothing_changed(admin_client: Client) -> None:
    ragged = ascof("ragged.csv", [ROWS[0], "2022-23,Sefton,E08000014,1A"])
    response = upload(admin_client, ragged)
    run = NationalImport.objects.get()
    assert run.state == NationalImportState.FAILED
    page = admin_client.get(reverse("returns:national_run", args=[run.pk])).content.decode()
    assert "There is a problem" in page
    assert "row 3 has 4 columns where the header row has 9" in page
    assert "Nothing was changed: the published figures are as they were before this run." in page
    assert "What the import found" not in page
    assert "Kept, and listed" in page
    listing = admin_client.get(reverse("returns:national")).content.decode()
    assert "None stored" in listing
    assert response.status_code == 302
    assert not PublishedValue.objects.exists()
