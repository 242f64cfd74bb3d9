"""Open data of a process: the page, the files, the column descriptions and the DCAT-AP.de catalog."""

from __future__ import annotations

import csv
import io
import json

import defusedxml.ElementTree as ET
import pytest

from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.ideas.models import Idea, Visibility
from zukunftswerkstatt.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def _published(module, **kwargs) -> Idea:
    idea = IdeaFactory(module=module, **kwargs)
    Idea.objects.filter(pk=idea.pk).update(visibility=Visibility.PUBLISHED)
    idea.refresh_from_db()
    return idea


def _base(process) -> str:
    return f"/open-data/{process.organisation.slug}/{process.slug}"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def contributions(ideas_module, guest_module, town_a):
    with_pin = _published(
        ideas_module,
        author=UserFactory(display_name="SECRET-NAME"),
        title="Bank am Markt",
        municipality=town_a,
        place_name="Markt",
        latitude="50.510000",
        longitude="12.380000",
    )
    without_pin = _published(ideas_module, title="=HYPERLINK(1)")
    hidden = _published(ideas_module, title="SECRET-HIDDEN")
    Idea.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN, hidden_reason="x")
    Idea.objects.update(moderator_note="SECRET-NOTE")
    guest = IdeaFactory(module=guest_module, author=None, guest_name="SECRET-GUEST")
    Idea.objects.filter(pk=guest.pk).update(visibility=Visibility.PUBLISHED)
    return with_pin, without_pin, guest


def test_the_page_lists_the_datasets_with_licence_and_columns(client, process, contributions):
    response = client.get(_base(process) + "/", HTTP_COOKIE="zw_language=en")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in content
    assert f"{_base(process)}/contributions.geojson" in content
    assert "catalog.rdf" in content
    for column in DATASETS["contributions"].columns:
        assert f"<code>{column.name}</code>" in content


def test_csv_has_the_documented_columns_and_no_private_data(client, process, contributions):
    response = client.get(_base(process) + "/contributions.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "goeltzschtal-attraktiv-im-wandel-beitraege-" in response["Content-Disposition"]
    text = _body(response).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [column.name for column in DATASETS["contributions"].columns]
    assert len(rows) == 3
    assert "SECRET" not in text
    # A text a spreadsheet would run as a formula is defused in the CSV, kept exactly in the JSON.
    assert "'=HYPERLINK(1)" in [row["title"] for row in rows]
    data = json.loads(_body(client.get(_base(process) + "/contributions.json")))
    assert "=HYPERLINK(1)" in [row["title"] for row in data]
    assert all(set(row) == {column.name for column in DATASETS["contributions"].columns} for row in data)


def test_geojson_holds_the_contributions_with_a_pin_in_lon_lat_order(client, process, contributions):
    with_pin = contributions[0]
    response = client.get(_base(process) + "/contributions.geojson")
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(_body(response))
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [12.38, 50.51]}
    assert feature["properties"]["title"] == with_pin.title
    assert "latitude" not in feature["properties"]


def test_unpublished_processes_have_no_open_data(client, process, contributions):
    process.is_published = False
    process.save()
    for suffix in ("/", "/contributions.csv", "/datapackage.json"):
        assert client.get(_base(process) + suffix).status_code == 404
    catalog = client.get(f"/open-data/{process.organisation.slug}/catalog.rdf").content.decode()
    assert process.slug not in catalog


def test_unknown_datasets_and_formats_are_404(client, process, contributions):
    assert client.get(_base(process) + "/secrets.csv").status_code == 404
    assert client.get(_base(process) + "/measures.geojson").status_code == 404
    assert client.get(_base(process) + "/contributions.xlsx").status_code == 404


def test_every_column_is_described():
    for dataset in DATASETS.values():
        names = [column.name for column in dataset.columns]
        assert len(names) == len(set(names))
        assert all(str(column.description).strip() for column in dataset.columns)


def test_datapackage_describes_every_column(client, process, contributions):
    package = client.get(_base(process) + "/datapackage.json").json()
    (resource,) = package["resources"]
    assert resource["name"] == "contributions"
    assert [field["name"] for field in resource["schema"]["fields"]] == [
        column.name for column in DATASETS["contributions"].columns
    ]
    assert package["licenses"][0]["path"] == "https://www.govdata.de/dl-de/by-2-0"


NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
}


def test_the_catalog_has_what_dcat_ap_de_requires(client, process, contributions, town_a):
    response = client.get(f"/open-data/{process.organisation.slug}/catalog.rdf")
    assert response["Content-Type"].startswith("application/rdf+xml")
    root = ET.fromstring(response.content)
    (catalog,) = root.findall("dcat:Catalog", NS)
    assert catalog.find("dct:title", NS).text
    assert catalog.find("dct:publisher", NS) is not None
    datasets = root.findall("dcat:Dataset", NS)
    assert len(datasets) == 1
    dataset = datasets[0]
    for required in ("dct:title", "dct:description", "dct:publisher", "dcat:contactPoint", "dcat:theme",
                     "dct:spatial", "dcat:distribution", "dct:modified", "dcat:landingPage"):  # fmt: skip
        assert dataset.find(required, NS) is not None, required
    keys = [
        element.get(f"{{{NS['rdf']}}}resource") for element in dataset.iter(f"{{{NS['dcatde']}}}politicalGeocodingURI")
    ]
    assert f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{town_a.ags}" in keys
    distributions = root.findall("dcat:Distribution", NS)
    assert len(distributions) == 3
    for distribution in distributions:
        licence = distribution.find("dct:license", NS).get(f"{{{NS['rdf']}}}resource")
        assert licence == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        assert distribution.find("dcatde:licenseAttributionByText", NS).text == process.organisation.name
        assert distribution.find("dcat:downloadURL", NS) is not None
        assert distribution.find("dct:format", NS) is not None


def test_the_licence_follows_the_organisations_choice(client, process, contributions):
    organisation = process.organisation
    organisation.data_licence = "cc-zero"
    organisation.save()
    root = ET.fromstring(client.get(f"/open-data/{organisation.slug}/catalog.rdf").content)
    licences = {e.get(f"{{{NS['rdf']}}}resource") for e in root.iter(f"{{{NS['dct']}}}license")}
    assert licences == {"http://dcat-ap.de/def/licenses/cc-zero"}
    assert not list(root.iter(f"{{{NS['dcatde']}}}licenseAttributionByText"))


@pytest.mark.parametrize("count", [1, 25])
def test_a_download_costs_a_fixed_number_of_queries(client, process, ideas_module, count, django_assert_num_queries):
    for _ in range(count):
        _published(ideas_module)
    # Process, its modules, the rows, target groups, status changes.
    with django_assert_num_queries(5):
        body = _body(client.get(_base(process) + "/contributions.csv"))
    assert body.count(b"\r\n") == count + 1


def test_downloads_are_rate_limited(client, process, contributions, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "opendata.download:ip": "2/h"}
    statuses = [client.get(_base(process) + "/contributions.csv").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
