"""Tags that earlier apps' pages and the site's frame use to offer printing (docs/handouts.md).

`{% handouts_contributions_links process %}`: the notice-board list's links (14, 30, 90 days),
offered by the idea collection page (ideas is before handouts: this tag is its allowed way up).
`{% print_header %}`: the print-only header of every page (base.html): the organisation's name, the
page's address and a QR code to it, an inline SVG cached per path (without the query string).
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.events.printing import qr_svg

from ..selectors import DEFAULT_PERIOD, PERIODS

register = template.Library()

QR_CACHE_SECONDS = 24 * 60 * 60


@register.inclusion_tag("handouts/_contributions_links.html")
def handouts_contributions_links(process) -> dict:
    url = reverse("handouts:contributions", kwargs={"process_pk": process.pk})
    return {"links": [(days, f"{url}?days={days}", days == DEFAULT_PERIOD) for days in PERIODS]}


def page_qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG, from the cache when it was made before (segno takes a few
    milliseconds per code; docs/handouts.md has the figures)."""
    key = "handouts:qr:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = qr_svg(url)
        cache.set(key, svg, QR_CACHE_SECONDS)
    return svg


@register.simple_tag(takes_context=True)
def print_header(context) -> SafeString | str:
    request = context.get("request")
    if request is None:
        return ""
    url = absolute_url(request.path)  # the page itself, without the query string
    organisation = context.get("current_organisation") or context.get("organisation")
    return render_to_string(
        "handouts/_print_header.html",
        {"url": url, "organisation": organisation, "qr_svg": mark_safe(page_qr_svg(url))},  # noqa: S308 (segno's SVG)
    )
