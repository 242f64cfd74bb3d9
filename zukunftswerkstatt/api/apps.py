"""The read-only JSON API (/api/v1/): what an anonymous visitor may see, for machines (docs/api.md)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zukunftswerkstatt.api"
    label = "api"
    verbose_name = "API"
