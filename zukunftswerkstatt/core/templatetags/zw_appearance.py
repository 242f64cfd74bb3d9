"""How an organisation's pages look and how people pass them on (issue 15): the address of the
organisation's colours, pictures with their size, and share links that load nothing from elsewhere."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.core.selectors import organisation_colours_version

register = template.Library()


@register.simple_tag(takes_context=True)
def page_organisation(context) -> Organisation | None:
    """Whose page this is, for its header, colours and legal links (issue 17): the organisation the
    view put into the page (`organisation`, or a `process` whose organisation is loaded already), else
    the one of the address or host (context processor `current_organisation`). On an installation with
    many organisations, an idea list's address names no organisation, but its view knows it. Never a
    query: an organisation not loaded yet is not fetched for the frame."""
    organisation = context.get("organisation")
    if isinstance(organisation, Organisation):
        return organisation
    process = context.get("process")
    descriptor = getattr(type(process), "organisation", None)
    if (
        process is not None
        and descriptor is not None
        and hasattr(descriptor, "is_cached")
        and descriptor.is_cached(process)
    ):
        return process.organisation
    return context.get("current_organisation")


@register.simple_tag
def organisation_colours_url(organisation: Organisation | None) -> str:
    """The stylesheet of the organisation's colour, or "" when it has none (then main.css's own apply)."""
    if organisation is None or not organisation.brand_colour:
        return ""
    path = reverse("core:organisation_colours", kwargs={"organisation_slug": organisation.slug})
    return f"{path}?v={organisation_colours_version(organisation)}"


@register.filter
def picture_size(image) -> tuple[int, int] | None:
    """(width, height) of a stored picture, read from its header; None when the file cannot be read,
    so that a page never fails for a missing file (the <img> then simply has no size attributes)."""
    if not image:
        return None
    try:
        return image.width, image.height
    except (OSError, ValueError):
        return None


def share_targets(*, url: str, title: str) -> list[dict[str, str]]:
    """Plain links to share `url`: nothing is loaded from these services until someone follows one."""
    text = f"{title} {url}"
    return [
        {
            "service": "email",
            "href": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        },
        {"service": "whatsapp", "href": "https://wa.me/?" + urlencode({"text": text}, quote_via=quote)},
        {
            "service": "telegram",
            "href": "https://t.me/share/url?" + urlencode({"url": url, "text": title}, quote_via=quote),
        },
        {
            "service": "facebook",
            "href": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote),
        },
    ]


@register.inclusion_tag("core/_share.html")
def share_links(path: str, title: str) -> dict:
    """Share links for the page at `path` (a get_absolute_url() or request.path) titled `title`."""
    url = absolute_url(path)
    return {"share_url": url, "share_title": title, "share_targets": share_targets(url=url, title=str(title))}
