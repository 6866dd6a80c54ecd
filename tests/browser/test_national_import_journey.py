"""The regional administrator uploads a national file, watches the import, reads and downloads
its report; a second upload of the same file is recognised; a hostile file and a file in no
known layout are refused with the reason. axe-core reports no WCAG 2.2 AA violation on any
page visited."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from returns.models import NationalImport, PublishedValue
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from tests.returns.test_national_import import ASCOF_HEADER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "alex.admin@nwadass.example"
ROWS = [
    "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome",
    "2022-23,Sefton,E08000014,1A,Quality of life,19.1,Council,Total,Outcome",
    "2022-23,Wirral,E08000015,1A,Quality of life,17.0,Council,Total,Outcome",
]


def choose_and_upload(page: Page, path: Path) -> None:
    page.get_by_label("Upload a national file").set_input_files(path)
    page.get_by_role("button", name="Upload and import").click()


def test_administrator_imports_a_national_file_and_reads_its_report(
    page: Page, tmp_path: Path
) -> None:
    make_user(EMAIL, Role.REGIONAL_ADMIN)
    ascof = tmp_path / "ascof-2022-23.csv"
    ascof.write_text("\n".join([ASCOF_HEADER, *ROWS]) + "\n")
    page.goto("/accounts/login/")
    sign_in(page, EMAIL)
    page.goto("/returns/national/")
    expect(page.get_by_role("heading", name="National imports")).to_be_visible()
    assert_accessible(page)

    choose_and_upload(page, ascof)
    expect(page).to_have_url(re.compile(r"/returns/national/\d+/$"))
    expect(page.get_by_role("heading", name="Importing the file")).to_have_count(0)
    expect(page.get_by_role("heading", name="File imported")).to_be_visible()
    expect(page.get_by_text("Conflicts: a later row with another figure")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (CSV)").click()
    report = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "conflict,4,1A,2022-23" in report
    assert PublishedValue.objects.count() == 2

    page.goto("/returns/national/")
    choose_and_upload(page, ascof)
    expect(page.get_by_text("This same file was already imported")).to_be_visible()
    assert NationalImport.objects.count() == 1
    assert_accessible(page)

    hostile = tmp_path / "figures.csv"
    hostile.write_bytes(b"PK\x03\x04\x14\x00\x00\x00workbook renamed")
    page.goto("/returns/national/")
    choose_and_upload(page, hostile)
    expect(page.get_by_role("link", name=re.compile("not a CSV text file"))).to_be_visible()
    assert_accessible(page)

    unknown = tmp_path / "other.csv"
    unknown.write_text("Year,Council,Value\n2022-23,Wirral,1\n")
    choose_and_upload(page, unknown)
    expect(page.get_by_role("link", name=re.compile("not in any national layout"))).to_be_visible()
    assert NationalImport.objects.count() == 1
