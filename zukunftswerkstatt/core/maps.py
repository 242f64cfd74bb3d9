"""Where maps open and where pins may be set, and what the map script needs to draw tiles.

A process's area is the box around its towns' centres, widened by MAP_AREA_MARGIN_KM. A town's
centre is the one staff entered, or, for towns whose official key (AGS) we know, a default from
the list below, so that a fresh installation with the Göltzschtal towns needs no setting. Every
app that shows a map (ideas today; events or measures later) asks here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import format_html

from .models import Municipality

# Centres of towns by official municipality key (AGS), from OpenStreetMap (the town hall or market
# square). Used when a town has no centre of its own; staff can set one in the back office.
KNOWN_TOWN_CENTRES: dict[str, tuple[float, float]] = {
    "14523020": (50.5106, 12.4004),  # Auerbach/Vogtl.
    "14523120": (50.4776, 12.3716),  # Falkenstein/Vogtl.
    "14523360": (50.5296, 12.4130),  # Rodewisch
    "14523090": (50.4897, 12.3869),  # Ellefeld
}

KM_PER_DEGREE_LATITUDE = 111.32


@dataclass(frozen=True)
class MapArea:
    """Where a map opens (centre, zoom) and the box inside which a pin is accepted."""

    centre: tuple[float, float]
    zoom: int
    south: float
    west: float
    north: float
    east: float

    def contains(self, latitude: float | Decimal, longitude: float | Decimal) -> bool:
        return self.south <= float(latitude) <= self.north and self.west <= float(longitude) <= self.east

    def as_dict(self) -> dict:
        return {
            "center": list(self.centre),
            "zoom": self.zoom,
            "bounds": [[self.south, self.west], [self.north, self.east]],
        }


def town_centre(town: Municipality) -> tuple[float, float] | None:
    if town.latitude is not None and town.longitude is not None:
        return float(town.latitude), float(town.longitude)
    return KNOWN_TOWN_CENTRES.get(town.ags)


def map_area(*, towns: Iterable[Municipality]) -> MapArea:
    """The area of a process (or an organisation) from its towns; the configured centre if none is known."""
    centres = [centre for centre in (town_centre(town) for town in towns) if centre]
    if not centres:
        centres = [(float(settings.MAP_CENTER[0]), float(settings.MAP_CENTER[1]))]
    latitudes = [lat for lat, _lon in centres]
    longitudes = [lon for _lat, lon in centres]
    margin = float(settings.MAP_AREA_MARGIN_KM)
    middle_latitude = (min(latitudes) + max(latitudes)) / 2
    margin_lat = margin / KM_PER_DEGREE_LATITUDE
    margin_lon = margin / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(middle_latitude)), 0.01))
    return MapArea(
        centre=(round(middle_latitude, 6), round((min(longitudes) + max(longitudes)) / 2, 6)),
        zoom=settings.MAP_ZOOM,
        south=round(max(min(latitudes) - margin_lat, -90), 6),
        west=round(max(min(longitudes) - margin_lon, -180), 6),
        north=round(min(max(latitudes) + margin_lat, 90), 6),
        east=round(min(max(longitudes) + margin_lon, 180), 6),
    )


def maps_enabled() -> bool:
    return bool(settings.MAP_TILE_URL)


def tile_host() -> str:
    """The host the visitor's browser loads tiles from, for the privacy policy ('' without a map)."""
    return urlsplit(settings.MAP_TILE_URL).hostname or ""


def tile_config() -> dict:
    """The tile layer for the map script. The attribution is built here, escaped, from settings."""
    text = settings.MAP_ATTRIBUTION
    url = settings.MAP_ATTRIBUTION_URL
    attribution = format_html('<a href="{}">{}</a>', url, text) if url else format_html("{}", text)
    return {"tiles": settings.MAP_TILE_URL, "attribution": str(attribution)}
