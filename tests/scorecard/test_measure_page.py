"""One measure across every council: alphabetical with quartile and band words for everyone,
ordered by value and ranked only for signed-in users, and downloads that cannot run formulas."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from authorities.models import Council
from returns.models import Measure, Polarity
from scorecard.comparators import comparators_recompute
from scorecard.models import CouncilPosition
from tests.factories import accepted_returns, extra_measures, periods

pytestmark = pytest.mark.django_db


def url(measure: Measure, name: str = "scorecard:measure", **kwargs: str) -> str:
    return reverse(name, kwargs={"pk": measure.pk, **kwargs})


@pytest.fixture
def figures(regional_admin):
    quarters = periods(2023, 4)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), regional_admin)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    return quarters


@pytest.fixture
def measure(figures):
    """A measure with a declared better direction whose figures differ between councils."""
    return Measure.objects.in_return().filter(polarity=Polarity.HIGHER).first()


def council_order(html: str) -> list[str]:
    names = list(Council.objects.values_list("name", flat=True))
    body = html.split("<tbody", 1)[1]
    found = [(body.find(f">{name}</a></th>"), name) for name in names]
    return [name for index, name in sorted(found) if index >= 0]


def test_public_page_lists_councils_alphabetically_with_words_not_ranks(measure, client_for):
    response = client_for(None).get(url(measure), {"sort": "value"})
    assert response.status_code == 200
    html = response.content.decode()
    order = council_order(html)
    assert len(order) == 24
    assert order == sorted(order)
    assert "in alphabetical order" in html
    assert "Rank" not in html
    assert "ranked" not in html
    assert "Order councils by" not in html
    assert "quarter of NW values" in html
    assert measure.name in html
    assert "A higher value is better." in html


def test_signed_in_users_may_order_by_value_and_see_ranks(measure, client_for, sefton_lead):
    html = client_for(sefton_lead).get(url(measure), {"sort": "value"}).content.decode()
    assert "ordered by value, best first" in html
    assert "Rank (1 = best)" in html
    order = council_order(html)
    values = {
        p.council.name: p.value
        for p in CouncilPosition.objects.filter(
            measure=measure, period=measure_period()
        ).select_related("council")
    }
    ordered_values = [values[name] for name in order]
    assert ordered_values == sorted(ordered_values, reverse=True)
    assert order != sorted(order)


def test_signed_in_default_order_is_alphabetical(measure, client_for, sefton_lead):
    html = client_for(sefton_lead).get(url(measure)).content.decode()
    order = council_order(html)
    assert order == sorted(order)
    assert "Rank (1 = best)" in html


def measure_period():
    return periods(2023, 4)[-1]


def test_chart_has_a_text_alternative_and_the_table_the_figures(measure, client_for):
    html = client_for(None).get(url(measure)).content.decode()
    assert '<svg class="app-strip-chart" role="img" aria-label="' in html
    assert "24 councils, from" in html
    assert "median" in html
    assert '<caption class="govuk-table__caption' in html
    assert html.count("<h1") == 1


def test_a_quarter_can_be_chosen_and_an_unknown_one_is_404(measure, client_for):
    client = client_for(None)
    assert "2023/24 Q2" in client.get(url(measure), {"period": "2023-24-Q2"}).content.decode()
    assert client.get(url(measure), {"period": "1999-00-Q1"}).status_code == 404


def test_a_measure_without_figures_says_so(client_for):
    measure = Measure.objects.filter(in_return=False).first()
    response = client_for(None).get(url(measure))
    assert response.status_code == 200
    assert "There are no North West figures for this measure yet." in response.content.decode()


def test_unknown_measure_is_404_and_post_is_405(measure, client_for):
    client = client_for(None)
    assert client.get(reverse("scorecard:measure", args=[999_999])).status_code == 404
    assert client.post(url(measure)).status_code == 405


@pytest.mark.parametrize(
    "persona", [None, "wirral_lead", "board_member", "planning_group_member", "regional_admin"]
)
def test_everyone_may_read_and_download(persona, measure, client_for, request):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    assert client.get(url(measure)).status_code == 200
    for fmt in ("csv", "xlsx"):
        assert client.get(url(measure, "scorecard:measure_download", fmt=fmt)).status_code == 200


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_csv_download_has_every_council_alphabetically_without_ranks(measure, client_for):
    response = client_for(None).get(url(measure, "scorecard:measure_download", fmt="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{measure.code.lower()}' in response["Content-Disposition"]
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Council", "ONS code", "Quarter"]
    assert "Rank (1 = best)" not in header
    assert len(body) == 24
    names = [r[0] for r in body]
    assert names == sorted(names)
    wirral = next(r for r in body if r[0] == "Wirral")
    position = CouncilPosition.objects.get(
        council__slug="wirral", measure=measure, period=measure_period()
    )
    assert float(wirral[header.index("Value")]) == pytest.approx(position.value)


def test_signed_in_download_has_ranks_and_stays_alphabetical(measure, client_for, sefton_lead):
    response = client_for(sefton_lead).get(
        url(measure, "scorecard:measure_download", fmt="xlsx"), {"sort": "value"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response)
    assert "Rank (1 = best)" in rows[0]
    names = [r[0] for r in rows[1:]]
    assert names == sorted(names)
    assert all(isinstance(r[rows[0].index("Rank (1 = best)")], int) for r in rows[1:])


def test_downloads_escape_text_a_spreadsheet_would_run(client_for, regional_admin):
    (crafted,) = extra_measures(1)
    crafted.name = '=HYPERLINK("http://evil.example","click")'
    crafted.code = "=1+1"
    crafted.save()
    quarter = periods(2023, 1)[0]
    councils = list(Council.objects.active_on(quarter.ends_on))
    accepted_returns(councils, [quarter], [crafted], regional_admin)
    comparators_recompute(period=quarter)
    Council.objects.filter(slug="wirral").update(name="=cmd|' /C calc'!A0")
    client = client_for(None)
    csv_rows = read_csv(client.get(url(crafted, "scorecard:measure_download", fmt="csv")))
    xlsx_rows = read_xlsx(client.get(url(crafted, "scorecard:measure_download", fmt="xlsx")))
    for rows in (csv_rows, xlsx_rows):
        cells = [str(cell) for row in rows for cell in row if cell is not None]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells[:20]
        assert '\'=HYPERLINK("http://evil.example","click")' in cells
        assert "'=cmd|' /C calc'!A0" in cells
        assert "'=1+1" in cells


def test_unknown_download_format_is_404(measure, client_for):
    response = client_for(None).get(f"/measures/{measure.pk}/download.pdf")
    assert response.status_code == 404


# Query counts: the same ceiling at two scales of councils, measures and quarters.

MEASURE_QUERIES = {None: 5, "planning_group_member": 8}


def build(scale: int, by) -> Measure:
    quarters = periods(2021, 4 * scale)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))[: 8 * scale]
    measures = list(Measure.objects.in_return()) + extra_measures(10 * scale)
    accepted_returns(councils, quarters, measures, by)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    return measures[0]


@pytest.mark.parametrize("persona", [None, "planning_group_member"])
@pytest.mark.parametrize("scale", [1, 3])
@pytest.mark.parametrize("name", ["scorecard:measure", "scorecard:measure_download"])
def test_the_measure_page_and_download_run_a_fixed_number_of_queries(
    name, scale, persona, request, client_for, regional_admin, django_assert_max_num_queries
):
    measure = build(scale, regional_admin)
    client = client_for(request.getfixturevalue(persona) if persona else None)
    kwargs = {"fmt": "csv"} if name == "scorecard:measure_download" else {}
    with django_assert_max_num_queries(MEASURE_QUERIES[persona]):
        response = client.get(url(measure, name, **kwargs), {"sort": "value"})
    assert response.status_code == 200
