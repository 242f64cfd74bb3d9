"""RSS and Atom feeds of new contributions, official answers, events and measure updates (docs/feeds.md)."""

from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "zukunftswerkstatt.feeds"
    label = "feeds"
    verbose_name = "Feeds"
