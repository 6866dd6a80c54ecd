"""The API's page size has a ceiling: no limit reads a whole table or breaks the database."""

import pytest
from django.urls import reverse

from authorities.models import Council
from opendata.api import MAX_PAGE_SIZE
from returns.models import GeographyLevel, Measure, PublishedValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def more_values_than_a_page() -> int:
    """Published council figures for more years than fit on one page."""
    measure = Measure.objects.in_return().first()
    assert measure is not None
    councils = list(Council.objects.all())
    years = range(1990, 1990 + MAX_PAGE_SIZE // len(councils) + 2)
    PublishedValue.objects.bulk_create(
        PublishedValue(
            measure=measure,
            year=year,
            level=GeographyLevel.COUNCIL,
            geography=council.ons_code,
            geography_name=council.name,
            value=50.0,
            dataset="ascof",
        )
        for council in councils
        for year in years
    )
    count = len(councils) * len(years)
    assert count > MAX_PAGE_SIZE
    return count


@pytest.mark.parametrize("limit", ["1000000", "99999999999999999999999"])
def test_a_limit_above_the_ceiling_is_clamped_to_one_page(client, more_values_than_a_page, limit):
    response = client.get(reverse("opendata:api_measure_values"), {"limit": limit})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == more_values_than_a_page
    assert len(body["results"]) == MAX_PAGE_SIZE
    assert f"limit={MAX_PAGE_SIZE}" in body["next"]
    assert f"offset={MAX_PAGE_SIZE}" in body["next"]


def test_an_absurd_offset_is_an_empty_page_not_an_error(client, more_values_than_a_page):
    response = client.get(
        reverse("opendata:api_measure_values"), {"offset": "99999999999999999999999"}
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_ceiling_is_documented_in_the_openapi_schema(client):
    schema = client.get(reverse("opendata:schema"))
    assert f"treated as {MAX_PAGE_SIZE}" in schema.content.decode()
