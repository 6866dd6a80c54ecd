"""The OpenAPI 3 schema: valid, listing every API endpoint, served as YAML and JSON, and read
into the portal's own documentation page."""

import pytest
import yaml
from django.urls import URLPattern, reverse
from drf_spectacular.validation import validate_schema

from opendata.schema import open_data_operations, open_data_schema
from opendata.urls import urlpatterns

pytestmark = pytest.mark.django_db

# The data endpoints: every URL of the app served by an API list view.
API_NAMES = [
    p.name
    for p in urlpatterns
    if isinstance(p, URLPattern) and getattr(p.callback, "cls", object).__module__ == "opendata.api"
]


def test_the_schema_is_valid_openapi_3():
    schema = open_data_schema()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_the_schema_lists_every_endpoint_with_get_only():
    paths = open_data_schema()["paths"]
    assert sorted(paths) == sorted(reverse(f"opendata:{name}") for name in API_NAMES)
    assert len(API_NAMES) == 4
    for item in paths.values():
        assert set(item) == {"get"}


def test_the_filters_are_described():
    paths = open_data_schema()["paths"]
    values = {p["name"] for p in paths[reverse("opendata:api_measure_values")]["get"]["parameters"]}
    ratings = {p["name"] for p in paths[reverse("opendata:api_ratings")]["get"]["parameters"]}
    assert {"year", "measure", "council", "limit", "offset"} <= values
    assert {"year", "council", "limit", "offset"} <= ratings


def test_the_schema_is_served_as_yaml_and_json(client_for):
    client = client_for(None)
    as_yaml = client.get(reverse("opendata:schema"))
    assert as_yaml.status_code == 200
    assert "openapi" in as_yaml["Content-Type"]
    assert yaml.safe_load(as_yaml.content)["paths"] == open_data_schema()["paths"]
    as_json = client.get(reverse("opendata:schema"), {"format": "json"})
    assert as_json.status_code == 200
    assert as_json.json()["info"]["title"] == "North West SLI Portal open data"
    assert client.post(reverse("opendata:schema")).status_code == 405


def test_the_documentation_page_describes_every_endpoint_from_the_schema(client_for):
    response = client_for(None).get(reverse("opendata:api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(open_data_operations()) == 4
    for operation in open_data_operations():
        assert f"<code>GET {operation['path']}</code>" in html
        for field in operation["fields"]:
            assert f"<code>{field['name']}</code>" in html
    assert "public_commentary" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]
    assert "style=" not in html
    assert reverse("opendata:schema") in html
