"""The idea collection's maps: the area of a process, the places of a list, what the map script reads.

The script (static/ideas/map.js) only draws what the page already says in words: every place on
the map is also in the list beside it, and a pin is only ever an addition to the place's name.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.maps import MapArea, map_area, maps_enabled, tile_config
from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.processes.models import Process

from .models import Kind

# The map page shows at most this many places; beyond it the list says so and filters help.
MAX_PLACES = 1000


def process_map_area(*, process: Process) -> MapArea:
    """The process's towns; all towns of the organisation when the process names none."""
    towns = list(process.municipalities.all()) or list(
        Municipality.objects.filter(organisation_id=process.organisation_id)
    )
    return map_area(towns=towns)


def _strings() -> dict:
    """Leaflet's own labels are English; these replace them in the page's language."""
    return {
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "closePopup": _("Close"),
        "cluster": _("%(count)s contributions here – select to zoom in"),
        "pinSet": _("The pin is set. Use the arrow keys to move it."),
        "pinMoved": _("The pin has been moved."),
        "pinRemoved": _("The pin has been removed."),
        "pinLabel": _("Your place"),
        "outside": _("This place is outside the area of the process."),
    }


def map_config(*, area: MapArea) -> dict:
    return {**tile_config(), **area.as_dict(), "strings": _strings()}


def picker_context(*, form) -> dict:
    """The place picker of a contribution form: the form's area, the tile server, Leaflet's labels."""
    return {
        "map_enabled": maps_enabled(),
        "picker_config": map_config(area=form.map_area) if maps_enabled() else None,
    }


def ideas_with_place(*, queryset: QuerySet) -> tuple[list[dict], bool]:
    """The contributions of a (filtered) list that name a place or carry a pin, in one query.

    Returns the rows and whether there were more than MAX_PLACES.
    """
    rows = list(
        queryset.filter(Q(latitude__isnull=False) | ~Q(place_name="")).values(
            "pk", "module_id", "title", "kind", "place_name", "latitude", "longitude"
        )[: MAX_PLACES + 1]
    )
    truncated = len(rows) > MAX_PLACES
    rows = rows[:MAX_PLACES]
    if rows:
        # Every row has the same module: build the address once instead of reversing a thousand times.
        prefix = reverse("ideas:detail", kwargs={"module_pk": rows[0]["module_id"], "pk": 0})[: -len("0/")]
    for row in rows:
        row["url"] = f"{prefix}{row['pk']}/"
        row["kind_label"] = Kind(row["kind"]).label
        row["has_pin"] = row["latitude"] is not None and row["longitude"] is not None
    return rows, truncated


def places_geojson(rows: list[dict]) -> dict:
    """A GeoJSON FeatureCollection of the pinned places; user text is data, the script writes it as text."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
                "properties": {
                    "id": row["pk"],
                    "title": row["title"],
                    "kind": str(row["kind_label"]),
                    "place": row["place_name"],
                    "url": row["url"],
                },
            }
            for row in rows
            if row["has_pin"]
        ],
    }


def idea_place_data(*, idea) -> dict | None:
    """What the small map on a contribution's page needs; None when it has no pin."""
    if idea.latitude is None or idea.longitude is None:
        return None
    return {**tile_config(), "point": [float(idea.latitude), float(idea.longitude)], "zoom": 16}
