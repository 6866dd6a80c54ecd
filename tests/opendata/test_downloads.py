"""Downloads as CSV and XLSX: formula-safe text, numbers kept as numbers, filters checked with
a message a reader understands, and named files."""

import pytest
from django.urls import reverse

from tests.opendata.conftest import (
    FORMULA_COMMENTARY,
    MINUS_COMMENTARY,
    NEGATIVE_FIGURE,
    csv_rows,
    xlsx_cells,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db


def download(client, name: str, fmt: str, **query: str):
    return client.get(reverse(name, args=[fmt]), query)


def test_ratings_csv_escapes_formulas_and_text_starting_with_minus(published, client_for):
    response = download(client_for(None), "opendata:ratings_download", "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    commentary = [r[6] for r in csv_rows(response.content)[1:]]
    assert "'" + FORMULA_COMMENTARY in commentary
    assert "'" + MINUS_COMMENTARY in commentary
    assert FORMULA_COMMENTARY not in commentary


def test_ratings_xlsx_holds_escaped_text_never_a_formula(published, client_for):
    content = download(client_for(None), "opendata:ratings_download", "xlsx").content
    cells = [row[6] for row in xlsx_cells(content)[1:]]
    texts = [c.value for c in cells]
    assert "'" + FORMULA_COMMENTARY in texts
    assert "'" + MINUS_COMMENTARY in texts
    assert all(c.data_type != "f" for c in cells)


def test_negative_values_stay_numbers_in_xlsx_and_plain_in_csv(published, client_for):
    client = client_for(None)
    rows = xlsx_rows(
        download(client, "opendata:measure_values_download", "xlsx", council="sefton").content
    )
    assert rows[0][7] == "Value"
    values = [r[7] for r in rows[1:]]
    assert NEGATIVE_FIGURE in values
    assert all(isinstance(v, float | int) for v in values)
    cells = xlsx_cells(
        download(client, "opendata:measure_values_download", "xlsx", council="sefton").content
    )
    negative = next(c[7] for c in cells[1:] if c[7].value == NEGATIVE_FIGURE)
    assert negative.data_type == "n"
    csv_values = [
        r[7]
        for r in csv_rows(
            download(client, "opendata:measure_values_download", "csv", council="sefton").content
        )[1:]
    ]
    assert "-5.0" in csv_values


def test_measure_values_have_the_documented_columns(published, client_for):
    rows = csv_rows(download(client_for(None), "opendata:measure_values_download", "csv").content)
    assert rows[0] == [
        "Council",
        "ONS code",
        "Measure code",
        "Measure name",
        "Framework",
        "Financial year",
        "Period",
        "Value",
        "Unit",
        "Source",
    ]
    wirral = [r for r in rows if r[1] == "E08000015" and r[6] == "2023/24 Q4"]
    assert len(wirral) == 3
    assert {r[9] for r in wirral} == {"Accepted quarterly return"}


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ({}, "nw-sli-measure-values.csv"),
        ({"year": "2023"}, "nw-sli-measure-values-2023-24.csv"),
        ({"year": "2023/24", "council": "E08000015"}, "nw-sli-measure-values-2023-24-wirral.csv"),
    ],
)
def test_downloads_are_named_for_what_they_hold(published, client_for, query, filename):
    response = download(client_for(None), "opendata:measure_values_download", "csv", **query)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_measure_filter_names_the_file_and_keeps_only_that_measure(published, client_for):
    code = published.measure.code
    response = download(
        client_for(None), "opendata:measure_values_download", "xlsx", measure=code.lower()
    )
    assert response["Content-Disposition"].endswith(f'-{code.lower()}.xlsx"')
    assert {r[2] for r in xlsx_rows(response.content)[1:]} == {code}


def test_year_filter_keeps_only_that_financial_year(published, client_for):
    rows = csv_rows(
        download(client_for(None), "opendata:ratings_download", "csv", year="2023-24").content
    )
    assert len(rows) == 4
    assert {r[2] for r in rows[1:]} == {"2023/24"}
    assert csv_rows(
        download(client_for(None), "opendata:ratings_download", "csv", year="2022").content
    ) == [csv_rows(download(client_for(None), "opendata:ratings_download", "csv").content)[0]]


def test_a_blank_filter_from_the_form_is_no_filter(published, client_for):
    client = client_for(None)
    blank = download(client, "opendata:measure_values_download", "csv", year="", measure=" ")
    assert blank.status_code == 200
    assert blank.content == download(client, "opendata:measure_values_download", "csv").content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "last year"}, "&#x27;last year&#x27; is not a year. Enter the year the"),
        ({"year": "2023-25"}, "the second year must follow the first, like 2023-24"),
        ({"year": "1066"}, "The year must be between 2000 and 2099"),
        ({"measure": "NOPE"}, "There is no measure with the code &#x27;NOPE&#x27;."),
        ({"council": "Narnia"}, "There is no council &#x27;Narnia&#x27;."),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bad_filter_is_refused_with_a_clear_message(published, client_for, query, message, fmt):
    response = download(client_for(None), "opendata:measure_values_download", fmt, **query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    assert "Content-Disposition" not in response


def test_formula_in_a_filter_is_shown_as_text(published, client_for):
    response = download(client_for(None), "opendata:measure_values_download", "csv", measure="=1+1")
    assert response.status_code == 400
    assert "There is no measure with the code &#x27;=1+1&#x27;." in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_downloads_answer_only_get(published, client_for, sefton_lead, method):
    url = reverse("opendata:ratings_download", args=["csv"])
    assert getattr(client_for(sefton_lead), method)(url).status_code == 405
