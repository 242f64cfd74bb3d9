"""Embeds for the towns' own websites: the running phase, the latest contributions, upcoming events
(docs/embeds.md)."""

from django.apps import AppConfig


class EmbedsConfig(AppConfig):
    name = "zukunftswerkstatt.embeds"
    label = "embeds"
    verbose_name = "Embeds"
