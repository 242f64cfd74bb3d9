"""The API object: version 1 of the read API, its routers and its error answers (docs/api.md).

django-ninja builds the OpenAPI description from the endpoints' type hints and pydantic schemas, so
the description cannot drift from what the code returns; it is served at /api/v1/openapi.json and
read by the browsable docs at /api/docs/ (Swagger UI from ninja's own static files, no CDN).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from zukunftswerkstatt.core.links import absolute_url

from .conventions import BadParameter, error_response, public_read
from .routers import contributions, demography, events, organisations, plans, processes, profile, surveys

DESCRIPTION = """Read-only access to everything a visitor without an account can see on this platform:
organisations and their towns, participation processes and their phases, events, the municipal
profile (inventory, SWOT, demographic figures and projections), published contributions with their
status history and the municipality's answers, the measures of the action plan with their progress,
review results and the results of surveys that are public.

Nothing here needs a key. Answers carry `ETag` and `Last-Modified`; send `If-None-Match` or
`If-Modified-Since` to get a `304` when nothing changed. Lists are paged by cursors: follow `next`.
Labels (`*_label`) are German unless `lang=en` (or `Accept-Language: en`).
Version 1 only grows: fields and endpoints may be added, none is renamed or removed while it lasts.
Data licence: see each organisation's `licence` and the open data page of each process.
"""


class Utf8JsonRenderer(JSONRenderer):
    """German text as it is ("Spielplätze", not "Spielpl\\u00e4tze"): shorter, and readable in curl."""

    json_dumps_params = {"ensure_ascii": False}


class ReadApi(NinjaAPI):
    """NinjaAPI whose OpenAPI description is built once per process: it depends on the code only,
    and building it walks every schema (about 4 ms a request, more as endpoints are added)."""

    _schemas: dict = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        if key not in self._schemas:
            self._schemas[key] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return self._schemas[key]


api = ReadApi(
    title="Zukunftswerkstatt API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
    renderer=Utf8JsonRenderer(),
)
api.add_decorator(public_read, mode="view")

for module in (organisations, processes, events, profile, demography, contributions, plans, surveys):
    api.add_router("", module.router)


class IndexOut(Schema):
    version: str = Field(..., description="The version of the API these addresses belong to.")
    organisations: str = Field(..., description="Where to start: the organisations on this platform.")
    openapi: str = Field(..., description="The OpenAPI description of this version.")
    docs: str = Field(..., description="The reference for people.")


@api.get("/", response=IndexOut, summary="Where to start", tags=["Organisations"], url_name="index")
def index(request: HttpRequest):
    return {
        "version": "1",
        "organisations": absolute_url("/api/v1/organisations"),
        "openapi": absolute_url("/api/v1/openapi.json"),
        "docs": absolute_url("/api/docs/"),
    }


@api.exception_handler(ValidationError)
def _bad_parameters(request: HttpRequest, exc: ValidationError):
    errors = []
    for error in exc.errors:
        if "msg" in error:
            errors.append(
                {"parameter": ".".join(str(part) for part in error.get("loc", ())[1:]), "message": error["msg"]}
            )
        else:  # ninja's cursor check names the parameter as the key: {"cursor": "Invalid Cursor"}
            errors.extend(
                {"parameter": name, "message": _("This cursor is not valid. Start again without one.")}
                for name in error
            )
    return error_response(request, 400, _("Some parameters are not valid."), errors)


@api.exception_handler(BadParameter)
def _bad_parameter(request: HttpRequest, exc: BadParameter):
    return error_response(request, 400, exc.message, [{"parameter": exc.parameter, "message": exc.message}])


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return error_response(request, 404, _("Not found, or not public."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return error_response(request, exc.status_code, str(exc))
