"""The OpenAPI 3 description of the open data API, made by drf-spectacular from the API's own
views, and read both by the schema download and by the documentation page."""

import functools
from typing import Any

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "put", "post", "patch", "delete")


def open_data_endpoints(endpoints: list[Any], **kwargs: Any) -> list[Any]:
    """Only the open data API's endpoints, wherever other apps add API views
    (``PREPROCESSING_HOOKS`` in ``SPECTACULAR_SETTINGS``)."""
    return [e for e in endpoints if getattr(e[3], "cls", object).__module__ == "opendata.api"]


@functools.cache
def open_data_schema() -> dict[str, Any]:
    """The schema as a dict (the same for every reader: it describes, it holds no data)."""
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]  # drf-spectacular's generator is unannotated
    return schema


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        resolved: dict[str, Any] = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return resolved
    return node


def _type_words(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        values = [str(v) for v in node["enum"] if v not in (None, "")]
        return "one of " + ", ".join(values) if values else "empty text"
    if "allOf" in node:
        return " ".join(_type_words(schema, n) for n in node["allOf"])
    if "oneOf" in node:
        return " or ".join(_type_words(schema, n) for n in node["oneOf"])
    words = str(node.get("type", "object"))
    if node.get("format"):
        words += f" ({node['format']})"
    if node.get("nullable"):
        words += ", may be null"
    return words


def _fields(schema: dict[str, Any], response: dict[str, Any]) -> list[dict[str, str]]:
    """The fields of one result of a paginated list response."""
    body = _resolve(
        schema, response.get("content", {}).get("application/json", {}).get("schema", {})
    )
    items = _resolve(schema, body.get("properties", {}).get("results", {}).get("items", {}))
    return [
        {
            "name": name,
            "type": _type_words(schema, prop),
            "description": _resolve(schema, prop).get("description", "")
            or prop.get("description", ""),
        }
        for name, prop in items.get("properties", {}).items()
    ]


def open_data_operations() -> list[dict[str, Any]]:
    """Each operation of the schema in words, for the documentation page: method, path,
    summary, description, query parameters and the fields of each result."""
    schema = open_data_schema()
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "type": _type_words(schema, p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                        if p.get("in") == "query"
                    ],
                    "fields": _fields(schema, operation.get("responses", {}).get("200", {})),
                }
            )
    return operations
