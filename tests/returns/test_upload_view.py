"""Uploading through the page: every bad input is refused with a message a council officer
understands, pointing at the row and column, and nothing is stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from returns.models import Measure, ReturnUpload, ReturnValue, ReturnVersion, UploadState
from tests.conftest import committed
from tests.returns.files import return_rows, to_csv, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client_for, wirral_lead):
    return client_for(wirral_lead)


def post_upload(client, wirral, period, upload, reason=""):
    url = reverse("returns:upload", args=[wirral.slug, period.slug])
    with committed():
        return client.post(url, {"file": upload, "reason": reason})


def csv_file(rows, name="return.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, to_csv(rows, encoding=encoding))


def result_page(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def assert_nothing_stored():
    assert not ReturnVersion.objects.exists()
    assert not ReturnValue.objects.exists()


# Refused before anything is stored: the form shows the error above the file field.
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "return.txt",
            b"council_code,period\n",
            "The selected file must be a CSV or Excel (.xlsx) file",
        ),
        ("return.xlsm", b"PK\x03\x04", "Macro-enabled workbooks cannot be uploaded"),
        ("return.xls", b"\xd0\xcf\x11\xe0", "older type of Excel file (.xls)"),
        ("return.csv", b"", "The selected file is empty"),
        ("return.csv", b"a" * (5 * 1024 * 1024 + 1), "The selected file must be smaller than 5 MB"),
    ],
    ids=["wrong-type", "macro-extension", "old-excel", "empty", "over-5-mb"],
)
def test_bad_file_is_refused_before_storing(
    lead_client, wirral, open_period, name, content, message
):
    response = post_upload(lead_client, wirral, open_period, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not ReturnUpload.objects.exists()
    assert_nothing_stored()


def test_missing_file_is_asked_for(lead_client, wirral, open_period):
    url = reverse("returns:upload", args=[wirral.slug, open_period.slug])
    response = lead_client.post(url, {})
    assert response.status_code == 400
    assert "Select the file with your return" in response.content.decode()


def _rows_with(wirral, period, mutate):
    rows = return_rows(wirral, period)
    mutate(rows)
    return rows


def _row_of(rows, code):
    return next(i for i, row in enumerate(rows) if row[2] == code)


def _set(code, column, value):
    def mutate(rows):
        rows[_row_of(rows, code)][column] = value

    return mutate


BAD_ROWS = [
    ("non-numeric-na", _set("2C", 5, "n/a"), "'n/a' is not a number", "value"),
    ("decimal-comma", _set("2C", 5, "12,5"), "Use a full stop for decimals", "value"),
    ("words", _set("2C", 5, "ten"), "'ten' is not a number", "value"),
    ("NA-text", _set("2C", 5, "NA"), "'NA' is not a number", "value"),
    ("None-text", _set("2C", 5, "None"), "'None' is not a number", "value"),
    ("percentage-140", _set("2D1", 5, "140"), "outside the range", "value"),
    ("unknown-measure", _set("2C", 2, "9Z9"), "9Z9", "measure_code"),
    ("another-council", _set("2C", 0, "E08000014"), "E08000014", "council_code"),
    ("another-period", _set("2C", 1, "2023-24-Q4"), "2023/24 Q4", "period"),
    ("formula-text", _set("2C", 5, "=1+1"), "formula", "value"),
]


@pytest.mark.parametrize(
    ("case", "mutate", "message", "column"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS]
)
def test_bad_row_is_listed_by_row_and_column_and_nothing_stored(
    lead_client, wirral, open_period, case, mutate, message, column
):
    rows = _rows_with(wirral, open_period, mutate)
    response = post_upload(lead_client, wirral, open_period, csv_file(rows))
    html = result_page(lead_client, response)
    upload = ReturnUpload.objects.get()
    assert upload.state == UploadState.INVALID
    [problem] = upload.problems
    assert message in problem["message"]
    assert problem["column"] == column
    changed = next(i for i, row in enumerate(rows) if row != return_rows(wirral, open_period)[i])
    assert problem["row"] == changed + 1
    assert f">{changed + 1}<" in html
    assert "Nothing from this file was saved" in html
    assert_nothing_stored()


def test_a_measure_twice_points_at_both_rows(lead_client, wirral, open_period):
    rows = return_rows(wirral, open_period)
    rows.append(list(rows[_row_of(rows, "2C")]))
    response = post_upload(lead_client, wirral, open_period, csv_file(rows))
    result_page(lead_client, response)
    [problem] = ReturnUpload.objects.get().problems
    assert problem["row"] == len(rows)
    assert f"row {_row_of(rows, '2C') + 1}" in problem["message"].lower()
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda rows: [r.pop(5) for r in rows], "missing the column 'value'"),
        (lambda rows: [r.append("x") for r in rows], "is not one of the template's columns"),
        (lambda rows: [r.append(r[5]) for r in rows], "is in the file twice"),
    ],
    ids=["missing-column", "unknown-column", "repeated-column"],
)
def test_wrong_columns_are_refused(lead_client, wirral, open_period, mutate, message):
    rows = return_rows(wirral, open_period)
    mutate(rows)
    response = post_upload(lead_client, wirral, open_period, csv_file(rows))
    html = result_page(lead_client, response)
    assert message in html.replace("&#x27;", "'")
    assert_nothing_stored()


def test_numerator_above_denominator_and_mismatch_are_refused(lead_client, wirral, open_period):
    Measure.objects.filter(code="2D1", in_return=True).update(collects_numerator_denominator=True)
    rows = return_rows(wirral, open_period)
    row = rows[_row_of(rows, "2D1")]
    row[5], row[6], row[7] = "80.0", "120", "100"
    response = post_upload(lead_client, wirral, open_period, csv_file(rows))
    result_page(lead_client, response)
    messages = [p["message"] for p in ReturnUpload.objects.get().problems]
    assert any("numerator" in m and "denominator" in m for m in messages)
    rows[_row_of(rows, "2D1")][6] = "30"
    response = post_upload(lead_client, wirral, open_period, csv_file(rows, name="second.csv"))
    result_page(lead_client, response)
    latest = ReturnUpload.objects.order_by("-pk").first()
    assert any("does not match" in p["message"] for p in latest.problems)
    assert_nothing_stored()


def test_windows_1252_and_bom_files_are_read(lead_client, wirral, open_period):
    rows = return_rows(wirral, open_period)
    rows[1][3] = "Café £ measure"
    response = post_upload(lead_client, wirral, open_period, csv_file(rows, encoding="cp1252"))
    result_page(lead_client, response)
    bom = SimpleUploadedFile(
        "bom.csv", b"\xef\xbb\xbf" + to_csv(return_rows(wirral, open_period, **{"2C": "7"}))
    )
    response = post_upload(lead_client, wirral, open_period, bom)
    result_page(lead_client, response)
    assert list(ReturnUpload.objects.order_by("pk").values_list("state", flat=True)) == [
        "valid",
        "valid",
    ]


def _xlsx_bytes(wirral, period, **overrides):
    return xlsx_upload(wirral, period, **overrides).read()


def test_formula_cell_in_xlsx_is_never_evaluated(lead_client, wirral, open_period):
    workbook = load_workbook(io.BytesIO(_xlsx_bytes(wirral, open_period)))
    workbook.active["F2"] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post_upload(
        lead_client, wirral, open_period, SimpleUploadedFile("f.xlsx", buffer.getvalue())
    )
    result_page(lead_client, response)
    [problem] = ReturnUpload.objects.get().problems
    assert (problem["row"], problem["column"]) == (2, "value")
    assert "formula" in problem["message"]
    assert_nothing_stored()


def test_zip_bomb_is_refused_before_parsing(lead_client, wirral, open_period, settings):
    settings.RETURN_UPLOAD_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1024 * 1024))
    response = post_upload(
        lead_client, wirral, open_period, SimpleUploadedFile("bomb.xlsx", buffer.getvalue())
    )
    html = result_page(lead_client, response)
    assert "unpacks to more than" in html
    assert_nothing_stored()


def test_xml_entity_expansion_is_refused(lead_client, wirral, open_period):
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes(wirral, open_period)))
    buffer = io.BytesIO()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = laughs if item.filename == "xl/workbook.xml" else source.read(item.filename)
            archive.writestr(item.filename, data)
    response = post_upload(
        lead_client, wirral, open_period, SimpleUploadedFile("lol.xlsx", buffer.getvalue())
    )
    html = result_page(lead_client, response)
    assert "could not be read as an Excel workbook" in html
    assert_nothing_stored()


def test_macro_workbook_named_xlsx_is_refused(lead_client, wirral, open_period):
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes(wirral, open_period)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            archive.writestr(item.filename, source.read(item.filename))
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    response = post_upload(
        lead_client, wirral, open_period, SimpleUploadedFile("m.xlsx", buffer.getvalue())
    )
    html = result_page(lead_client, response)
    assert "Macro-enabled workbooks cannot be uploaded" in html
    assert_nothing_stored()


def test_blank_values_save_a_flagged_draft(lead_client, wirral, open_period):
    rows = return_rows(wirral, open_period, **{"2C": "", "1A": ""})
    response = post_upload(lead_client, wirral, open_period, csv_file(rows))
    result_page(lead_client, response)
    version = ReturnVersion.objects.get()
    page = lead_client.get(
        reverse("returns:version", args=[wirral.slug, open_period.slug, 1])
    ).content.decode()
    assert version.blank_count == 2
    assert "This is a partial return: 2 measures without a figure" in page
    assert "Submit version 1" not in page


def test_an_earlier_version_is_never_overwritten(lead_client, wirral, open_period):
    post_upload(
        lead_client,
        wirral,
        open_period,
        csv_file(return_rows(wirral, open_period, **{"2C": "500"})),
    )
    first = list(
        ReturnValue.objects.filter(version__number=1).values_list("measure__code", "value")
    )
    post_upload(
        lead_client,
        wirral,
        open_period,
        csv_file(return_rows(wirral, open_period, **{"2C": "ten"})),
    )
    post_upload(
        lead_client,
        wirral,
        open_period,
        csv_file(return_rows(wirral, open_period, **{"2C": "650"})),
    )
    assert (
        list(ReturnValue.objects.filter(version__number=1).values_list("measure__code", "value"))
        == first
    )
    assert ReturnVersion.objects.count() == 2
    compare = lead_client.get(
        reverse("returns:compare", args=[wirral.slug, open_period.slug, 2, 1])
    )
    assert "1 figure changed" in compare.content.decode()


def test_double_clicked_upload_makes_one_version(lead_client, wirral, open_period):
    content = to_csv(return_rows(wirral, open_period))
    post_upload(lead_client, wirral, open_period, SimpleUploadedFile("r.csv", content))
    second = post_upload(lead_client, wirral, open_period, SimpleUploadedFile("r.csv", content))
    assert second.status_code == 302
    assert ReturnVersion.objects.count() == 1
    page = lead_client.get(second["Location"], follow=True).content.decode()
    assert "You already uploaded this same file" in page


def test_double_clicked_submit_submits_once(lead_client, wirral, open_period):
    post_upload(lead_client, wirral, open_period, csv_file(return_rows(wirral, open_period)))
    url = reverse("returns:submit", args=[wirral.slug, open_period.slug, 1])
    lead_client.post(url)
    lead_client.post(url)
    from returns.models import ReturnEvent

    assert ReturnEvent.objects.filter(action="submitted").count() == 1


def test_status_json_reports_progress(lead_client, wirral, open_period):
    response = post_upload(
        lead_client, wirral, open_period, csv_file(return_rows(wirral, open_period))
    )
    upload = ReturnUpload.objects.get()
    data = lead_client.get(reverse("returns:upload_status_json", args=[upload.pk])).json()
    assert data == {
        "state": "valid",
        "done": True,
        "progress": 100,
        "message": "Checked: no problems",
        "redirect": "",
    }
    assert response.status_code == 302


def test_template_downloads_match_what_the_upload_accepts(lead_client, wirral, open_period):
    csv_response = lead_client.get(
        reverse("returns:template", args=[wirral.slug, open_period.slug, "csv"])
    )
    assert (
        csv_response["Content-Disposition"]
        == f'attachment; filename="wirral-return-{open_period.slug}.csv"'
    )
    text = csv_response.content.decode("utf-8-sig")
    assert (
        text.splitlines()[0]
        == "council_code,period,measure_code,measure_name,unit,value,numerator,denominator,"
        "first_month,second_month,third_month,tier,section,definition,how_to_fill_in"
    )
    items = [line for line in text.splitlines()[1:] if not line.startswith("#")]
    assert len(items) == Measure.objects.in_return().count()
    xlsx = lead_client.get(
        reverse("returns:template", args=[wirral.slug, open_period.slug, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["council_code", "period", "measure_code"]
    assert sheet.max_row == 1 + Measure.objects.in_return().count()
