"""The JSON API: GET only, paginated, stable field names, filters checked."""

import pytest
from django.urls import reverse

from tests.opendata.conftest import PUBLIC_COMMENTARY, all_results

pytestmark = pytest.mark.django_db

API = [
    "opendata:api_councils",
    "opendata:api_measures",
    "opendata:api_measure_values",
    "opendata:api_ratings",
]
FIELDS = {
    "opendata:api_councils": {
        "ons_code",
        "name",
        "slug",
        "authority_type",
        "authority_type_label",
        "sub_region",
        "cassr_code",
        "start_date",
        "end_date",
    },
    "opendata:api_measures": {
        "id",
        "code",
        "framework_version",
        "name",
        "definition",
        "numerator_denominator",
        "data_collection",
        "tier",
        "tier_label",
        "scorecard_domain",
        "unit",
        "unit_label",
        "polarity",
        "polarity_label",
        "region_polarity",
        "region_polarity_reason",
        "decimal_places",
        "in_return",
        "retired",
        "first_year",
        "last_year",
        "predecessor",
        "source",
    },
    "opendata:api_measure_values": {
        "council_name",
        "council_ons_code",
        "measure_id",
        "measure_code",
        "measure_name",
        "framework_version",
        "year",
        "year_label",
        "quarter",
        "period_label",
        "value",
        "unit",
        "source",
        "source_label",
    },
    "opendata:api_ratings": {
        "council_name",
        "council_ons_code",
        "year",
        "year_label",
        "quarter",
        "period_label",
        "domain",
        "domain_name",
        "rating",
        "rating_label",
        "public_commentary",
        "published_at",
    },
}


@pytest.mark.parametrize("name", API)
def test_each_endpoint_lists_results_with_stable_field_names(published, client_for, name):
    response = client_for(None).get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"]
    for result in body["results"]:
        assert set(result) == FIELDS[name]


@pytest.mark.parametrize("name", API)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("persona", [None, "regional_admin"])
def test_only_get_is_allowed(published, client_for, request, name, method, persona):
    user = request.getfixturevalue(persona) if persona else None
    response = getattr(client_for(user), method)(reverse(name), {})
    assert response.status_code == 405


def test_lists_are_paginated_by_limit_and_offset(published, client_for):
    client = client_for(None)
    url = reverse("opendata:api_councils")
    first = client.get(url, {"limit": 5}).json()
    assert first["count"] == 25
    assert len(first["results"]) == 5
    assert "offset=5" in first["next"]
    second = client.get(url, {"limit": 5, "offset": 5}).json()
    assert not {c["ons_code"] for c in first["results"]} & {
        c["ons_code"] for c in second["results"]
    }


def test_measure_values_filter_by_measure_council_and_year(published, client_for):
    client = client_for(None)
    code = published.measure.code
    results = all_results(
        client, "opendata:api_measure_values", measure=code, council="E08000015", year="2023"
    )
    assert [(r["measure_code"], r["council_name"], r["period_label"]) for r in results] == [
        (code, "Wirral", "2023/24 Q4")
    ]


def test_ratings_filter_by_year_and_council(published, client_for):
    client = client_for(None)
    assert [
        r["public_commentary"]
        for r in all_results(client, "opendata:api_ratings", council="wirral", year="2023")
    ] == [PUBLIC_COMMENTARY]
    assert all_results(client, "opendata:api_ratings", year="2024") == []


@pytest.mark.parametrize(
    ("name", "query", "field", "message"),
    [
        ("opendata:api_ratings", {"year": "soon"}, "year", "'soon' is not a year."),
        ("opendata:api_measure_values", {"measure": "ZZZ"}, "measure", "no measure with"),
        ("opendata:api_measure_values", {"council": "x"}, "council", "There is no council 'x'."),
    ],
)
def test_a_bad_filter_is_a_400_with_the_message_under_its_name(
    published, client_for, name, query, field, message
):
    response = client_for(None).get(reverse(name), query)
    assert response.status_code == 400
    assert message in response.json()[field][0]
