"""DCAT-AP.de metadata of an organisation's open data, as RDF/XML for the state open data portals.

DCAT-AP.de (version 2, https://www.dcat-ap.de/) is the German profile of the European DCAT-AP, which
GovData and the state portals harvest. One `dcat:Catalog` per organisation; one `dcat:Dataset` per
dataset of each published process (contributions, measures), with one `dcat:Distribution` per file
(CSV, JSON, GeoJSON). The properties GovData requires or recommends are set: title, description,
publisher, contact point, themes, spatial coverage as municipality keys (AGS), licence from the
DCAT-AP.de vocabulary with the attribution text, dates, landing page, formats from the EU file type
vocabulary and media types. Written with the standard library (ElementTree): the document is small and
its shape fixed, so an RDF library (rdflib, several MB) would add nothing but weight.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils import timezone

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import Organisation

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
FILE_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "json": "http://publications.europa.eu/resource/authority/file-type/JSON",
    "geojson": "http://publications.europa.eu/resource/authority/file-type/GEOJSON",
}
MEDIA_TYPES = {
    "csv": "https://www.iana.org/assignments/media-types/text/csv",
    "json": "https://www.iana.org/assignments/media-types/application/json",
    "geojson": "https://www.iana.org/assignments/media-types/application/geo+json",
}
# Population and society; government and public sector; regions and cities (EU data themes).
THEMES = ("SOCI", "GOVE", "REGI")
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
GERMAN = "http://publications.europa.eu/resource/authority/language/DEU"
MUNICIPALITY_KEY = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
MUNICIPALITY_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
DCATDE_VERSION = "http://dcat-ap.de/def/dcatde/2.0"

for prefix, uri in NS.items():
    ET.register_namespace(prefix, uri)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, text: str | None = None, *, resource: str | None = None, **attributes):
    element = ET.SubElement(parent, _q(name))
    if text is not None:
        element.text = text
    if resource is not None:
        element.set(_q("rdf:resource"), resource)
    for key, value in attributes.items():
        if key == "xml_lang":
            element.set(XML_LANG, value)
        else:
            element.set(_q(key.replace("__", ":")), value)
    return element


def _date(parent: ET.Element, name: str, moment: dt.datetime | None) -> None:
    if moment is not None:
        _add(parent, name, timezone.localtime(moment).isoformat(timespec="seconds"), rdf__datatype=XSD_DATETIME)


def _publisher(parent: ET.Element, organisation: Organisation) -> None:
    publisher = _add(parent, "dct:publisher")
    agent = _add(publisher, "foaf:Organization")
    _add(agent, "foaf:name", organisation.name)
    if organisation.website:
        _add(agent, "foaf:homepage", resource=organisation.website)


def _contact(parent: ET.Element, organisation: Organisation) -> None:
    """The authority's office as contact point (never a person's name)."""
    point = _add(parent, "dcat:contactPoint")
    card = _add(point, "vcard:Organization")
    _add(card, "vcard:fn", organisation.name)
    if organisation.contact_email:
        _add(card, "vcard:hasEmail", resource=f"mailto:{organisation.contact_email}")
    _add(card, "vcard:hasURL", resource=organisation.website or absolute_url(organisation.get_absolute_url()))


def catalog_rdf(organisation: Organisation, entries: list[tuple]) -> bytes:
    """entries: (process, datasets_of(process)) for each published process."""
    licence = organisation.licence
    root = ET.Element(_q("rdf:RDF"))
    catalog_url = absolute_url(reverse("opendata:catalog", kwargs={"org": organisation.slug}))
    catalog = _add(root, "dcat:Catalog", rdf__about=catalog_url)
    _add(catalog, "dct:title", f"Offene Daten der Bürgerbeteiligung – {organisation.name}", xml_lang="de")
    _add(
        catalog,
        "dct:description",
        f"Öffentliche Inhalte der Beteiligungsprozesse von {organisation.name}: Beiträge, Antworten und "
        "Maßnahmen, als CSV, JSON und GeoJSON.",
    )
    _publisher(catalog, organisation)
    _add(catalog, "foaf:homepage", resource=absolute_url(organisation.get_absolute_url()))
    _add(catalog, "dct:language", resource=GERMAN)
    _add(catalog, "dct:license", resource=licence.uri)
    latest = None
    datasets = []
    for process, found in entries:
        page = absolute_url(reverse("opendata:process", kwargs={"org": organisation.slug, "process": process.slug}))
        for entry in found:
            dataset = entry["dataset"]
            about = f"{page}#{dataset.key}"
            _add(catalog, "dcat:dataset", resource=about)
            datasets.append((process, page, about, entry))
            if entry["modified"] and (latest is None or entry["modified"] > latest):
                latest = entry["modified"]
    _date(catalog, "dct:modified", latest)
    for process, page, about, entry in datasets:
        dataset = entry["dataset"]
        node = _add(root, "dcat:Dataset", rdf__about=about)
        _add(node, "dct:title", f"{process.title} – {dataset.title}", xml_lang="de")
        _add(node, "dct:description", str(dataset.description), xml_lang="de")
        _add(node, "dct:identifier", about)
        _add(node, "dcatde:dcatapdeVersion", resource=DCATDE_VERSION)
        _publisher(node, organisation)
        _contact(node, organisation)
        for theme in THEMES:
            _add(node, "dcat:theme", resource=THEME_BASE + theme)
        for keyword in ("Bürgerbeteiligung", "Demografischer Wandel", "Zukunftswerkstatt", str(dataset.title)):
            _add(node, "dcat:keyword", keyword, xml_lang="de")
        towns = list(process.municipalities.all())
        for town in towns:
            spatial = _add(node, "dct:spatial")
            location = _add(spatial, "dct:Location")
            _add(location, "dcatde:politicalGeocodingURI", resource=MUNICIPALITY_KEY + town.ags)
        if towns:
            _add(node, "dcatde:politicalGeocodingLevelURI", resource=MUNICIPALITY_LEVEL)
        _add(node, "dcat:landingPage", resource=page)
        _add(node, "dct:language", resource=GERMAN)
        _date(node, "dct:issued", process.created)
        _date(node, "dct:modified", entry["modified"])
        for file in entry["files"]:
            _add(node, "dcat:distribution", resource=absolute_url(file["url"]))
        for file in entry["files"]:
            url = absolute_url(file["url"])
            distribution = _add(root, "dcat:Distribution", rdf__about=url)
            _add(distribution, "dct:title", f"{dataset.title} ({file['label']})", xml_lang="de")
            _add(distribution, "dcat:accessURL", resource=url)
            _add(distribution, "dcat:downloadURL", resource=url)
            _add(distribution, "dct:format", resource=FILE_TYPES[file["format"]])
            _add(distribution, "dcat:mediaType", resource=MEDIA_TYPES[file["format"]])
            _add(distribution, "dct:license", resource=licence.uri)
            if licence.needs_attribution:
                _add(distribution, "dcatde:licenseAttributionByText", organisation.attribution)
            _date(distribution, "dct:modified", entry["modified"])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
