"""The open data page of a process, its files, the column descriptions and the DCAT-AP.de catalog."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zukunftswerkstatt.api.conventions import READ_METHODS, public_process
from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.core.spreadsheets import row_safe
from zukunftswerkstatt.processes.models import Process

from .catalog import catalog_rdf
from .datasets import DATASETS, Dataset

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def _limited(request: HttpRequest) -> HttpResponse | None:
    if over_limit(request, "opendata.download:ip", method=READ_METHODS, message=""):
        response = HttpResponse(
            _("Too many downloads from this address. Please wait a while and try again."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    return None


def datasets_of(process: Process) -> list[dict]:
    """The datasets a process has content for, with their size and date (two queries each)."""
    found = []
    for dataset in DATASETS.values():
        count, latest = dataset.summary(process)
        if not count:
            continue
        found.append({"dataset": dataset, "count": count, "modified": latest, "files": files_of(process, dataset)})
    return found


def file_name(process: Process, dataset: Dataset, extension: str) -> str:
    date = timezone.localdate().isoformat()
    return f"{process.organisation.slug}-{process.slug}-{dataset.file_name}-{date}.{extension}"


def files_of(process: Process, dataset: Dataset) -> list[dict]:
    return [
        {
            "format": fmt,
            "label": fmt.upper() if fmt != "geojson" else "GeoJSON",
            "url": reverse(
                "opendata:download",
                kwargs={"org": process.organisation.slug, "process": process.slug, "dataset": dataset.key, "fmt": fmt},
            ),
            "media_type": MEDIA_TYPES[fmt],
        }
        for fmt in dataset.formats
    ]


@require_safe
def process_page(request: HttpRequest, org: str, process: str) -> HttpResponse:
    found = public_process(org, process)
    organisation = found.organisation
    return render(
        request,
        "opendata/process.html",
        {
            "process": found,
            "organisation": organisation,
            "licence": organisation.licence,
            "datasets": datasets_of(found),
            "catalog_url": reverse("opendata:catalog", kwargs={"org": organisation.slug}),
            "datapackage_url": reverse("opendata:datapackage", kwargs={"org": org, "process": process}),
            "api_url": absolute_url(f"/api/v1/organisations/{organisation.slug}/processes/{found.slug}"),
        },
    )


def _csv_lines(dataset: Dataset, process: Process) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    for row in dataset.rows(process):
        writer.writerow(row_safe("" if value is None else value for value in row.values()))
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_lines(dataset: Dataset, process: Process) -> Iterator[str]:
    yield "["
    for number, row in enumerate(dataset.rows(process)):
        yield ("," if number else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def _geojson_lines(dataset: Dataset, process: Process) -> Iterator[str]:
    """RFC 7946: WGS 84, coordinates as [longitude, latitude]; only rows with a pin."""
    licence = process.organisation.licence
    head = {
        "type": "FeatureCollection",
        "name": f"{process.organisation.slug}-{process.slug}-{dataset.file_name}",
        "licence": licence.name,
        "licence_url": licence.url,
        "attribution": process.organisation.attribution,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    number = 0
    for row in dataset.rows(process):
        if row.get("latitude") is None or row.get("longitude") is None:
            continue
        properties = {key: value for key, value in row.items() if key not in {"latitude", "longitude"}}
        feature = {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": properties,
        }
        yield ("," if number else "") + "\n" + json.dumps(feature, ensure_ascii=False)
        number += 1
    yield "\n]}\n"


WRITERS = {"csv": _csv_lines, "json": _json_lines, "geojson": _geojson_lines}


@require_safe
def download(request: HttpRequest, org: str, process: str, dataset: str, fmt: str) -> HttpResponse:
    if (limited := _limited(request)) is not None:
        return limited
    found = public_process(org, process)
    chosen = DATASETS.get(dataset)
    if chosen is None or fmt not in chosen.formats:
        raise Http404
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in WRITERS[fmt](chosen, found)), content_type=MEDIA_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(found, chosen, fmt)}"'
    response["Cache-Control"] = "public, max-age=300"
    response.sets_no_cookies = True  # core.middleware.NoCookiesForPublicDataMiddleware
    return response


@require_safe
def datapackage(request: HttpRequest, org: str, process: str) -> JsonResponse:
    """The column descriptions as a Frictionless Data Package (datapackage.json, Table Schema)."""
    found = public_process(org, process)
    organisation = found.organisation
    licence = organisation.licence
    resources = []
    for entry in datasets_of(found):
        dataset: Dataset = entry["dataset"]
        resources.append(
            {
                "name": dataset.key,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": absolute_url(entry["files"][0]["url"]),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": column.name, "type": column.type, "description": str(column.description)}
                        for column in dataset.columns
                    ],
                    "primaryKey": "id",
                },
            }
        )
    body = {
        "name": f"{organisation.slug}-{found.slug}",
        "title": found.title,
        "homepage": absolute_url(found.get_absolute_url()),
        "licenses": [{"name": licence.code, "path": licence.url, "title": licence.name}],
        "sources": [{"title": organisation.attribution, "path": absolute_url(organisation.get_absolute_url())}],
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": resources,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_safe
def catalog(request: HttpRequest, org: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org)
    processes = list(
        Process.objects.published().filter(organisation=organisation).prefetch_related("municipalities").order_by("pk")
    )
    entries = []
    for found in processes:
        found.organisation = organisation
        entries.append((found, datasets_of(found)))
    response = HttpResponse(catalog_rdf(organisation, entries), content_type="application/rdf+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
