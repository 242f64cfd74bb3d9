from django.http import HttpRequest

from .maps import tile_host
from .selectors import organisation_for_request


def site(request: HttpRequest) -> dict:
    """The organisation whose name, contact and legal pages frame the current page, and the one
    outside server the footer must name (map tiles), if any."""
    return {"current_organisation": organisation_for_request(request), "map_tile_host": tile_host()}
