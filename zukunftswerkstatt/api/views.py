"""The API's pages for people: a reference read from the OpenAPI description (plain HTML, works without
JavaScript and with a screen reader), and Swagger UI to send requests from the browser."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_page

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.processes.models import Process

from .api import api


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class Endpoint:
    path: str
    summary: str
    description: str
    tag: str
    parameters: list[Parameter] = field(default_factory=list)
    returns: str = ""
    anchor: str = ""


@dataclass
class SchemaField:
    name: str
    type: str
    description: str
    required: bool


@dataclass
class SchemaDoc:
    name: str
    description: str
    fields: list[SchemaField]


def _type_of(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_type_of(part) for part in schema["anyOf"] if part.get("type") != "null"]
        optional = any(part.get("type") == "null" for part in schema["anyOf"])
        return " | ".join(kinds) + (" | null" if optional else "")
    kind = schema.get("type", "")
    if kind == "array":
        return f"list[{_type_of(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(json.dumps(value) for value in schema["enum"])
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind or "any"


def _returns(operation: dict) -> str:
    responses = operation.get("responses", {})
    ok = responses.get(200) or responses.get("200") or {}
    content = ok.get("content", {}).get("application/json", {})
    return _type_of(content.get("schema", {})) if content else ""


def reference(schema: dict) -> tuple[list[Endpoint], list[SchemaDoc]]:
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        operation = methods.get("get")
        if not operation:
            continue
        endpoint = Endpoint(
            path=path,
            summary=operation.get("summary", ""),
            description=operation.get("description", ""),
            tag=(operation.get("tags") or [""])[0],
            returns=_returns(operation),
            anchor=operation.get("operationId", path),
        )
        for parameter in operation.get("parameters", []):
            endpoint.parameters.append(
                Parameter(
                    name=parameter["name"],
                    where=parameter.get("in", ""),
                    type=_type_of(parameter.get("schema", {})),
                    required=parameter.get("required", False),
                    description=parameter.get("description", "") or parameter.get("schema", {}).get("description", ""),
                )
            )
        endpoints.append(endpoint)
    schemas = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        if name == "Input":  # the paging parameters, already listed with each endpoint
            continue
        required = set(component.get("required", []))
        fields = [
            SchemaField(
                name=field_name,
                type=_type_of(field_schema),
                description=field_schema.get("description", ""),
                required=field_name in required,
            )
            for field_name, field_schema in component.get("properties", {}).items()
        ]
        schemas.append(SchemaDoc(name=name, description=component.get("description", ""), fields=fields))
    return endpoints, schemas


@cache_page(60)
def docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    endpoints, schemas = reference(schema)
    processes = Process.objects.published().select_related("organisation").order_by("organisation__name", "title")
    return render(
        request,
        "api/docs.html",
        {
            "endpoints": endpoints,
            "schemas": schemas,
            "openapi_url": absolute_url(reverse("api-v1:openapi-json")),
            "api_root": absolute_url("/api/v1/"),
            "processes": processes,
        },
    )


def swagger(request: HttpRequest) -> HttpResponse:
    settings = {"url": reverse("api-v1:openapi-json"), "layout": "BaseLayout", "deepLinking": True}
    return render(request, "api/swagger.html", {"swagger_settings": settings})
