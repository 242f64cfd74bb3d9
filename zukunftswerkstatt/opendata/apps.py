"""Open data downloads per process (CSV, JSON, GeoJSON) with their licence, column descriptions and
DCAT-AP.de metadata for the open data portals (docs/opendata.md)."""

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "zukunftswerkstatt.opendata"
    label = "opendata"
    verbose_name = "Open Data"
